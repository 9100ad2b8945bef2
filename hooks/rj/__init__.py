"""The site's build logic as plain, tested Python; the files in hooks/ are thin MkDocs handlers over it.

Why here: MkDocs (1.6+) and ProperDocs put a hook's folder on `sys.path` while they load it, so a hook
imports this package with no install step, and the tests import it the same way (pyproject's `pythonpath`).
Each module is imported once, under one name, whichever hook asks first. Modules take and return plain data
(no MkDocs objects, no I/O), except where a docstring says otherwise.
"""
