"""Every value printed in a page is escaped: no title, description or link can end an element or attribute.

Events: `on_env` (turns on Jinja's autoescape for the theme's templates), `on_page_content` (last: a title
taken from the page's first heading becomes plain text), `on_page_context` (last: the page's HTML and its
table of contents are marked as HTML, so they are printed as they are).
Reads nothing from mkdocs.yml or the front matter. Produces no text: it changes how values are printed.

Why autoescape, rather than `| e` added to copies of Material's templates: Material 9.8 prints
`page.meta.title`, `page.meta.description`, `config.site_name`, `config.site_description` and nav titles
raw in base.html, header.html, nav-item.html, footer.html and content.html; copying those partials to add
`| e` would freeze this site on one Material version and miss any value a later partial prints. With
autoescape every `{{ value }}` is escaped (`<` `>` `&` `"` `'`) unless it is marked as HTML, and only two
values in a page are HTML: its content (rendered Markdown) and its table of contents (headings' text, with
entities already written). Macros, `{% include %}`, `tojson`, `script_tag` and `| e` already give marked
HTML, so nothing is escaped twice. MkDocs itself leaves autoescape off.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink


def on_env(env: jinja2.Environment, **_: Any) -> jinja2.Environment:
    # HTML and XML only (pages, sitemap.xml): robots.txt is plain text, where `&amp;` would be wrong.
    env.autoescape = jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=False)
    return env


# Last, once every hook has changed the page: only then is its title final.
@event_priority(-100)
def on_page_content(content: str, /, *, page: Page, **_: Any) -> None:
    # MkDocs keeps a title found in the first heading as HTML ("A &amp; B"); every other title is text.
    from_heading = getattr(page, "_title_from_render", None)
    if "title" not in page.meta and from_heading and page.title == from_heading:
        page.title = plain_title(from_heading)


@event_priority(-100)
def on_page_context(context: dict[str, Any], /, *, page: Page, **_: Any) -> dict[str, Any]:
    page.content = Markup(page.content or "")
    mark_toc(page.toc)
    return context


def plain_title(heading_html: str) -> str:
    """A title MkDocs took from a heading (tags removed, entities kept), as the text it shows."""
    return html.unescape(heading_html)


def mark_toc(items: Iterable[AnchorLink]) -> None:
    """Mark each table-of-contents title as HTML: Python-Markdown already wrote its entities."""
    for item in items:
        item.title = Markup(item.title)
        mark_toc(item.children)
