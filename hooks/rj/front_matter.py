"""Front matter, checked the way an editor needs: each problem names the file, the line and the fix.

MkDocs 1.6 (`mkdocs/utils/meta.py`) silently drops a header YAML cannot read, or one that is not a set of
`key: value` lines, and then shows it as text at the top of the page. These functions read the same block
with the same YAML loader, so whatever MkDocs would drop is reported instead.

Plain data in and out: the source text of a page and its path; messages (str) out.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

# The same pattern MkDocs uses to find the header (mkdocs/utils/meta.py, YAML_RE).
BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
FENCE_LINE = re.compile(r"^-{3}[ \t]*$")
DESCRIPTION_LENGTH = (50, 160)
# Characters that would be markup in a title: HTML tags, or Markdown emphasis, code and links.
TITLE_MARKUP = re.compile(r"[<>`*_\[\]]|^#")


class AllowedClaim(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    phrase: str
    reason: str


class SearchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    exclude: bool | None = None
    boost: float | int | None = None


class FrontMatter(BaseModel):
    """Every key a page's header may have: the ones the site's hooks and templates read, then Material's.

    To allow a new key, add it here with its type (and say what it does in README.md).
    """

    model_config = ConfigDict(extra="forbid", strict=True)
    title: str
    description: str
    references: list[str] | None = None
    reviewed_by: str | None = None
    last_reviewed: datetime.date | None = None
    cta: bool | str | None = None
    crisis_help: bool | None = None
    allowed_claims: list[AllowedClaim] | None = None
    fda_explained: bool | None = None
    visit_rules: bool | None = None
    show_price: bool | None = None
    # Translated pages only (docs/<name>.<language>.md; README, "The Spanish edition"): the content hash of
    # the English page translated (written by `python3 dev.py translations`), the translator's key under
    # `extra.translators`, and the day the translation was last reviewed.
    translation_of: str | None = None
    translated_by: str | None = None
    translation_reviewed: datetime.date | None = None
    # Material for MkDocs.
    hide: list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]] | None = None
    search: SearchSettings | None = None
    template: str | None = None
    status: str | None = None
    icon: str | None = None
    subtitle: str | None = None


KEYS = tuple(FrontMatter.model_fields)


@dataclass(frozen=True)
class Block:
    """The header of a page: its YAML text, the line its first key is on, and whether MkDocs finds it."""

    text: str
    first_line: int
    found_by_mkdocs: bool


class CheckedLoader(SafeLoader):
    """MkDocs' loader, except that an impossible date is a YAML error with its position, not a ValueError."""


def _construct_date(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"`{node.value}` is not a real date ({error})", node.start_mark
        ) from None


CheckedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


def find_block(source: str) -> Block | None:
    """The page's header, if it has one where MkDocs looks (or where an editor probably meant one)."""
    if match := BLOCK.match(source):
        return Block(match.group(1), 2, True)
    lines = source.splitlines()
    start = next((n for n, line in enumerate(lines) if line.strip()), None)
    if start is None or not FENCE_LINE.match(lines[start]):
        return None
    # A `---` first line (or after blank lines): a header MkDocs does not see.
    end = next((n for n in range(start + 1, len(lines)) if FENCE_LINE.match(lines[n])), len(lines))
    return Block("\n".join(lines[start + 1 : end]) + "\n", start + 2, False)


def parse_header(source: str, *, where: str) -> tuple[dict[str, Any], list[str]]:
    """The header's keys and values, and the problems that would make MkDocs drop it (each a message)."""
    block = find_block(source)
    if block is None:
        return {}, []
    if not block.found_by_mkdocs:
        lines = source.splitlines()
        closed = any(FENCE_LINE.match(line) for line in lines[block.first_line - 1 :])
        if not closed:
            return {}, [
                f"{where} line {block.first_line - 1}: the header starts with `---` but has no closing `---` "
                "line; add a line with just `---` after the last `key: value` line."
            ]
        return {}, [
            f"{where} line {block.first_line - 1}: the header (between the `---` lines) must start on the "
            "very first line of the file; delete the empty lines above it."
        ]
    try:
        data = yaml.load(block.text, CheckedLoader)
    except yaml.YAMLError as error:
        return {}, [yaml_problem(error, block=block, where=where)]
    if not isinstance(data, dict):
        return {}, [
            f"{where} line {block.first_line}: the header (between the `---` lines) must be `key: value` "
            "lines, such as `title: Side effects`; MkDocs would ignore it and show it as text."
        ]
    return data, []


def yaml_problem(error: yaml.YAMLError, *, block: Block, where: str) -> str:
    """One editor's sentence for a YAML error: the line in the file, the line's text and the usual fix."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    index = mark.line if mark is not None else 0
    lines = block.text.splitlines()
    text = lines[index] if index < len(lines) else ""
    line = block.first_line + index
    problem = getattr(error, "problem", None) or str(error)
    if "not a real date" in problem:
        fix = f"{problem}; write the real day as year-month-day, such as 2026-11-16."
    elif re.match(r"^\s*[\w-]+\s*:\s*[^\"'].*:\s", text + " ") or "mapping values" in problem:
        key = text.split(":", 1)[0].strip()
        fix = (
            f"the value of `{key}` contains a colon followed by a space, which YAML cannot read; "
            f'put the {key} in quotes: `{key}: "{text.split(":", 1)[1].strip()}"`.'
        )
    elif "found character '\\t'" in problem or "\t" in text:
        fix = "the line has a tab; indent with spaces instead."
    else:
        fix = (
            f"YAML cannot read it ({problem}); check the quotes, colons and indentation on this line, or put "
            "the value in double quotes."
        )
    shown = f" (`{text.strip()}`)" if text.strip() else ""
    return f"{where} line {line}{shown}: the page's header cannot be read: {fix}"


def key_line(source: str, key: str) -> int | None:
    """The line of `key:` in the page's header, counting from the top of the file."""
    block = find_block(source)
    if block is None:
        return None
    for index, line in enumerate(block.text.splitlines()):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return block.first_line + index
    return None


