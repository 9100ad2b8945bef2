"""The booking call to action where Markdown asks for it, and each page's choice of box.

Events: `on_page_content` (find `<!-- booking-cta -->` markers and report misspelt or misplaced ones) and
`on_env` (render the partial once per marker, with the build's one theme environment).
Reads: the page's booking box from its facts (front matter `cta:`, read by hooks/pages.py) and the marker on
a line of its own in the Markdown; a marker inside code is documentation and is left alone.
Produces: `overrides/partials/rj-cta.html` in place of each marker, and the number of such copies in
`page.meta["rj"].cta.inline` (overrides/main.html then knows whether the box also goes after the content).
A misspelt marker, a marker inside a paragraph, or a marker on a page with `cta: false` is a warning, which
stops the strict build.
"""

from __future__ import annotations

import logging

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from rj.build import docs_path, facts_of
from rj.cta import find_markers, marker_problems, replace_spans
from rj.pages import FACTS_KEY

log = logging.getLogger("mkdocs.hooks.cta")

PARTIAL = "partials/rj-cta.html"
# What a usable marker becomes until on_env renders the box in its place.
SLOT = "<!--rj-booking-cta-slot-->"


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    cta = facts_of(page).cta
    markers = find_markers(html)
    where = docs_path(config, page.file.src_uri)
    for problem in marker_problems(
        markers, variant=cta.variant, where=where, source=page.file.content_string
    ):
        log.warning(problem)
    usable = [m for m in markers if m.exact and not m.in_paragraph] if cta.variant else []
    cta.inline = len(usable)
    if not usable:
        return None
    return replace_spans(html, [(m.start, m.end) for m in usable], [SLOT] * len(usable))


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    template = env.get_template(PARTIAL)
    for file in files.documentation_pages():
        page = file.page
        if page is None or FACTS_KEY not in page.meta or not page.content or not facts_of(page).cta.inline:
            continue
        cta = facts_of(page).cta
        parts = page.content.split(SLOT)
        copies = [
            template.render(
                cta={"variant": cta.variant, "place": "inline", "number": n, "count": cta.inline},
                config=config,
                page=page,
                base_url=get_relative_url(".", page.url),
            )
            for n in range(1, len(parts))
        ]
        page.content = "".join(part + copy for part, copy in zip(parts, [*copies, ""], strict=True))
