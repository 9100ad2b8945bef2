"""Crisis help: the 988 / 911 callout on the home page, the FAQ and every page that mentions suicide.

Events: `on_files` (checks the listed pages exist), `on_page_markdown` (decides for each page).
Reads: `extra.crisis_help` in mkdocs.yml: `pages` (files that always show it) and `terms` (words that bring
it: whole words, any case, in the page's title, description or text); a page's front matter
`crisis_help: true` asks for it too. Nothing hides it: `crisis_help: false` is ignored.
Produces: `page.meta["crisis_help"]`, True where the callout belongs; main.html then shows
partials/rj-crisis.html at the top of the article.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from phrases import find_phrases

CONFIG_KEY = "crisis_help"


def on_files(files: Files, /, *, config: MkDocsConfig) -> None:
    settings = read_settings(config.extra.get(CONFIG_KEY))
    pages = {file.src_uri for file in files.documentation_pages()}
    for name in settings["pages"]:
        if name not in pages:
            raise PluginError(
                f'mkdocs.yml: extra.{CONFIG_KEY}.pages lists "{name}", which is not a page in docs/; '
                "correct the file name (e.g. faq.md) or remove it."
            )


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    settings = read_settings(config.extra.get(CONFIG_KEY))
    text = "\n".join([str(page.meta.get("title", "")), str(page.meta.get("description", "")), markdown])
    # Always a boolean, so a front-matter "crisis_help: no" can neither hide the box nor show it by accident.
    page.meta[CONFIG_KEY] = needs_crisis_help(
        page.file.src_uri, text, pages=settings["pages"], terms=settings["terms"], meta=page.meta
    )


def read_settings(value: object) -> dict[str, list[str]]:
    """`pages` and `terms` from `extra.crisis_help`, or a PluginError saying what to fix."""
    if not isinstance(value, dict):
        raise PluginError(
            f"mkdocs.yml: extra.{CONFIG_KEY} is missing; it lists the pages that always show the crisis "
            "box (pages: [index.md, faq.md]) and the words that bring it (terms: [suicide, ...])."
        )
    settings = {}
    for key in ("pages", "terms"):
        items = value.get(key)
        if (
            not isinstance(items, list)
            or not items
            or not all(isinstance(i, str) and i.strip() for i in items)
        ):
            raise PluginError(f"mkdocs.yml: extra.{CONFIG_KEY}.{key} must be a list of text, e.g. [faq.md].")
        settings[key] = [item.strip() for item in items]
    return settings


def needs_crisis_help(
    src_uri: str, text: str, *, pages: list[str], terms: list[str], meta: dict[str, Any]
) -> bool:
    """True when a page must show the crisis callout: listed, asked for, or mentioning a term."""
    return src_uri in pages or meta.get(CONFIG_KEY) is True or bool(find_terms(text, terms))


def find_terms(text: str, terms: list[str]) -> list[str]:
    """The listed terms that `text` mentions (whole words, any case), each once, in list order."""
    found = {match.phrase for match in find_phrases(text, terms)}
    return [term for term in terms if term in found]
