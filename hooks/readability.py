"""Readability: the reading level of every page, checked in each build.

Events: `on_page_content`.
Reads: the limits for the page's language (`extra.readability.<language>`, checked once by the model):
`formula` (`flesch-kincaid`, with `max_grade`; or `fernandez-huerta`, with `min_score`),
`warn_sentence_words`, `max_sentence_words`; the page's rendered HTML (headings, code, asides and
references left out) and its Markdown source, for line numbers.
Produces: an INFO line per page (grade, words), INFO for each sentence over `warn_sentence_words`, and a
warning (a strict build fails) for a grade over the limit or a sentence over `max_sentence_words`, each
naming `docs/<file>:<line>`. The HTML is not changed. The logic is in `rj.readability`.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from rj.build import docs_path, site_of
from rj.readability import assess

log = logging.getLogger("mkdocs.hooks.readability")


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    path = docs_path(config, page.file.src_uri)
    for finding in assess(html, page.file.content_string, path=path, limits=site_of(config).readability):
        (log.warning if finding.level == "warning" else log.info)(finding.message)
