"""References: the sources a medical page cites, listed at its foot from one list in mkdocs.yml.

Events: `on_config` (checks `extra.references`), `on_page_markdown`.
Reads: `extra.references` in mkdocs.yml, `key: {about, ...}` where a journal article has `authors`,
`journal`, `year`, optional `citation` (volume, issue, pages) and `doi` or `url`, and an agency's document
has `agency` and `dates` (or `year`), optional `url`; a page's front matter `references: [key, ...]`.
Produces: `page.meta["reference_list"]`, the entries in the page's order (each with its `key`), for
partials/rj-references.html; a PluginError for an unknown key; a warning for a doi.org link on a page
that does not list that source.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.references")

DOI = re.compile(r"10\.\d{4,9}/\S+")
DOI_LINK = re.compile(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/[^\s)\]>\"']+)", re.IGNORECASE)
ARTICLE_FIELDS = ("authors", "journal", "year")
TEXT_FIELDS = ("about", "authors", "journal", "citation", "agency", "doi", "url")


def on_config(config: MkDocsConfig) -> None:
    read_references(config.extra.get("references"))


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    path = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    references = read_references(config.extra.get("references"))
    listed = []
    if "references" in page.meta:
        listed = resolve_references(page.meta["references"], references=references, path=path)
    for line, problem in unlisted_doi_links(page.file.content_string, listed=listed, references=references):
        log.warning(f"{path}:{line}: {problem}")
    if listed:
        page.meta["reference_list"] = listed


def read_references(value: object) -> dict[str, dict[str, Any]]:
    """The sources under `extra.references`, each with its key, or a PluginError saying what to fix."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PluginError("mkdocs.yml: extra.references must map a short key to a source's details.")
    return {str(key): read_reference(str(key), entry) for key, entry in value.items()}


def read_reference(key: str, entry: object) -> dict[str, Any]:
    """One source, checked: enough to find it again, and nothing in the wrong shape."""
    where = f'mkdocs.yml: the reference "{key}" under extra.references'
    if not isinstance(entry, dict):
        raise PluginError(f"{where} must list its details (about, authors, journal, year, doi...).")
    for field in TEXT_FIELDS:
        if entry.get(field) is not None and not isinstance(entry[field], str):
            raise PluginError(f"{where}: {field} must be text; put it in quotes.")
    if not entry.get("about"):
        raise PluginError(f'{where} has no "about:"; say in a few words what the source is or shows.')
    if entry.get("doi") and not DOI.fullmatch(entry["doi"]):
        raise PluginError(f'{where}: doi "{entry["doi"]}" should look like 10.1176/appi.ajp.2016.16010037.')
    if entry.get("url") and not str(entry["url"]).startswith("https://"):
        raise PluginError(f'{where}: url "{entry["url"]}" must start with https://.')
    if entry.get("year") is not None and (
        isinstance(entry["year"], bool) or not isinstance(entry["year"], int)
    ):
        raise PluginError(f"{where}: year must be a year such as 2016.")
    dates = entry.get("dates", [])
    dates = dates if isinstance(dates, list) else [dates]
    if not all(isinstance(day, date) for day in dates):
        raise PluginError(f"{where}: dates must be a list of dates written YYYY-MM-DD, e.g. [2019-03-05].")
    if entry.get("journal"):
        missing = [field for field in ARTICLE_FIELDS if not entry.get(field)]
        if missing or not (entry.get("doi") or entry.get("url")):
            raise PluginError(
                f"{where} is a journal article, so it needs authors, journal, year and a doi (or url); "
                f"missing: {', '.join(missing) or 'doi'}."
            )
    elif not entry.get("agency") or not (dates or entry.get("year")):
        raise PluginError(
            f'{where} needs either "journal:" (with authors, year, doi) for an article, or "agency:" with '
            '"dates:" (or "year:") for an official document.'
        )
    return {"key": key, **entry, "dates": dates}


def resolve_references(
    keys: object, *, references: dict[str, dict[str, Any]], path: str
) -> list[dict[str, Any]]:
    """The page's sources in the order its front matter lists them, or a PluginError naming a bad key."""
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        raise PluginError(
            f"{path}: references in the front matter must be a list of keys, e.g. [singh-2016]."
        )
    listed = []
    for key in keys:
        if key not in references:
            known = ", ".join(sorted(references)) or "none yet"
            raise PluginError(
                f'{path}: the front matter lists the reference "{key}", which is not under extra.references '
                f"in mkdocs.yml. Correct the key (known: {known}) or add the source there first."
            )
        if references[key] not in listed:
            listed.append(references[key])
    return listed


def unlisted_doi_links(
    source: str, *, listed: list[dict[str, Any]], references: dict[str, dict[str, Any]]
) -> list[tuple[int, str]]:
    """(line, problem) for each doi.org link in the page to a source its front matter does not list."""
    by_doi = {ref["doi"].lower(): key for key, ref in references.items() if ref.get("doi")}
    listed_keys = {ref["key"] for ref in listed}
    problems = []
    for line_number, line in enumerate(source.splitlines(), start=1):
        for match in DOI_LINK.finditer(line):
            doi = match.group(1).rstrip(".,;")
            key = by_doi.get(doi.lower())
            if key is None:
                problems.append(
                    (
                        line_number,
                        f"the link to doi.org/{doi} is not a source under extra.references in mkdocs.yml; "
                        "add it there, then to the page's references.",
                    )
                )
            elif key not in listed_keys:
                problems.append(
                    (
                        line_number,
                        f'the text links to doi.org/{doi} ("{key}"), but the front matter\'s references do '
                        f"not list it; add {key} to references.",
                    )
                )
    return problems
