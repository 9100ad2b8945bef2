"""Every page's header (front matter) and text encoding, checked before MkDocs can silently drop them.

Events: `on_files` (each Markdown file's bytes: UTF-8, and a header YAML can read), `on_page_markdown`
(the header's keys against the one schema in `hooks/rj/front_matter.py`, and a page with no text;
the translation keys only on a translated page, `docs/<name>.<language>.md`).
Reads: the raw source of each page in docs/; no mkdocs.yml key.
Produces: nothing in the site. A file that is not UTF-8 or a header MkDocs would drop stops the build at
once (all such files listed together); a misspelt key, a wrong type or impossible date, a missing or marked-up
title, a description outside 50-160 characters and an empty page are warnings, which stop the strict build.
"""

from __future__ import annotations

import logging
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from rj.front_matter import check_meta, encoding_problem, has_body_text, parse_header
from rj.i18n import split_name

log = logging.getLogger("mkdocs.hooks.front_matter")


@event_priority(100)  # before every hook that reads page.meta
def on_files(files: Files, /, *, config: MkDocsConfig) -> None:
    problems = []
    for file in files.documentation_pages():
        where = f"docs/{file.src_uri}"
        if problem := encoding_problem(file.content_bytes, where=where):
            problems.append(problem)
            continue
        problems += parse_header(file.content_string, where=where)[1]
    if problems:
        raise PluginError("\n".join(problems))


@event_priority(100)
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    where = f"docs/{page.file.src_uri}"
    source = page.file.content_string
    languages: list[str] = []
    plugin: Any = config.plugins.get("i18n")
    if plugin is not None:
        languages = [str(code) for code in plugin.all_languages if code != plugin.default_language]
    translation = split_name(page.file.src_uri, languages)[1] is not None
    for problem in check_meta(page.meta, source=source, where=where, translation=translation):
        log.warning(problem)
    if not has_body_text(markdown):
        log.warning(
            f"{where}: the page has no text under its title; write its text, or delete the file and its line "
            "under `nav:` in mkdocs.yml."
        )
