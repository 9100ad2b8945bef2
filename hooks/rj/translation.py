"""A translated page's record of what it translates and who reviewed it (front matter), checked.

Plain data in and out: the page's front matter, the English page's source, the translators of mkdocs.yml.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rj.i18n import Translation, content_hash
from rj.model import Reviewer


@dataclass(frozen=True)
class TranslationFacts:
    """What a translated page shows about its translation: the reviewer, and whether it is out of date."""

    original: str  # docs/faq.md
    original_path: str  # faq/: the English page's address from the site root, for a link
    stale: bool
    translator: Reviewer | None
    reviewed: datetime.date | None


def check_translation(
    meta: Mapping[str, Any],
    *,
    where: str,
    original: str,
    original_source: str,
    translators: Mapping[str, Reviewer],
) -> tuple[Translation, list[str]]:
    """The page's translation record against its English page, and the problems with its header."""
    recorded = meta.get("translation_of")
    record = Translation(
        original=original,
        translation=where,
        recorded=str(recorded) if recorded is not None else None,
        current=content_hash(original_source),
    )
    problems = []
    known = ", ".join(sorted(translators)) or "none yet"
    key = meta.get("translated_by")
    if key is None:
        problems.append(
            f"{where}: the header has no `translated_by:`; name the translator who reviewed this "
            f"translation (a key under `extra.translators` in mkdocs.yml: {known})."
        )
    elif str(key) not in translators:
        problems.append(
            f"{where}: `translated_by: {key}` is not a translator under `extra.translators` in mkdocs.yml; "
            f"use one of: {', '.join(sorted(translators)) or 'none yet (add the translator there)'}."
        )
    if meta.get("translation_reviewed") is None:
        problems.append(
            f"{where}: the header has no `translation_reviewed:`; write the day the translator last checked "
            "the whole page, e.g. `translation_reviewed: 2026-12-01`."
        )
    return record, problems
