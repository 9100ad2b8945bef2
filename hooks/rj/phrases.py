"""Whole-word, case-insensitive phrase matching with line numbers (crisis terms; the claims check).

Contract: a phrase is plain text, never a pattern; spaces and hyphens between its words match any run of
spaces, line breaks or hyphens ("self-harm" finds "self harm"; "no side effects" finds "no side-effects").
A match must not touch a letter or digit on either side ("cure" does not find "secure" or "cured").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Hyphens as people type them: ASCII, the Unicode hyphen, the non-breaking hyphen, the en dash.
WORD_GAP = r"[\s\-\u2010\u2011\u2013]+"
SPLIT_WORDS = re.compile(WORD_GAP)


@dataclass(frozen=True)
class PhraseMatch:
    """Where a phrase was found: its 1-based line and column, the phrase as listed, the text as written."""

    line: int
    column: int
    phrase: str
    found: str


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The regular expression that finds `phrase` as whole words, in any case."""
    words = [re.escape(word) for word in SPLIT_WORDS.split(phrase.strip()) if word]
    return re.compile(r"(?<![^\W_])" + WORD_GAP.join(words) + r"(?![^\W_])", re.IGNORECASE)


def find_phrases(text: str, phrases: Iterable[str]) -> list[PhraseMatch]:
    """Every occurrence of every phrase in `text`, in reading order."""
    found = []
    for phrase in phrases:
        if not phrase.strip():
            continue
        for match in phrase_pattern(phrase).finditer(text):
            start = match.start()
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            found.append(PhraseMatch(line=line, column=column, phrase=phrase, found=match.group(0)))
    return sorted(found, key=lambda match: (match.line, match.column))


def same_phrase(first: str, second: str) -> bool:
    """True when two listed phrases are the same, ignoring case, spacing and hyphens."""
    return SPLIT_WORDS.split(first.strip().lower()) == SPLIT_WORDS.split(second.strip().lower())