TRANSLATION_ONLY = ("translation_of", "translated_by", "translation_reviewed")


def check_meta(
    meta: Mapping[str, Any], *, source: str, where: str, translation: bool | None = None
) -> list[str]:
    """Problems with the header's keys and values, in editor's words, each with its line when known.

    `translation`: True for a translated page (docs/<name>.<language>.md), False for a page in the main
    language, which may not have the translation keys; None when not known.
    """
    problems = []
    if translation is False:
        problems += [
            at(source, key, where)
            + f"`{key}` belongs in a translated page's header only (such as docs/faq.es.md); delete it here."
            for key in TRANSLATION_ONLY
            if key in meta
        ]
    try:
        FrontMatter.model_validate(meta)
    except ValidationError as error:
        problems += [explain(item, meta=meta, source=source, where=where) for item in error.errors()]
    title = meta.get("title")
    if isinstance(title, str):
        if not title.strip():
            problems.append(at(source, "title", where) + "the title is empty; write the page's title.")
        elif TITLE_MARKUP.search(title):
            problems.append(
                at(source, "title", where)
                + f"the title `{title}` has markup characters (< > ` * _ [ ] or a leading #); the title is "
                "plain text: write it with words only."
            )
    description = meta.get("description")
    low, high = DESCRIPTION_LENGTH
    if isinstance(description, str) and not low <= len(description.strip()) <= high:
        length = len(description.strip())
        what = "short" if length < low else "long"
        problems.append(
            at(source, "description", where)
            + f"the description is too {what} ({length} characters); search engines show {low} to {high}: "
            "write one sentence of that length that says what the page is about."
        )
    return problems


def at(source: str, key: str, where: str) -> str:
    line = key_line(source, key)
    return f"{where} line {line}: " if line else f"{where}: "


def explain(error: Any, *, meta: Mapping[str, Any], source: str, where: str) -> str:
    """The one translation of a schema error (pydantic's) into editor's words: the key, its value, the fix."""
    loc = [str(part) for part in error["loc"]]
    key = loc[0] if loc else ""
    place = at(source, key, where)
    kind = error["type"]
    value = meta.get(key)
    if kind == "extra_forbidden" and len(loc) == 1:
        close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "the keys a page may have are: " + ", ".join(KEYS)
        return f'{place}`{key}` is not a key the site knows; {hint} (README.md, "Editing pages").'
    if kind == "missing" and len(loc) == 1:
        fix = {
            "title": "add a line `title: ...` with the page's title, in plain words",
            "description": f"add a line `description: ...`, one sentence of {DESCRIPTION_LENGTH[0]} to "
            f"{DESCRIPTION_LENGTH[1]} characters that search engines show under the title",
        }.get(key, f"add `{key}:`")
        return f"{where}: the header has no `{key}`; {fix}."
    inner = ".".join(loc[1:])
    shown = f"`{key}: {value}`" + (f" (at `{inner}`)" if inner else "")
    if kind.startswith("date") or key == "last_reviewed":
        fix = "write the day as year-month-day without quotes, such as 2026-11-16"
    elif kind.startswith("bool"):
        fix = "write `true` or `false`"
    elif kind.startswith("string"):
        fix = "write text; put it in double quotes if it looks like a number, a date or yes/no"
    elif kind.startswith("list"):
        fix = "write a list, such as `[first, second]`"
    elif kind == "literal_error":
        fix = f"choose one of: {error.get('ctx', {}).get('expected', '')}"
    elif kind == "extra_forbidden":
        fix = f"`{loc[-1]}` is not allowed there; check its spelling in README.md"
    elif kind == "missing":
        fix = f"`{loc[-1]}` is missing; add it"
    else:
        fix = error["msg"]
    return f"{place}{shown} is not right: {fix}."


COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
HEADING = re.compile(r"^\s{0,3}(#{1,6}\s.*|#{1,6}|[=-]{2,}\s*)$", re.MULTILINE)


def has_body_text(markdown: str) -> bool:
    """True when the Markdown after the header has words besides headings and comments."""
    text = HEADING.sub("", COMMENT.sub("", markdown))
    return any(character.isalnum() for character in text)


def encoding_problem(data: bytes, *, where: str) -> str | None:
    """None when the file is UTF-8 text (with or without a byte-order mark), else where it is not and why."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return (
            f"{where} line {line}: the file is not saved as UTF-8 text (byte 0x{data[error.start]:02x} is "
            "not "
            "UTF-8), so its accents, dashes or quotes would come out wrong; open it in your editor and save "
            'it with the encoding "UTF-8" (in VS Code: the encoding at the bottom right, "Save with '
            'Encoding", UTF-8).'
        )
    return None
