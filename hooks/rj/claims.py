"""The claims check's logic: risky phrases in what visitors read, and where the editor wrote them.

Plain data in and out (hooks/claims.py is the MkDocs side). The list of phrases and their suggestions comes
from `extra.claims_check` in mkdocs.yml (`read_claims`); a page may allow a phrase it quotes on purpose
(`read_allowances`). `visible_text` reads a rendered page as visitors do; `check_page` finds the risky
phrases in it and says where each comes from: a line of the page's Markdown, a value in mkdocs.yml, or
neither (a template, or words split by markup).

Matching works on normalised text (rj.text.normalise), so "F.D.A.", "100 %", full-width letters, entities
and soft hyphens cannot hide a phrase. A phrase is plain words; `...` in it stands for up to a few words of
the same sentence. A phrase that follows a negation in its clause ("not FDA-approved for depression", "no
cure", "there is no guarantee") is an honest statement, not a claim: see `negated`.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from rj.text import GAP, INVISIBLE, line_and_column, normalise, phrase_regex, remembered

CONFIG_KEY = "claims_check"
FRONT_MATTER_KEY = "allowed_claims"
# mkdocs.yml keys that hold the phrases looked for, not words shown to visitors.
NOT_SHOWN = frozenset(
    {
        f"extra.{CONFIG_KEY}",
        "extra.crisis_help",
        "extra.claims_negations",
        "extra.languages",
        "extra.alternate",
    }
)


@dataclass(frozen=True)
class Claim:
    """A risky phrase from mkdocs.yml and what to write instead."""

    phrase: str
    suggestion: str


@dataclass(frozen=True)
class Allowance:
    """A risky phrase one page may use, and why (for example, it quotes it)."""

    phrase: str
    reason: str


@dataclass(frozen=True)
class Flag:
    """A risky phrase found in a page's Markdown (at `line`) or in text shown on it (`line` None)."""

    line: int | None
    phrase: str
    found: str
    suggestion: str


@dataclass(frozen=True)
class ConfigFlag:
    """A risky phrase in a value of mkdocs.yml that pages show (`key` such as `extra.clinic.cta.text`)."""

    key: str
    phrase: str
    found: str
    suggestion: str


@dataclass(frozen=True)
class PageReport:
    """What the claims check found on one page."""

    in_markdown: list[Flag]
    in_config: list[ConfigFlag]
    elsewhere: list[Flag]
    unused: list[Allowance]


def read_claims(value: object) -> list[Claim]:
    """The risky phrases listed under `extra.claims_check`, or a ValueError saying what to fix."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"mkdocs.yml: extra.{CONFIG_KEY} must be a list of '- phrase: ...' entries.")
    claims = []
    for number, entry in enumerate(value, start=1):
        phrase = entry.get("phrase") if isinstance(entry, dict) else None
        suggestion = entry.get("suggestion") if isinstance(entry, dict) else None
        if not isinstance(phrase, str | int) or not str(phrase).strip():
            raise ValueError(
                f"mkdocs.yml: entry {number} of extra.{CONFIG_KEY} has no phrase; write it as "
                '"- phrase: cure" with "suggestion: ..." on the next line.'
            )
        if not isinstance(suggestion, str) or not suggestion.strip():
            raise ValueError(
                f'mkdocs.yml: the phrase "{phrase}" in extra.{CONFIG_KEY} has no suggestion; add '
                '"suggestion: ..." saying what to write instead.'
            )
        words = normalise(str(phrase)).split()
        if GAP in (words[:1] + words[-1:]) or not [word for word in words if word != GAP]:
            raise ValueError(
                f'mkdocs.yml: the phrase "{phrase}" in extra.{CONFIG_KEY} starts or ends with "{GAP}"; '
                f'"{GAP}" only stands for a few words between two others, as in "approved by the FDA {GAP} '
                'depression".'
            )
        claims.append(Claim(phrase=str(phrase).strip(), suggestion=suggestion.strip()))
    return claims


def read_allowances(value: object, *, path: str) -> list[Allowance]:
    """A page's `allowed_claims` front matter, or a ValueError saying what to fix."""
    if value is None:
        return []
    example = f'{FRONT_MATTER_KEY}: [{{phrase: "cure", reason: "quotes the FDA warning"}}]'
    if not isinstance(value, list):
        raise ValueError(f"{path}: {FRONT_MATTER_KEY} in the front matter must be a list, e.g. {example}")
    allowances = []
    for entry in value:
        phrase = entry.get("phrase") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(phrase, str | int) or not str(phrase).strip():
            raise ValueError(f"{path}: an entry of {FRONT_MATTER_KEY} has no phrase; write e.g. {example}")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(
                f'{path}: {FRONT_MATTER_KEY} allows "{phrase}" without a reason; add "reason:" saying why '
                f"the page may use it (for example, it is a quotation), e.g. {example}"
            )
        allowances.append(Allowance(phrase=str(phrase).strip(), reason=reason.strip()))
    return allowances


