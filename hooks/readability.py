"""Readability: the reading level of every page, checked in each build.

Events: `on_page_content`.
Reads: `extra.readability.<language>` in mkdocs.yml (the site's `theme.language`): `formula`
(`flesch-kincaid`, with `max_grade`; or `fernandez-huerta`, with `min_score`), `warn_sentence_words`,
`max_sentence_words`; the page's rendered HTML (headings, code, asides and references left out) and its
Markdown source, for line numbers.
Produces: an INFO line per page (grade, words), INFO for each sentence over `warn_sentence_words`, and a
warning (a strict build fails) for a grade over the limit or a sentence over `max_sentence_words`, each
naming `docs/<file>:<line>`. The HTML is not changed. The logic is in `rj.readability`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from rj.readability import assess, read_limits

log = logging.getLogger("mkdocs.hooks.readability")


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    try:
        limits = read_limits(config.extra.get("readability"), str(config.theme["language"]))
    except ValueError as error:
        raise PluginError(str(error)) from None
    path = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    for finding in assess(html, page.file.content_string, path=path, limits=limits):
        (log.warning if finding.level == "warning" else log.info)(finding.message)
