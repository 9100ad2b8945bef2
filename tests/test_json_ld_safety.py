"""Whatever an editor types, the JSON-LD block stays one valid JSON value inside one <script> element.

Property-based: generated questions and answers go Markdown -> HTML -> parse_faq -> build_graph ->
serialise_json_ld -> embedded in a page -> parsed back with selectolax -> json.loads.
"""

from __future__ import annotations

import json
from typing import Any

import markdown
import pytest
from conftest import ROOT, needed, one
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from rj.faq import FaqProblem, parse_faq
from rj.graph import PageInfo, build_graph, serialise_json_ld
from selectolax.lexbor import LexborHTMLParser
from test_structured_data import site_info

HEADINGS = ["Frequently asked questions"]
PAGE = PageInfo(
    url="https://clinic.test/faq/", title="FAQ", description="d", breadcrumb=[("FAQ", "https://x/")]
)
# What the template writes around the graph (overrides/main.html), and the rest of a page after it.
BEFORE = '<!doctype html><html><head><meta charset="utf-8"><script type="application/ld+json">'
AFTER = '</script><title>t</title></head><body><p id="after">after</p></body></html>'
# Things that break naive embedding: closing the script, opening a comment, quotes, escapes, RTL, emoji.
HAZARDS = [
    "</script>",
    "</SCRIPT >",
    "</script",
    "<script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    '"',
    "'",
    "\\",
    '\\"',
    "\\u003c",
    "&",
    "&amp;",
    "&lt;",
    "😀",
    "👩🏽‍⚕️",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202e",
    "\u200f",
    "\u2028",
    "\u2029",
    "\u00a0",
    "{{ x }}",
    "{% x %}",
    "*",
    "_",
    "`",
    "#",
    "[a](b)",
    "<b>",
    "</p>",
    "\ufeff",
]
# Any character an editor could save in a UTF-8 file, bar control characters.
CHARACTERS = st.characters(blacklist_categories=("Cs", "Cc"))
TEXT = (
    st.lists(st.one_of(st.sampled_from(HAZARDS), st.text(CHARACTERS, max_size=12)), min_size=1, max_size=8)
    .map("".join)
    .filter(lambda text: text.strip())
)


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    """Markdown with the site's own extensions and settings from mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(
        extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"]
    )


def markdown_literal(text: str) -> str:
    """Text as Markdown that shows exactly that text: ASCII punctuation as numeric character references."""
    return "".join(f"&#{ord(c)};" if c.isascii() and not c.isalnum() and c != " " else c for c in text)


def embed(data: str) -> LexborHTMLParser:
    return LexborHTMLParser(BEFORE + data + AFTER)


def read_back(page: LexborHTMLParser) -> Any:
    """The one JSON-LD block of a page, parsed; the rest of the page must be intact after it."""
    scripts = page.css('script[type="application/ld+json"]')
    assert len(scripts) == 1
    assert needed(scripts[0].parent, "the block's parent").tag == "head"
    assert one(page, "title").text() == "t"
    assert one(page, "#after").text() == "after"
    return json.loads(scripts[0].text())


def render_faq(md: markdown.Markdown, source: str) -> str:
    md.reset()
    return md.convert(source)


def words(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=TEXT, answer=TEXT)
@example(question=" ".join(HAZARDS), answer=" ".join(reversed(HAZARDS)))
def test_any_question_and_answer_round_trip_through_the_page(
    md: markdown.Markdown, question: str, answer: str
) -> None:
    source = (
        "# Frequently asked questions\n\n"
        f"## {markdown_literal(question)}\n\n{markdown_literal(answer.lstrip())}\n"
    )
    faq = parse_faq(render_faq(md, source), headings=HEADINGS, base_url=PAGE.url)
    graph = build_graph(site_info(), PAGE, faq=faq)
    data = serialise_json_ld(graph)
    assert "<" not in data and ">" not in data and "&" not in data
    back = read_back(embed(data))
    assert back == graph
    [entry] = next(node for node in back["@graph"] if node["@id"] == PAGE.url + "#webpage")["mainEntity"]
    assert entry["name"] == words(question)
    shown = LexborHTMLParser(entry["acceptedAnswer"]["text"])
    assert words(one(shown, "body").text()) == words(answer)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=TEXT, answer=TEXT)
@example(question=" ".join(HAZARDS), answer="\n\n".join(HAZARDS))
def test_raw_markdown_from_an_editor_never_breaks_the_block(
    md: markdown.Markdown, question: str, answer: str
) -> None:
    # Typed as is: Markdown may read some of it as markup; whatever it makes, the block must hold.
    source = f"# Frequently asked questions\n\n## {question}\n\n{answer}\n"
    try:
        faq = parse_faq(render_faq(md, source), headings=HEADINGS, base_url=PAGE.url)
    except FaqProblem:
        return  # e.g. an answer that is only an HTML comment: the editor is told, the build stops
    graph = build_graph(site_info(), PAGE, faq=faq)
    assert read_back(embed(serialise_json_ld(graph))) == graph


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(CHARACTERS) | st.sampled_from(HAZARDS),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(CHARACTERS), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(value=st.dictionaries(st.text(CHARACTERS) | st.sampled_from(HAZARDS), JSON_VALUES, max_size=4))
@example(value={hazard: [hazard, {hazard: hazard}] for hazard in HAZARDS})
def test_any_json_value_survives_serialising_and_embedding(value: dict[str, Any]) -> None:
    data = serialise_json_ld(value)
    assert "</script" not in data.lower() and "<!--" not in data
    assert read_back(embed(data)) == value