# A negation word up to NEGATION_WINDOW words before a phrase, in the same clause, makes it a denial.
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "nothing",
        "none",
        "nor",
        "neither",
        "nobody",
        "cannot",
        "can't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "doesn't",
        "don't",
        "didn't",
        "won't",
        "hasn't",
        "haven't",
        "wouldn't",
        "shouldn't",
        "couldn't",
    ]
)
# ...unless the next word turns it into an emphasis: "not only", "no doubt", "no question", "never before".
NOT_A_DENIAL = frozenset(["only", "just", "merely", "doubt", "question", "longer", "before"])
NEGATION_WINDOW = 4
CLAUSE_END = re.compile(r"[.!?;:,\n]")
WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Denials:
    """The negation words of the page's language, and the words after them that undo the denial."""

    negations: frozenset[str] = NEGATIONS
    not_a_denial: frozenset[str] = NOT_A_DENIAL


ENGLISH = Denials()


def denials(words: Iterable[str] = (), not_after: Iterable[str] = ()) -> Denials:
    """The English words plus a language's own (`extra.claims_negations` in mkdocs.yml), normalised."""
    return Denials(
        NEGATIONS | {normalise(word).strip() for word in words},
        NOT_A_DENIAL | {normalise(word).strip() for word in not_after},
    )


def negated(text: str, start: int, rules: Denials = ENGLISH) -> bool:
    """True when the phrase at `start` of normalised `text` follows a negation in its clause."""
    clause_start = max(
        (match.end() for match in CLAUSE_END.finditer(text, max(0, start - 200), start)), default=0
    )
    words = WORD.findall(text, clause_start, start)[-NEGATION_WINDOW:]
    return any(
        word in rules.negations and (index + 1 == len(words) or words[index + 1] not in rules.not_a_denial)
        for index, word in enumerate(words)
    )


@dataclass(frozen=True)
class Found:
    """A claim found in normalised text, at `start`."""

    claim: Claim
    start: int
    end: int
    text: str


def find_claims(normalised: str, claims: Iterable[Claim], rules: Denials = ENGLISH) -> list[Found]:
    """Every claim in `normalised` text (see rj.text.normalise) that is not denied, in reading order.

    Where listed phrases overlap ("cured" in "I was cured"), the longest is kept, so the same words are
    reported once, with the most specific suggestion.
    """
    found = [
        Found(claim, match.start(), match.end(), match.group(0))
        for claim in claims
        if first_word(claim.phrase) in normalised  # a quick test first: most phrases are on no page
        for match in cached_regex(claim.phrase).finditer(normalised)
        if not negated(normalised, match.start(), rules)
    ]
    kept: list[Found] = []
    for item in sorted(found, key=lambda item: (item.start, item.start - item.end)):
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


@functools.lru_cache(maxsize=512)
def cached_regex(phrase: str) -> re.Pattern[str]:
    return phrase_regex(phrase)


@functools.lru_cache(maxsize=512)
def first_word(phrase: str) -> str:
    return normalise(phrase).split()[0]


