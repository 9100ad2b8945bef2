"""What makes the build and `mkdocs serve` cheap (issue 15) changes no result: each kept result is the one
the work would give again, every cache is bounded, and the faster phrase patterns find what the plain ones
find. No timings here: the benchmarks in bench/ measure speed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import rj.css
from hypothesis import given, settings
from hypothesis import strategies as st
from rj.claims import check_page, check_rendered_page, visible_text
from rj.css import parse, read_page
from rj.readability import syllables
from rj.text import GAP_WORDS, SENTENCE_WORD, WORD_GAP, normalise, phrase_pattern, phrase_regex, remembered

# ---------------------------------------------------------------------------------------------------------
# Phrase patterns: the look-behind moved after the first word finds the same matches.


def plain_phrase_regex(phrase: str) -> re.Pattern[str]:
    """`phrase_regex` as written before: the look-behind first."""
    parts: list[str] = []
    gap = False
    for word in normalise(phrase).split():
        if word == "...":
            gap = True
            continue
        if parts:
            parts.append(r"\s+" + (rf"(?:{SENTENCE_WORD}\s+){{0,{GAP_WORDS}}}" if gap else ""))
        parts.append(re.escape(word))
        gap = False
    return re.compile(r"(?<![^\W_])" + "".join(parts) + r"(?![^\W_])")


def plain_phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(word) for word in re.split(WORD_GAP, phrase.strip()) if word]
    return re.compile(r"(?<![^\W_])" + WORD_GAP.join(words) + r"(?![^\W_])", re.IGNORECASE)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(match.start(), match.end(), match.group(0)) for match in pattern.finditer(text)]


# Few letters, so that words recur and touch each other; "%" and "'" as the claims list uses them.
LETTERS = "abcAB1%'é_"
words = st.text(alphabet=LETTERS, min_size=1, max_size=4)
texts = st.lists(
    st.one_of(words, st.sampled_from([" ", "  ", "\n", ".", "-", ", ", "!", "x"])), max_size=40
).map("".join)
phrases = st.lists(st.one_of(words, st.just("...")), min_size=1, max_size=4).filter(
    lambda parts: parts[0] != "..." and parts[-1] != "..." and any(part.strip(" .") for part in parts)
)


@settings(max_examples=300, deadline=None)
@given(phrase=phrases, text=texts)
def test_claims_phrase_pattern_finds_what_the_look_behind_first_pattern_finds(
    phrase: list[str], text: str
) -> None:
    listed = " ".join(phrase)
    if not [word for word in normalise(listed).split() if word != "..."]:
        return
    shown = normalise(text)
    assert spans(phrase_regex(listed), shown) == spans(plain_phrase_regex(listed), shown)


@settings(max_examples=300, deadline=None)
@given(phrase=st.lists(words, min_size=1, max_size=3), text=texts)
def test_crisis_phrase_pattern_finds_what_the_look_behind_first_pattern_finds(
    phrase: list[str], text: str
) -> None:
    listed = "-".join(phrase)
    assert spans(phrase_pattern(listed), text) == spans(plain_phrase_pattern(listed), text)


def test_a_phrase_is_still_a_whole_word() -> None:
    assert spans(phrase_regex("cure"), "secure cure cured, cure.") == [(7, 11, "cure"), (19, 23, "cure")]
    assert spans(phrase_pattern("self-harm"), "Self harm; myself-harm") == [(0, 9, "Self harm")]


# ---------------------------------------------------------------------------------------------------------
# Kept results (rj.text.remembered): the same answer, a bounded number of them.


def test_remembered_gives_what_the_function_gives_and_runs_it_once_per_input() -> None:
    calls: list[str] = []

    @remembered(maxsize=8)
    def shout(text: str, *, times: int) -> str:
        calls.append(text)
        return text.upper() * times

    assert shout("page", times=2) == "PAGEPAGE"
    assert shout("page", times=2) == "PAGEPAGE"
    assert shout("page", times=3) == "PAGEPAGEPAGE"  # another setting is another input
    assert shout("other", times=2) == "OTHEROTHER"
    assert calls == ["page", "page", "other"]


def test_remembered_keeps_at_most_maxsize_and_drops_the_least_recently_used() -> None:
    calls: list[str] = []

    @remembered(maxsize=3)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    for text in ["a", "bb", "ccc"]:
        length(text)
    length("a")  # now the most recently used
    length("dddd")  # drops "bb"
    assert length.cache_len() == 3  # type: ignore[attr-defined]
    calls.clear()
    length("a")
    length("bb")
    assert calls == ["bb"]


def test_remembered_lists_are_compared_by_value() -> None:
    calls: list[list[str]] = []

    @remembered(maxsize=4)
    def joined(parts: list[str]) -> str:
        calls.append(parts)
        return "+".join(parts)

    assert joined(["a", "b"]) == "a+b"
    assert joined(["a", "b"]) == "a+b"
    assert joined(["a", "c"]) == "a+c"
    assert calls == [["a", "b"], ["a", "c"]]


PAGE_HTML = (
    "<html><head><title>Cure? No.</title><meta name='description' content='Is it a cure?'></head>"
    "<body><article class='md-content__inner'><p>There is no cure.</p><p>It cured me.</p></article></body>"
    "</html>"
)


def test_kept_claims_results_are_those_of_a_fresh_check() -> None:
    from rj.claims import Claim

    claims = [Claim("cure", "may help"), Claim("cured", "helped")]
    source = "There is no cure.\n\nIt cured me.\n"
    fresh = check_page(visible_text(PAGE_HTML), source=source, claims=claims, allowed=[], config=[])
    for _ in range(2):
        assert check_rendered_page(PAGE_HTML, source=source, claims=claims, allowed=[], config=[]) == fresh
    assert [flag.phrase for flag in fresh.in_markdown] == ["cured"]
    other = check_rendered_page(PAGE_HTML, source=source, claims=claims[:1], allowed=[], config=[])
    assert other.in_markdown == []  # other settings, another result


def test_syllable_counts_are_kept_in_a_bounded_cache() -> None:
    assert syllables("medicine", language="en") == syllables.__wrapped__("medicine", language="en")
    assert syllables.cache_info().maxsize is not None


# ---------------------------------------------------------------------------------------------------------
# The CSS pass: a page reads the same whatever was read before, and what is kept stays bounded.

CSS = (
    ".md-nav{a:1}.md-nav__link{a:2}[data-md-component=skip]{a:3}[data-preview] a{a:4}"
    "[data-md-color-switching] *{a:5}.lead[hidden]{a:6}a[href^='#']{a:7}a[href$='.pdf']{a:8}"
    "[lang|=es] p{a:9}p:first-child{a:10}details[open]>summary{a:11}.lead:not(.x){a:12}"
    "[data-md-color-scheme=slate] .lead{a:13}svg[viewBox]{a:14}[xlink|href]{a:15}li:last-child a{a:16}"
)
TOGGLED = frozenset({"[data-md-color-scheme=slate]"})


def page(body: str) -> str:
    return f"<html><head></head><body data-md-color-scheme='default'>{body}</body></html>"


PAGES = [
    page("<nav class='md-nav'><a class='md-nav__link' href='#a'>x</a></nav><p class='lead'>t</p>"),
    page("<div data-preview><a href='f.pdf'>x</a></div><p class='lead' hidden>t</p>"),
    page("<div lang='es-MX'><p>t</p></div><details><summary>s</summary></details>"),
    page("<ul><li><a href='#b'>1</a></li><li><a href='#c'>2</a></li></ul><svg viewBox='0 0 1 1'></svg>"),
    page("<a class='md-skip' data-md-component='skip' href='#x'>x</a>"),
    page("<p class='lead'>only</p>"),
]


@pytest.fixture
def fresh_sheets() -> Iterator[None]:
    """Each test starts without kept sheets (parse keeps one per set of stylesheets)."""
    rj.css._parse.cache_clear()
    yield
    rj.css._parse.cache_clear()


def kept_selectors(html: str) -> set[str]:
    rj.css._parse.cache_clear()
    sheet = parse([("x.css", CSS)], TOGGLED)
    return {sheet.selectors[index] for index in read_page(sheet, html).selectors}


@pytest.mark.usefixtures("fresh_sheets")
def test_a_page_reads_the_same_after_other_pages_and_from_the_kept_result() -> None:
    alone = [kept_selectors(html) for html in PAGES]
    rj.css._parse.cache_clear()
    sheet = parse([("x.css", CSS)], TOGGLED)
    for order in (PAGES, list(reversed(PAGES)), PAGES):  # the third pass reads the kept results
        for html in order:
            read = read_page(sheet, html)
            assert {sheet.selectors[index] for index in read.selectors} == alone[PAGES.index(html)]


@pytest.mark.usefixtures("fresh_sheets")
@pytest.mark.parametrize(
    ("html", "selector", "expected"),
    [
        (PAGES[1], "[data-preview] a", True),
        (PAGES[0], "[data-preview] a", False),  # no element has the attribute
        (PAGES[0], "[data-md-color-switching] *", False),
        (PAGES[1], ".lead[hidden]", True),
        (PAGES[5], ".lead[hidden]", False),
        (PAGES[1], "a[href$='.pdf']", True),
        (PAGES[0], "a[href$='.pdf']", False),
        (PAGES[2], "[lang|=es] p", True),
        (PAGES[2], "details[open]>summary", True),  # the visitor opens it
        (PAGES[5], "[data-md-color-scheme=slate] .lead", True),  # the toggle sets it
        (PAGES[3], "li:last-child a", True),
        (PAGES[4], "[data-md-component=skip]", True),
    ],
)
def test_attribute_selectors_are_kept_exactly_when_the_page_can_use_them(
    html: str, selector: str, expected: bool
) -> None:
    assert (selector.replace("'", '"') in {s.replace("'", '"') for s in kept_selectors(html)}) is expected


@pytest.mark.usefixtures("fresh_sheets")
def test_kept_pages_and_plans_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rj.css, "PAGES_KEPT", 3)
    monkeypatch.setattr(rj.css, "PLANS_KEPT", 2)
    sheet = parse([("x.css", CSS)], TOGGLED)
    for html in PAGES:
        read_page(sheet, html)
        assert len(sheet.pages) <= 3
        assert len(sheet.plans) <= 2
    assert len(sheet.witnesses) <= len(sheet.selectors)


@pytest.mark.usefixtures("fresh_sheets")
def test_the_same_stylesheets_give_the_kept_sheet_and_others_a_new_one() -> None:
    first = parse([("x.css", CSS)], TOGGLED)
    assert parse([("x.css", CSS)], TOGGLED) is first
    assert parse([("x.css", CSS + ".other{a:0}")], TOGGLED) is not first
    assert rj.css._parse.cache_info().maxsize is not None
