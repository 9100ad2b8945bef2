"""The Spanish edition (and any other language): page names, per-language settings, translation drift.

Plain data in and out. mkdocs-static-i18n builds the site once per language; a translated page is
`docs/<name>.<language>.md` beside `docs/<name>.md`. The hooks name a page by its base name (`faq.md`) in
every language (`base_name`), read each language's settings as `extra` with that language's words merged
over it (`language_extra`), and compare a translation's recorded hash with its English page
(`content_hash`, `stale_translations`).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeGuard

# `extra.languages.<language>` in mkdocs.yml.
LANGUAGES_KEY = "languages"
OVERRIDES_KEY = "overrides"
# Front matter of a translated page (hooks/rj/front_matter.py allows them on translations only).
TRANSLATION_KEYS = ("translation_of", "translated_by", "translation_reviewed")
HASH_LENGTH = 16
SUFFIX = re.compile(r"^(?P<base>.+)\.(?P<language>[a-z]{2}(?:[-_][A-Za-z]{2,4})?)\.md$")
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def split_name(src_uri: str, languages: Iterable[str]) -> tuple[str, str | None]:
    """`faq.es.md` -> (`faq.md`, `es`); `faq.md` -> (`faq.md`, None). Only the given language codes count."""
    match = SUFFIX.match(src_uri)
    if match and match["language"] in set(languages):
        return f"{match['base']}.md", match["language"]
    return src_uri, None


def base_name(src_uri: str, languages: Iterable[str]) -> str:
    """The page's name in every language: `index.es.md` and `index.md` are both `index.md`."""
    return split_name(src_uri, languages)[0]


def translation_name(base: str, language: str) -> str:
    """`faq.md`, `es` -> `faq.es.md`."""
    return f"{base[: -len('.md')]}.{language}.md" if base.endswith(".md") else base


# Lists each language writes whole (its own phrases); every other list of settings is merged item by item.
OWN_LISTS = frozenset({"claims_check", "terms", "urgent_terms", "headings", "untranslated"})


class MergeProblem(ValueError):
    """A language's list of settings that does not match the shared one item for item."""


def deep_merge(base: Mapping[str, Any], over: Mapping[str, Any], *, path: str = "") -> dict[str, Any]:
    """`over` merged into a copy of `base`: mappings key by key; a list of mappings item by item (the same
    number of items, so a language's words cannot fall out of step with the facts: MergeProblem otherwise);
    anything else, and the lists in OWN_LISTS, replaced."""
    merged = dict(base)
    for key, value in over.items():
        place = f"{path}.{key}" if path else str(key)
        current = merged.get(key)
        if isinstance(value, Mapping) and isinstance(current, Mapping):
            merged[key] = deep_merge(current, value, path=place)
        elif key not in OWN_LISTS and is_list_of_mappings(value) and is_list_of_mappings(current):
            if len(value) != len(current):
                raise MergeProblem(
                    f"`{place}` has {len(value)} items where `{shared_key(place)}` has {len(current)}; "
                    "write one item for each, in the same order"
                )
            merged[key] = [
                deep_merge(a, b, path=f"{place}[{i + 1}]")
                for i, (a, b) in enumerate(zip(current, value, strict=True))
            ]
        else:
            merged[key] = value
    return merged


def shared_key(place: str) -> str:
    """`extra.languages.es.overrides.fda.x` -> `extra.fda.x`: where the shared value is written."""
    parts = place.split(".")
    if parts[:2] == ["extra", LANGUAGES_KEY] and len(parts) > 4 and parts[3] == OVERRIDES_KEY:
        return ".".join(["extra", *parts[4:]])
    return place


def is_list_of_mappings(value: Any) -> TypeGuard[list[Mapping[str, Any]]]:
    return isinstance(value, list) and bool(value) and all(isinstance(item, Mapping) for item in value)


def language_overrides(extra: Mapping[str, Any], language: str) -> Mapping[str, Any]:
    """`extra.languages.<language>.overrides`, or {} (the site's main language has none)."""
    languages = extra.get(LANGUAGES_KEY)
    entry = languages.get(language) if isinstance(languages, Mapping) else None
    overrides = entry.get(OVERRIDES_KEY) if isinstance(entry, Mapping) else None
    return overrides if isinstance(overrides, Mapping) else {}


def language_extra(extra: Mapping[str, Any], language: str) -> dict[str, Any]:
    """`extra` as the pages of `language` read it: that language's words merged over the shared facts.

    Raises MergeProblem, naming the key under `extra.languages.<language>.overrides`.
    """
    root = f"extra.{LANGUAGES_KEY}.{language}.{OVERRIDES_KEY}"
    return deep_merge(extra, language_overrides(extra, language), path=root)


def page_text(source: str) -> str:
    """What a translation translates: the page without its front matter, line ends and trailing spaces."""
    body = FRONT_MATTER.sub("", source.replace("\r\n", "\n"), count=1)
    return "\n".join(line.rstrip() for line in body.strip().splitlines())


