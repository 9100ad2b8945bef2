"""Frequently asked questions, read from a page's HTML as visitors see it, for the FAQPage structured data.

A heading whose text is one of `extra.faq.headings` in mkdocs.yml (e.g. "Frequently asked questions") starts
an FAQ section. Each heading one level below it is a question, and everything under a question, down to the
next question, is its answer. The section ends at the next heading of its own level or higher. Asides (the
booking box, the crisis callout) and comments are never part of an answer.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# The tags Google allows in an answer's text; every other tag is dropped or unwrapped to its text.
ALLOWED_TAGS = frozenset({*HEADINGS, "br", "ol", "ul", "li", "a", "p", "div", "b", "strong", "i", "em"})
# Blocks outside that list keep their place in the answer as a <div>, so their text does not run together.
BLOCK_TAGS = frozenset(
    {"blockquote", "pre", "dl", "dt", "dd", "table", "tr", "figure", "figcaption", "details", "summary"}
    | {"section", "article", "header", "footer", "address"}
)
# Elements with no readable text of their own, or that never belong in an answer. An <aside> is a box
# beside the text (the booking box, the crisis callout): not part of any answer, and never advertising in one.
DROPPED_TAGS = frozenset(
    {"script", "style", "template", "noscript", "img", "picture", "svg", "math", "video", "audio"}
    | {"iframe", "object", "embed", "canvas", "button", "input", "select", "textarea", "form", "hr", "aside"}
)
LINK_SCHEMES = ("http", "https", "mailto", "tel", "sms")


@dataclass(frozen=True)
class QA:
    """One question as the page shows it, and its full answer as simple HTML."""

    question: str
    answer: str
    anchor: str = ""  # the question heading's id, so the question has its own address


class FaqProblem(ValueError):
    """A mistake in how an FAQ is written: what is wrong, and what the editor should do about it."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem}; {fix}.")
        self.problem = problem
        self.fix = fix


def may_have_faq(html: str, headings: Iterable[str]) -> bool:
    """Cheap test before parsing: does any FAQ heading's wording occur in the page at all?"""
    for heading in headings:
        words = html_lib.escape(heading, quote=False).split()
        if re.search(r"\s+".join(map(re.escape, words)), html, re.IGNORECASE):
            return True
    return False


def parse_faq(html: str, *, headings: Iterable[str], base_url: str = "") -> list[QA]:
    """Read every FAQ section of a page's HTML: each question heading with its full answer, in page order.

    Raises FaqProblem for a section with no questions, an empty question heading or a question
    with no answer. Links in answers are made absolute against `base_url` (the page's address).
    """
    names = {normalise(heading) for heading in headings}
    body = LexborHTMLParser(html).body
    nodes = [node for node in (body.iter(include_text=True) if body else ()) if not node.is_comment_node]
    found: list[QA] = []
    index = 0
    while index < len(nodes):
        node = nodes[index]
        index += 1
        level = heading_level(node)
        if level and normalise(visible_text(node)) in names:
            section, index = take_section(nodes, index, level)
            found.extend(read_section(visible_text(node), level, section, base_url))
    return found


def take_section(nodes: Sequence[LexborNode], start: int, level: int) -> tuple[list[LexborNode], int]:
    """The nodes after a heading up to the next heading of its level or higher, and where that is."""
    end = start
    while end < len(nodes) and not (0 < heading_level(nodes[end]) <= level):
        end += 1
    return list(nodes[start:end]), end


def read_section(title: str, level: int, nodes: Sequence[LexborNode], base_url: str) -> Iterator[QA]:
    """Each question (a heading one level below the section's) with the nodes under it as its answer."""
    starts = [i for i, node in enumerate(nodes) if heading_level(node) == level + 1]
    marker = "#" * (level + 1)
    if not starts:
        raise FaqProblem(
            f'the FAQ section "{title}" has no questions',
            f'under it, write each question as a "{marker}" heading with its answer below it',
        )
    previous = ""
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(nodes)], strict=True), start=1):
        heading = nodes[start]
        question = " ".join(visible_text(heading).split())
        if not question:
            where = f' (after "{previous}")' if previous else ""
            raise FaqProblem(
                f'question {number} of the FAQ section "{title}"{where} has an empty heading',
                f'write the question after the "{marker}", or delete that line',
            )
        answer_nodes = nodes[start + 1 : end]
        if not any(visible_text(node).strip() for node in answer_nodes):
            raise FaqProblem(
                f'the FAQ question "{question}" has no answer', "write a paragraph under the heading"
            )
        answer = "".join(answer_html(node, base_url) for node in answer_nodes).strip()
        yield QA(question=question, answer=answer, anchor=heading.attributes.get("id") or "")
        previous = question


def heading_level(node: LexborNode) -> int:
    """1 to 6 for a heading element, 0 for anything else."""
    return int(node.tag[1]) if node.is_element_node and node.tag in HEADINGS else 0


def is_permalink(node: LexborNode) -> bool:
    """The "¶" anchor Markdown's table of contents adds to each heading: not part of its words."""
    return "headerlink" in (node.attributes.get("class") or "").split()


def visible_text(node: LexborNode) -> str:
    """The text a reader sees in a node, without permalink anchors, comments or scripts."""
    if node.is_text_node:
        return node.text(deep=False)
    if not node.is_element_node or node.tag in DROPPED_TAGS or is_permalink(node):
        return ""
    return "".join(visible_text(child) for child in node.iter(include_text=True))


def answer_html(node: LexborNode, base_url: str) -> str:
    """A node as answer HTML: Google's allowed tags only, links absolute, everything else reduced to text."""
    if node.is_text_node:
        return html_lib.escape(node.text(deep=False), quote=False)
    if not node.is_element_node or node.tag in DROPPED_TAGS or is_permalink(node):
        return ""
    inner = "".join(answer_html(child, base_url) for child in node.iter(include_text=True))
    tag = node.tag
    if tag == "br":
        return "<br>"
    if tag == "a":
        href = absolute_link(node.attributes.get("href") or "", base_url)
        return f'<a href="{html_lib.escape(href)}">{inner}</a>' if href else inner
    if tag in ALLOWED_TAGS:
        return f"<{tag}>{inner}</{tag}>"
    if tag in BLOCK_TAGS:
        return f"<div>{inner}</div>"
    if tag in ("td", "th"):
        return inner + " "
    return inner


def absolute_link(href: str, base_url: str) -> str:
    """The link's absolute address, or "" for a link that should not be followed (e.g. javascript:)."""
    url = urljoin(base_url, href.strip())
    return url if urlsplit(url).scheme in LINK_SCHEMES else ""


def normalise(text: str) -> str:
    """Text as a reader compares it: case, punctuation and runs of spaces (no-break too) ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(" " if unicodedata.category(c)[0] in "PZ" else c for c in text).split())


def find_repeats(asked: Mapping[str, Sequence[str]]) -> list[tuple[str, str, str]]:
    """Questions asked more than once across pages, as (question, first page, second page)."""
    first_seen: dict[str, str] = {}
    repeats = []
    for page, questions in asked.items():
        for question in questions:
            key = normalise(question)
            if key in first_seen:
                repeats.append((question, first_seen[key], page))
            else:
                first_seen[key] = page
    return repeats
