"""Text as readers see it: normalising for matching, and whole-word phrase search with line numbers.

Two tools, both plain functions over strings:

- `find_phrases` (used by the crisis box and, through `hooks/phrases.py`, by older callers): a phrase is plain
  text, never a pattern; spaces and hyphens between its words match any run of spaces, line breaks or
  hyphens ("self-harm" finds "self harm"). A match must not touch a letter or digit on either side ("cure"
  does not find "secure" or "cured").
- `normalise` and `phrase_regex` (used by the claims check): text is first brought to one spelling, so that
  the ways a word can be disguised or typed differently all read the same (see `normalise`), then a phrase,
  normalised the same way, is matched as whole words. A phrase may hold `...`: up to `GAP_WORDS` words of
  the same sentence in between ("approved by the FDA ... depression").
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

# Hyphens as people type them: ASCII, the Unicode hyphen, the non-breaking hyphen, the en dash.
WORD_GAP = r"[\s\-\u2010\u2011\u2013]+"
SPLIT_WORDS = re.compile(WORD_GAP)


def _not_after_letter(escaped: str) -> str:
    r"""A look-behind, placed after the pattern's first word, that is true when no letter or digit precedes
    that word: the same as `(?<![^\W_])` before it, but a pattern that starts with a plain word lets the
    regular-expression engine jump from one occurrence of the word to the next instead of trying every
    position (on a page's text, 25 times faster)."""
    return rf"(?<![^\W_]{escaped})"


P = ParamSpec("P")
R = TypeVar("R")


def remembered(maxsize: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep the results of a pure function of a page (its HTML or text, and settings), by a digest of its
    text arguments: under `mkdocs serve` the `rj` modules stay loaded from one rebuild to the next, so a page
    that did not change costs nothing the next time. At most `maxsize` results are kept, the least recently
    used dropped first. Callers must not change a result (lists in it are shared)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        kept: dict[Any, R] = {}

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            key = (
                tuple(map(_key, args)),
                tuple((name, _key(value)) for name, value in sorted(kwargs.items())),
            )
            if key in kept:
                kept[key] = result = kept.pop(key)  # now the most recently used
                return result
            result = function(*args, **kwargs)
            if len(kept) >= maxsize:
                del kept[next(iter(kept))]
            kept[key] = result
            return result

        wrapper.cache_clear = kept.clear  # type: ignore[attr-defined]
        wrapper.cache_len = kept.__len__  # type: ignore[attr-defined]
        return wrapper

    return decorate


def _key(value: object) -> object:
    """A small hashable stand-in for an argument: a digest of text, or of a list's `repr` (plain data:
    strings, numbers, frozen dataclasses), so that looking a page up costs little next to reading it."""
    if isinstance(value, str):
        return hashlib.blake2b(value.encode(), digest_size=16).digest()
    if isinstance(value, list | tuple):
        return type(value).__name__, hashlib.blake2b(repr(value).encode(), digest_size=16).digest()
    return value


@dataclass(frozen=True)
class PhraseMatch:
    """Where a phrase was found: its 1-based line and column, the phrase as listed, the text as written."""

    line: int
    column: int
    phrase: str
    found: str


@functools.lru_cache(maxsize=512)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The regular expression that finds `phrase` as whole words, in any case."""
    words = [re.escape(word) for word in SPLIT_WORDS.split(phrase.strip()) if word]
    first = words[0] + _not_after_letter(words[0])
    return re.compile(first + "".join(WORD_GAP + word for word in words[1:]) + r"(?![^\W_])", re.IGNORECASE)


def find_phrases(text: str, phrases: Iterable[str]) -> list[PhraseMatch]:
    """Every occurrence of every phrase in `text`, in reading order."""
    return list(_find_phrases(text, list(phrases)))  # a copy: the kept list is shared


@remembered(maxsize=2048)  # the crisis terms of each page, under `mkdocs serve`
def _find_phrases(text: str, phrases: list[str]) -> list[PhraseMatch]:
    found = []
    for phrase in phrases:
        if not phrase.strip():
            continue
        for match in phrase_pattern(phrase).finditer(text):
            line, column = line_and_column(text, match.start())
            found.append(PhraseMatch(line=line, column=column, phrase=phrase, found=match.group(0)))
    return sorted(found, key=lambda match: (match.line, match.column))


def same_phrase(first: str, second: str) -> bool:
    """True when two listed phrases are the same, ignoring case, spacing and hyphens."""
    return SPLIT_WORDS.split(first.strip().lower()) == SPLIT_WORDS.split(second.strip().lower())


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# Normalising: each rule undoes one way the same words can be written differently.
# Invisible characters that split a word without showing: soft hyphen, zero-width space/joiners, word
# joiner, byte-order mark.
INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e]")
# Hyphens and dashes read as a break between words; curly apostrophes as straight ones.
DASHES = re.compile(r"[\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc]")
# Single letters with dots, "F.D.A." or "U.S", read as the abbreviation "FDA", "US".
ABBREVIATION = re.compile(r"(?<![\w.])[^\W\d_](?:\.[^\W\d_])+\.?(?!\w)")
# "100 %", "100 percent", "one hundred per cent" all read "100%".
HUNDRED = re.compile(r"(?<![\w.])one hundred(?!\w)")
PERCENT = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)?)\s*(?:%|percent(?!\w)|per cent(?!\w))")
# Runs of spaces (NFKC has already made other space characters plain spaces), line breaks aside.
SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")


def normalise(text: str) -> str:
    """`text` in one spelling for matching; line breaks are kept, so line numbers stay those of `text`.

    HTML entities are decoded (`c&#117;re`), then Unicode NFKC (full-width letters, ligatures, non-breaking
    spaces), invisible characters removed, hyphens and dashes read as spaces, dots dropped from
    abbreviations, percentages written as `100%`, all in lower case with single spaces.
    """
    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", html.unescape(text)))
    text = APOSTROPHES.sub("'", text)
    text = DASHES.sub(" ", text)
    text = ABBREVIATION.sub(lambda match: match.group(0).replace(".", ""), text)
    text = text.casefold()
    # Each rule runs only where its words occur: most pages have none, and this runs on every page.
    if "hundred" in text:
        text = HUNDRED.sub("100", text)
    if "%" in text or "per" in text:
        text = PERCENT.sub(r"\1%", text)
    return SPACES.sub(" ", text)


GAP = "..."
GAP_WORDS = 6
# Words of one sentence: anything but spaces and the marks that end a sentence.
SENTENCE_WORD = r"[^\s.!?;]+"


def phrase_regex(phrase: str) -> re.Pattern[str]:
    """The pattern that finds `phrase` (normalised, `...` for a few words between) in normalised text."""
    parts: list[str] = []
    gap = False
    for word in normalise(phrase).split():
        if word == GAP:
            gap = True
            continue
        if parts:
            parts.append(r"\s+" + (rf"(?:{SENTENCE_WORD}\s+){{0,{GAP_WORDS}}}" if gap else ""))
        parts.append(re.escape(word))
        gap = False
    if not parts:
        raise ValueError(f"no words in {phrase!r}")
    return re.compile(parts[0] + _not_after_letter(parts[0]) + "".join(parts[1:]) + r"(?![^\W_])")


FENCE = re.compile(r"^\s*(```|~~~)")


def line_of(source: str, text: str, *, occurrence: int = 1, any_case: bool = False) -> int | None:
    """The line of the n-th `text` in a Markdown file, outside fenced code blocks; None if absent."""
    if not text:
        return None
    if any_case:
        source, text = source.lower(), text.lower()
    fenced = False
    count = 0
    for number, line in enumerate(source.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced and text in line:
            count += line.count(text)
            if count >= occurrence:
                return number
    return None
