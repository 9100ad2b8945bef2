"""Booking markers in a page: `<!-- booking-cta -->` on a line of its own places a booking box there.

A marker inside code is documentation and is left alone; a comment that looks like a misspelt marker, a
marker inside a paragraph, or one on a page without a booking box is a problem to report with its line.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import NamedTuple

from rj.text import line_of

MARKER = "booking-cta"
COMMENT = re.compile(r"<!--(.*?)-->", re.S)
# Code shows a marker as an example; Markdown escapes it there, but raw HTML <pre> or <code> may not.
CODE = re.compile(r"<(pre|code)\b.*?</\1\s*>", re.S | re.I)
PARAGRAPH_TAG = re.compile(r"<(/?)p\b", re.I)


class Marker(NamedTuple):
    """A booking marker, or something that looks like a misspelt one, in a page's HTML."""

    start: int
    end: int
    text: str
    exact: bool
    in_paragraph: bool


def find_markers(html: str) -> list[Marker]:
    """Booking markers and near misses in a page's HTML, in order, leaving out any inside code."""
    code = [match.span() for match in CODE.finditer(html)]
    found = []
    for match in COMMENT.finditer(html):
        if any(start <= match.start() < end for start, end in code):
            continue
        kind = classify_comment(match.group(1))
        if kind is not None:
            inside = is_in_paragraph(html[: match.start()])
            found.append(Marker(match.start(), match.end(), match.group(0), kind == "exact", inside))
    return found


def classify_comment(words: str) -> str | None:
    """ "exact" for the marker, "misspelt" for a comment an editor probably meant as one, else None."""
    words = " ".join(words.split()).lower()
    if words == MARKER:
        return "exact"
    letters = re.sub(r"[^a-z]", "", words)
    looks_like = SequenceMatcher(None, words, MARKER).ratio() >= 0.75
    if (letters.startswith("booking") and "cta" in letters) or looks_like:
        return "misspelt"
    return None


def is_in_paragraph(before: str) -> bool:
    """True when the last paragraph tag before a point opens one, so the point sits inside its text."""
    tags = PARAGRAPH_TAG.findall(before)
    return bool(tags) and tags[-1] == ""


def marker_problems(markers: list[Marker], *, variant: str | None, where: str, source: str) -> list[str]:
    """Editor-facing warnings for the markers that cannot become a box, each naming its line and the fix."""
    problems = []
    seen: dict[str, int] = {}
    for marker in markers:
        seen[marker.text] = seen.get(marker.text, 0) + 1
        line = line_of(source, marker.text, occurrence=seen[marker.text])
        place = f"{where} line {line}" if line else where
        if not marker.exact:
            problems.append(
                f"{place}: `{marker.text}` looks like a misspelt booking marker; "
                "write `<!-- booking-cta -->` exactly, or delete it."
            )
        elif variant is None:
            problems.append(
                f"{place}: the page turns the booking box off (`cta: false`) but has a booking marker; "
                "delete the marker or the `cta: false` line."
            )
        elif marker.in_paragraph:
            problems.append(
                f"{place}: the booking marker is inside a paragraph; "
                "put `<!-- booking-cta -->` on a line of its own, with an empty line before and after it."
            )
    return problems


def replace_spans(text: str, spans: list[tuple[int, int]], replacements: list[str]) -> str:
    """`text` with each (start, end) span, in order and not overlapping, replaced by its replacement."""
    parts = []
    position = 0
    for (start, end), replacement in zip(spans, replacements, strict=True):
        parts += [text[position:start], replacement]
        position = end
    return "".join([*parts, text[position:]])