def content_hash(source: str) -> str:
    """A short fingerprint of an English page's text (front matter left out: a review date is no change)."""
    return hashlib.sha256(page_text(source).encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class Translation:
    """One translated page and what it says it translates."""

    original: str  # docs/faq.md
    translation: str  # docs/faq.es.md
    recorded: str | None  # `translation_of` in its front matter
    current: str  # content_hash of the original now


@dataclass(frozen=True)
class TwinProblem:
    page: str  # base name, e.g. faq.md
    language: str  # the language that lacks it


def stale(item: Translation) -> bool:
    return item.recorded != item.current


def stale_message(item: Translation) -> str:
    """INFO line (the build) and the check command's line, naming both files."""
    if item.recorded is None:
        return (
            f"{item.translation} has no `translation_of:`: the translation of {item.original} is not marked "
            "as reviewed; when a translator has checked it, set `translation_reviewed:` and run "
            "`python3 dev.py translations`."
        )
    return (
        f"{item.translation} translates an older version of {item.original}: the English page has changed "
        "since; update the translation, set `translation_reviewed:` and run `python3 dev.py translations`."
    )


def missing_twins(
    pages: Iterable[str], *, languages: Iterable[str], main: str, untranslated: Mapping[str, Iterable[str]]
) -> list[TwinProblem]:
    """Pages that exist in one language only and are not listed as untranslated for the other.

    `pages`: every Markdown file name in docs/; `untranslated`: language -> base names listed in mkdocs.yml.
    """
    codes = [code for code in languages if code != main]
    present: dict[str, set[str]] = {}
    for name in pages:
        base, language = split_name(name, codes)
        present.setdefault(base, set()).add(language or main)
    problems = []
    for base, has in sorted(present.items()):
        for language in [main, *codes]:
            if language not in has and base not in set(untranslated.get(language, ())):
                problems.append(TwinProblem(base, language))
    return problems


def twin_message(problem: TwinProblem, *, main: str) -> str:
    if problem.language == main:
        return (
            f"docs/{problem.page[:-3]}.*.md has no page in the site's main language ({main}): write "
            f"docs/{problem.page}, or delete the translation."
        )
    return (
        f"docs/{problem.page} has no translation into `{problem.language}`: write "
        f"docs/{translation_name(problem.page, problem.language)}, or list it under "
        f"`extra.languages.{problem.language}.untranslated` in mkdocs.yml with `page: {problem.page}` and a "
        "`reason:`."
    )


def unneeded_untranslated(pages: Iterable[str], *, language: str, untranslated: Iterable[str]) -> list[str]:
    """Pages listed as untranslated that now have their translation: the entry should go."""
    names = set(pages)
    return [base for base in untranslated if translation_name(base, language) in names]


def with_translation_hash(source: str, digest: str) -> str:
    """The page's source with `translation_of: <digest>` set in its front matter, nothing else changed."""
    match = FRONT_MATTER.match(source)
    if not match:
        raise ValueError("the page has no front matter (a header between --- lines)")
    header = match.group(0)
    line = f"translation_of: {digest}"
    key = re.compile(r"^translation_of:.*$", re.MULTILINE)
    if key.search(header):
        new_header = key.sub(line, header, count=1)
    else:
        closing = header.rstrip("\n").rfind("\n")
        new_header = header[: closing + 1] + line + "\n" + header[closing + 1 :]
    return new_header + source[match.end() :]


def hreflang_links(alternates: Mapping[str, str], *, main: str) -> list[tuple[str, str]]:
    """`<link rel=alternate hreflang>` pairs for a page: each language's absolute address, then x-default
    (the main language's), in the same order on every twin so the pairs are reciprocal."""
    if len(alternates) < 2:
        return []
    ordered = [(code, alternates[code]) for code in sorted(alternates, key=lambda code: (code != main, code))]
    return [*ordered, ("x-default", alternates[main])] if main in alternates else ordered


def nav_without(nav: Any, pages: Iterable[str]) -> Any:
    """mkdocs.yml's `nav` without the entries naming `pages` (and sections left empty), for a language
    in which those pages are not translated."""
    left_out = set(pages)
    if isinstance(nav, list):
        kept = [nav_without(item, left_out) for item in nav]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(nav, dict):
        kept_items = {title: nav_without(value, left_out) for title, value in nav.items()}
        kept_items = {title: value for title, value in kept_items.items() if value not in (None, [], {})}
        return kept_items or None
    if isinstance(nav, str) and nav in left_out:
        return None
    return nav


def header_value(source: str, key: str) -> str | None:
    """A plain `key: value` of the page's front matter, as written (quotes removed), or None."""
    match = FRONT_MATTER.match(source.replace("\r\n", "\n"))
    if not match:
        return None
    found = re.search(rf"^{re.escape(key)}:[ \t]*(.*?)[ \t]*$", match.group(0), re.MULTILINE)
    return found.group(1).strip("\"'") if found and found.group(1) else None


def translation_action(
    item: Translation, *, reviewed: datetime.date | None, english_changed: datetime.date
) -> Literal["current", "record", "review"]:
    """What `python3 dev.py translations` does for one translated page.

    current: its hash matches the English page; record: the translator reviewed it on or after the day the
    English page last changed, so the new hash is written; review: the English page changed after the last
    review, so the translator must update the page and its `translation_reviewed:` first.
    """
    if not stale(item):
        return "current"
    if reviewed is not None and reviewed >= english_changed:
        return "record"
    return "review"
