"""The booking call to action: copies in the text where Markdown asks, and each page's choice of box.

Events: `on_pre_build` (one theme environment per build), `on_page_content`.
Reads: front matter `cta:` (absent or `true`: the full box after the content; `compact`: buttons only;
`details`: the booking details, in place of the box after the content; `false`: no box and no phone bar on
this page), and the marker `<!-- booking-cta -->` on a line of its own in the Markdown. A marker inside
code is documentation and is left alone.
Produces: `overrides/partials/rj-cta.html` rendered in place of each marker, and `page.meta["rj_cta"]`
(`variant`, and `end`: whether overrides/main.html adds the box after the content). On a `details` page
with a marker the details stand at the marker instead of after the content. An unknown variant is an
error; a misspelt marker, a marker inside a paragraph, or a marker on a page with `cta: false` is a
warning, which stops the strict build.
"""

from __future__ import annotations

import logging
import re
from difflib import SequenceMatcher
from typing import Any, NamedTuple

import jinja2
from jinja2 import Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.cta")

PARTIAL = "partials/rj-cta.html"
MARKER = "booking-cta"
# What editors may write after `cta:`, and the variant each one means (None: no box on the page).
VARIANTS: dict[str, str | None] = {
    "true": "full",
    "full": "full",
    "compact": "compact",
    "details": "details",
    "false": None,
}
# The theme's Jinja environment of the current build (replaced by every build, so it never grows).
THEME: dict[str, jinja2.Environment] = {}
COMMENT = re.compile(r"<!--(.*?)-->", re.S)
# Code shows a marker as an example; Markdown escapes it there, but raw HTML <pre> or <code> may not.
CODE = re.compile(r"<(pre|code)\b.*?</\1\s*>", re.S | re.I)
PARAGRAPH_TAG = re.compile(r"<(/?)p\b", re.I)
FENCE = re.compile(r"^\s*(```|~~~)")


def on_pre_build(*, config: MkDocsConfig) -> None:
    # One Jinja environment for the whole build: each new one compiles the partial and the icons it
    # includes again, which cost 27 ms a page (cProfile, 100-page synthetic site).
    THEME["env"] = config.theme.get_env()


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    where = f"docs/{page.file.src_uri}"
    variant = parse_variant(page.meta.get("cta", True), where=where)
    markers = find_markers(html)
    for problem in marker_problems(markers, variant=variant, where=where, source=page.file.content_string):
        log.warning(problem)
    usable = [m for m in markers if m.exact and not m.in_paragraph] if variant else []
    page.meta["rj_cta"] = {
        "variant": variant,
        "end": variant is not None and not (variant == "details" and usable),
    }
    if not usable:
        return None
    template = THEME["env"].get_template(PARTIAL)
    base_url = get_relative_url(".", page.url)
    copies = [
        render_cta(
            template,
            config=config,
            page=page,
            base_url=base_url,
            variant=variant,
            number=n,
            count=len(usable),
        )
        for n in range(1, len(usable) + 1)
    ]
    return replace_spans(html, [(m.start, m.end) for m in usable], copies)


def render_cta(template: Template, *, variant: str, number: int, count: int, **context: Any) -> str:
    """One copy of the box for the text, numbered so that each landmark has its own name."""
    return template.render(
        cta={"variant": variant, "place": "inline", "number": number, "count": count}, **context
    )


class Marker(NamedTuple):
    """A booking marker, or something that looks like a misspelt one, in a page's HTML."""

    start: int
    end: int
    text: str
    exact: bool
    in_paragraph: bool


def parse_variant(value: Any, *, where: str) -> str | None:
    """The box a page asked for in its front matter (None: no box), or an error listing the choices."""
    if value is None:
        return "full"
    key = str(value).strip().lower()
    if key not in VARIANTS:
        raise PluginError(
            f"{where}: the front matter says `cta: {value}`, which is not a kind of booking box; "
            "write `cta: compact`, `cta: details` or `cta: false`, or delete the line for the usual box."
        )
    return VARIANTS[key]


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


def line_of(source: str, text: str, *, occurrence: int = 1) -> int | None:
    """The line number of the n-th `text` in a Markdown file, not counting fenced code blocks."""
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


def replace_spans(text: str, spans: list[tuple[int, int]], replacements: list[str]) -> str:
    """`text` with each (start, end) span, in order and not overlapping, replaced by its replacement."""
    parts = []
    position = 0
    for (start, end), replacement in zip(spans, replacements, strict=True):
        parts += [text[position:start], replacement]
        position = end
    return "".join([*parts, text[position:]])
