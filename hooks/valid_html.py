"""Valid HTML: Material's markup corrected where the Nu Html Checker reports an error.

Checked by tests/test_valid_html.py.

Events: `on_post_page` (every page) and `on_post_template` (the 404 page, which Material renders as a
template, not as a page). Reads nothing from mkdocs.yml or the pages' headers.
Produces: the same HTML without `autocomplete` on Material's checkbox toggles and without `for` on a label
that names no element of the page (`rj.html.valid_html`, which says why each is an error); and, on a page
without content tabs, without Material's script that opens a linked tab (`rj.html.without_idle_tab_script`:
it would do nothing, and its hash would lengthen the page's policy).
Order: after every hook that writes markup (priority -50, the others run at 0) and before the content
guard (`hooks/guard.py`, on_post_page at -100), so that the guard checks the page as it is written and
hashes its inline scripts last; these edits never touch a script anyway. For the 404 page the guard's
on_post_template runs at the default priority, so this one runs first (priority 50). The performance hook
(on_post_build) then inlines CSS for the corrected markup.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from rj.html import valid_html, without_idle_tab_script


@event_priority(-50)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    return without_idle_tab_script(valid_html(output))


@event_priority(50)
def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
    if not template_name.endswith(".html"):
        return None
    return without_idle_tab_script(valid_html(output_content))