def same_phrase(first: str, second: str) -> bool:
    """True when two listed phrases read the same once normalised (case, hyphens, spacing, dots)."""
    return normalise(first).split() == normalise(second).split()


# Markdown's emphasis and code marks, which do not show: `**cure**` reads "cure".
MARKDOWN_MARKS = re.compile(r"[*_`~]")


def normalise_markdown(source: str) -> str:
    """A page's Markdown normalised for finding where a phrase was written (same lines as `source`)."""
    return normalise(MARKDOWN_MARKS.sub("", source))


def as_written(source: str, normalised_source: str, found: Found) -> str:
    """The words of `found` as the editor typed them in `source`, or the normalised words if unclear."""
    first, _ = line_and_column(normalised_source, found.start)
    last, _ = line_and_column(normalised_source, found.end)
    lines = "\n".join(source.split("\n")[first - 1 : last])
    letters = [re.escape(char) for char in found.text if char.isalnum() or char == "%"]
    match = re.search(r"[\W_]*?".join(letters), lines, re.IGNORECASE) if letters else None
    if not match:
        return found.text
    return " ".join(INVISIBLE.sub("", MARKDOWN_MARKS.sub("", match.group(0))).split())


def config_texts(values: Mapping[str, object]) -> list[tuple[str, str]]:
    """Every text in mkdocs.yml values that pages may show, as (key, text); nav titles are under `nav`."""
    texts: list[tuple[str, str]] = []

    def walk(key: str, value: object) -> None:
        if key in NOT_SHOWN:
            return
        if isinstance(value, str):
            texts.append((key, value))
        elif isinstance(value, Mapping):
            for name, item in value.items():
                if key == "nav":
                    texts.append(("nav", str(name)))
                    walk(key, item)
                else:
                    walk(f"{key}.{name}" if key else str(name), item)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                walk("nav" if key == "nav" else f"{key}[{index}]", item)

    walk("", values)
    return [(key, text) for key, text in texts if text.strip()]


def normalise_config(values: Mapping[str, object]) -> list[tuple[str, str, str]]:
    """`config_texts` with each text normalised: (key, text, normalised), computed once per build."""
    return [(key, text, normalise(text)) for key, text in config_texts(values)]


def check_page(
    visible: str,
    *,
    source: str,
    claims: list[Claim],
    allowed: list[Allowance],
    config: list[tuple[str, str, str]],
    rules: Denials = ENGLISH,
) -> PageReport:
    """The risky phrases visitors read on a page (`visible`, see `visible_text`), placed where written.

    `source` is the page's Markdown file; `config` is `normalise_config` of the shown mkdocs.yml values.
    A claim visitors read is reported at each line of the Markdown that has it; otherwise in each mkdocs.yml
    value that has it; otherwise as shown on the page without a place.
    """
    checked = [claim for claim in claims if not any(same_phrase(claim.phrase, a.phrase) for a in allowed)]
    shown = normalise(visible)
    seen = find_claims(shown, checked, rules)
    phrases = list(dict.fromkeys(found.claim for found in seen))
    markdown = normalise_markdown(source) if phrases else ""
    in_markdown: list[Flag] = []
    in_config: list[ConfigFlag] = []
    elsewhere: list[Flag] = []
    for claim in phrases:
        written = find_claims(markdown, [claim], rules)
        in_markdown += [
            Flag(
                line_and_column(markdown, item.start)[0],
                claim.phrase,
                as_written(source, markdown, item),
                claim.suggestion,
            )
            for item in written
        ]
        if written:
            continue
        configured = [
            ConfigFlag(key, claim.phrase, as_written(text, value, item), claim.suggestion)
            for key, text, value in config
            for item in find_claims(value, [claim], rules)
        ]
        in_config += configured
        if not configured:
            text = next(found.text for found in seen if found.claim == claim)
            elsewhere.append(Flag(None, claim.phrase, text, claim.suggestion))
    unused = [allowance for allowance in allowed if not cached_regex(allowance.phrase).search(shown)]
    in_markdown.sort(key=lambda flag: flag.line or 0)
    return PageReport(in_markdown, in_config, elsewhere, unused)


