"""References: the sources a medical page lists, and doi.org links in its text that it does not list."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rj.model import Reference

DOI_LINK = re.compile(r"https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/[^\s)\]>\"']+)", re.IGNORECASE)


def resolve_references(keys: object, *, references: Mapping[str, Reference]) -> tuple[list[str], list[str]]:
    """The page's source keys in its order (each once), and what is wrong with its `references` list."""
    if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
        return [], ["references in the front matter must be a list of keys, e.g. [singh-2016]."]
    listed: list[str] = []
    problems = []
    for key in keys:
        if key not in references:
            known = ", ".join(sorted(references)) or "none yet"
            problems.append(
                f'the front matter lists the reference "{key}", which is not under extra.references in '
                f"mkdocs.yml. Correct the key (known: {known}) or add the source there first."
            )
        elif key not in listed:
            listed.append(key)
    return listed, problems


def unlisted_doi_links(
    source: str, *, listed: list[str], references: Mapping[str, Reference]
) -> list[tuple[int, str]]:
    """(line, problem) for each doi.org link in the page to a source its front matter does not list."""
    by_doi = {ref.doi.lower(): key for key, ref in references.items() if ref.doi}
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
            elif key not in listed:
                problems.append(
                    (
                        line_number,
                        f'the text links to doi.org/{doi} ("{key}"), but the front matter\'s references do '
                        f"not list it; add {key} to references.",
                    )
                )
    return problems
