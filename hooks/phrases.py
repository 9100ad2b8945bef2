"""Whole-word, case-insensitive phrase matching with line numbers. Not a hook: kept so that `from phrases
import find_phrases` (hooks/crisis.py) still works; the code now lives in hooks/rj/text.py.
"""

from __future__ import annotations

from rj.text import PhraseMatch, find_phrases, phrase_pattern, same_phrase

__all__ = ["PhraseMatch", "find_phrases", "phrase_pattern", "same_phrase"]