@remembered(maxsize=2048)
def check_rendered_page(
    page_html: str,
    *,
    source: str,
    claims: list[Claim],
    allowed: list[Allowance],
    config: list[tuple[str, str, str]],
    rules: Denials = ENGLISH,
) -> PageReport:
    """`check_page` of a rendered page's `visible_text`; the report is kept by a digest of the page, so
    under `mkdocs serve` a page that did not change is not read again."""
    return check_page(
        visible_text(page_html), source=source, claims=claims, allowed=allowed, config=config, rules=rules
    )


# Elements whose text visitors never read as the page's text.
HIDDEN = "script, style, template, noscript"
# Elements that start a new line of text, so words in two of them never run together.
BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "label",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


def visible_text(page_html: str) -> str:
    """What visitors read on a rendered page: its <title>, its meta description, the text values of its
    structured data (JSON-LD, shown by search engines), then the body's text.

    Text of scripts, styles and templates is left out; each block starts a new line. Entities are decoded
    by the parser.
    """
    tree = LexborHTMLParser(page_html)
    lines = []
    title = tree.css_first("head title")
    if title is not None:
        lines.append(title.text())
    description = tree.css_first('head meta[name="description"]')
    if description is not None:
        lines.append(description.attributes.get("content") or "")
    # What search engines and assistants show from the page: the text values of its structured data.
    for script in tree.css('script[type="application/ld+json"]'):
        lines += structured_texts(script.text())
    body = tree.body
    if body is not None:
        for node in body.css(HIDDEN):
            node.decompose()
        parts = []
        for node in body.traverse(include_text=True):
            if node.tag == "-text":
                parts.append(node.text_content or "")
            elif node.tag in BLOCKS:
                parts.append("\n")
        lines.append("".join(parts))
    # Templates leave many blank lines and indents: drop them, so the text is short to search.
    return "\n".join(" ".join(line.split()) for line in "\n".join(lines).split("\n") if line.strip())


def structured_texts(json_ld: str) -> list[str]:
    """Every text value in a JSON-LD document, one per line; nothing if it is not JSON."""
    try:
        data = json.loads(json_ld)
    except ValueError:
        return []
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return texts


def claim_message(path: str, flag: Flag) -> str:
    """The warning for one risky phrase on a page, written for the person editing it."""
    where = f"{path}:{flag.line}" if flag.line is not None else path
    message = (
        f'{where}: "{flag.found}" is a risky claim (listed as "{flag.phrase}" in extra.{CONFIG_KEY}). '
        f"Suggested rewording: {flag.suggestion}."
    )
    if flag.line is None:
        message += (
            f" Visitors read it on this page, but it is not written that way in {path} or mkdocs.yml: "
            "look for "
            "it split by markup (such as c<b>ure</b>) or in a template in overrides/."
        )
    return (
        message + " If the page quotes it on purpose, allow it in the front matter: "
        f'{FRONT_MATTER_KEY}: [{{phrase: "{flag.phrase}", reason: "..."}}]'
    )


def config_message(flag: ConfigFlag) -> str:
    """The warning for one risky phrase in mkdocs.yml, shown on every page that prints the value."""
    where = "a page title in nav" if flag.key == "nav" else flag.key
    return (
        f'mkdocs.yml: {where}: "{flag.found}" is a risky claim (listed as "{flag.phrase}" in '
        f"extra.{CONFIG_KEY}), shown to visitors on every page that prints it. Suggested rewording: "
        f"{flag.suggestion}."
    )


def unused_message(path: str, allowance: Allowance) -> str:
    """The warning for an allowance the page no longer needs."""
    return (
        f'{path}: the front matter allows "{allowance.phrase}" ({FRONT_MATTER_KEY}), but the page no '
        "longer uses it; delete that entry."
    )
