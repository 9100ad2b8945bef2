"""FAQs written in plain Markdown: read from the visible page, checked for an editor's mistakes."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, BuildChanged, site_config
from rj.faq import QA, FaqProblem, find_repeats, may_have_faq, normalise, parse_faq

HEADINGS = ["Frequently asked questions"]
BASE = "https://clinic.test/sub/faq/"


def permalink(anchor: str) -> str:
    return f'<a class="headerlink" href="#{anchor}" title="Link to this section">&para;</a>'


def test_each_sub_heading_of_the_faq_heading_is_a_question_with_the_text_under_it_as_answer() -> None:
    html = (
        f'<h1 id="faq">Frequently asked questions{permalink("faq")}</h1>\n'
        "<p>Intro that answers nothing.</p>\n"
        f'<h2 id="one">Can I drive home?{permalink("one")}</h2>\n'
        "<p>No.</p>\n<p>Not that day.</p>\n"
        f'<h2 id="two">Is it <em>addictive</em>?{permalink("two")}</h2>\n'
        "<ul>\n<li>It can be misused.</li>\n</ul>\n"
    )
    assert parse_faq(html, headings=HEADINGS, base_url=BASE) == [
        QA("Can I drive home?", "<p>No.</p>\n<p>Not that day.</p>", "one"),
        QA("Is it addictive?", "<ul>\n<li>It can be misused.</li>\n</ul>", "two"),
    ]


def test_faq_section_ends_at_the_next_heading_of_its_level() -> None:
    html = (
        "<h2>About</h2><p>Not a question.</p>"
        "<h2>frequently  asked QUESTIONS</h2>"
        "<h3>Q1?</h3><p>A1</p><h4>Detail</h4><p>More of A1</p>"
        "<h2>Next section</h2><h3>Not a question</h3><p>x</p>"
    )
    assert parse_faq(html, headings=HEADINGS) == [QA("Q1?", "<p>A1</p><h4>Detail</h4><p>More of A1</p>")]


def test_a_page_may_have_two_faq_sections_read_in_page_order() -> None:
    html = (
        "<h2>Frequently asked questions</h2><h3>First?</h3><p>1</p>"
        "<h2>Other</h2><p>x</p>"
        "<h2>Frequently asked questions</h2><h3>Second?</h3><p>2</p>"
    )
    assert [qa.question for qa in parse_faq(html, headings=HEADINGS)] == ["First?", "Second?"]


def test_page_without_faq_heading_has_no_questions() -> None:
    html = "<h2>Questions</h2><h3>Why?</h3><p>Because.</p>"
    html += '<p><a href="../faq/">Frequently asked questions</a></p>'
    assert parse_faq(html, headings=HEADINGS) == []


def test_faq_heading_words_come_from_configuration() -> None:
    html = "<h1>Preguntas frecuentes</h1><h2>¿Duele?</h2><p>No mucho.</p>"
    assert parse_faq(html, headings=["Preguntas frecuentes"]) == [QA("¿Duele?", "<p>No mucho.</p>")]


def test_answer_keeps_only_googles_allowed_tags_and_makes_links_absolute() -> None:
    html = (
        "<h1>Frequently asked questions</h1><h2>Q?</h2>"
        '<p>See <a href="../side-effects/#common" title="t">side effects</a>, '
        '<a href="#two">below</a>, <a href="https://988lifeline.org/">988</a>, <a href="tel:988">call</a>'
        ' and <a href="javascript:alert(1)">this</a>.</p>'
        '<div class="admonition note"><p class="admonition-title">Note</p><p>Take <code>x</code> '
        '<abbr title="intravenous">IV</abbr>.</p></div>'
        "<blockquote><p>Quoted</p></blockquote>"
        '<p><img src="a.png" alt="picture"><span class="x">Text</span><br>line<script>evil()</script></p>'
        "<table><tr><th>Dose</th><td>0.5 mg/kg</td></tr></table>"
        "<!-- booking-cta -->"
        '<aside class="rj-cta"><p><a class="rj-cta__book" href="/book/">Book a consultation</a></p></aside>'
    )
    [qa] = parse_faq(html, headings=HEADINGS, base_url=BASE)
    assert qa.answer == (
        '<p>See <a href="https://clinic.test/sub/side-effects/#common">side effects</a>, '
        '<a href="https://clinic.test/sub/faq/#two">below</a>, <a href="https://988lifeline.org/">988</a>, '
        '<a href="tel:988">call</a> and this.</p>'
        "<div><p>Note</p><p>Take x IV.</p></div>"
        "<div><p>Quoted</p></div>"
        "<p>Text<br>line</p>"
        "<div><div>Dose 0.5 mg/kg </div></div>"
    )


def test_question_text_drops_the_permalink_and_keeps_escaped_characters() -> None:
    html = (
        "<h1>Frequently asked questions</h1>"
        f'<h2 id="q">Is &lt;/script&gt; &amp; "quoted"\n  text ok?{permalink("q")}</h2><p>Yes &amp; no.</p>'
    )
    assert parse_faq(html, headings=HEADINGS) == [
        QA('Is </script> & "quoted" text ok?', "<p>Yes &amp; no.</p>", "q")
    ]


def test_question_with_no_answer_is_an_editor_error() -> None:
    html = "<h1>Frequently asked questions</h1><h2>Is it addictive?</h2><h2>Next?</h2><p>Yes.</p>"
    with pytest.raises(FaqProblem) as error:
        parse_faq(html, headings=HEADINGS)
    assert str(error.value) == (
        'the FAQ question "Is it addictive?" has no answer; write a paragraph under the heading.'
    )


def test_last_question_with_only_a_comment_under_it_has_no_answer() -> None:
    html = "<h1>Frequently asked questions</h1><h2>Q?</h2><p>A</p><h2>Last?</h2>\n<!-- booking-cta -->\n"
    with pytest.raises(FaqProblem, match='"Last\\?" has no answer'):
        parse_faq(html, headings=HEADINGS)


def test_question_with_only_a_box_beside_it_has_no_answer() -> None:
    html = '<h1>Frequently asked questions</h1><h2>Q?</h2><aside class="rj-cta"><p>Book now</p></aside>'
    with pytest.raises(FaqProblem, match='"Q\\?" has no answer'):
        parse_faq(html, headings=HEADINGS)


def test_faq_section_without_questions_is_an_editor_error() -> None:
    html = "<h2>Frequently asked questions</h2><p>Ask us.</p><h4>Too deep?</h4><p>x</p>"
    with pytest.raises(FaqProblem) as error:
        parse_faq(html, headings=HEADINGS)
    assert str(error.value) == (
        'the FAQ section "Frequently asked questions" has no questions; under it, write each question '
        'as a "###" heading with its answer below it.'
    )


def test_empty_question_heading_is_an_editor_error_naming_its_place() -> None:
    html = (
        f"<h1>Frequently asked questions</h1><h2>Can I drive?</h2><p>No.</p>"
        f'<h2 id="_1">{permalink("_1")}</h2><p>Orphan answer.</p>'
    )
    with pytest.raises(FaqProblem) as error:
        parse_faq(html, headings=HEADINGS)
    assert str(error.value) == (
        'question 2 of the FAQ section "Frequently asked questions" (after "Can I drive?") has an empty '
        'heading; write the question after the "##", or delete that line.'
    )


def test_cheap_check_finds_the_heading_wording_and_skips_other_pages() -> None:
    assert may_have_faq("<h2>Frequently\n asked   Questions</h2>", HEADINGS)
    assert may_have_faq("<h2>Q &amp; A</h2>", ["Q & A"])
    assert not may_have_faq("<h2>Side effects</h2><p>Frequently, people ask.</p>", HEADINGS)


def test_normalise_ignores_case_and_runs_of_whitespace() -> None:
    assert normalise("  Is it\u00a0ADDICTIVE\n") == "is it addictive"


@pytest.mark.parametrize(
    "variant", ["Is it addictive", "is it addictive?", "Is it\u2003addictive\u202f?", "IS IT, ADDICTIVE!"]
)
def test_normalise_ignores_punctuation_and_any_unicode_space(variant: str) -> None:
    assert normalise(variant) == normalise("Is it addictive?")


def test_normalise_keeps_words_apart() -> None:
    assert normalise("Is it addictive?") != normalise("Is it not addictive?")


def test_repeats_are_found_across_and_within_pages() -> None:
    asked = {
        "docs/faq.md": ["Can I drive home?", "Is it addictive?"],
        "docs/side-effects.md": ["is it   ADDICTIVE?"],
        "docs/book.md": ["Where?", "where?"],
    }
    assert find_repeats(asked) == [
        ("is it   ADDICTIVE?", "docs/faq.md", "docs/side-effects.md"),
        ("where?", "docs/book.md", "docs/book.md"),
    ]


FAQ_WITH_EMPTY_ANSWER = """---
title: Frequently asked questions
description: Short answers to common questions about ketamine infusions, for a test of an empty answer here.
---

# Frequently asked questions

## Is it addictive?

## Can I drive home?

No.
"""


def test_build_stops_on_a_question_with_no_answer(build_changed: BuildChanged) -> None:
    build = build_changed(files={"docs/faq.md": FAQ_WITH_EMPTY_ANSWER})
    assert not build.ok
    assert (
        'docs/faq.md: the FAQ question "Is it addictive?" has no answer; write a paragraph under the heading.'
        in build.log
    )


def test_build_stops_on_an_faq_section_with_no_questions(build_changed: BuildChanged) -> None:

    text = (ROOT / "docs/book.md").read_text(
        encoding="utf-8"
    ) + "\n## Frequently asked questions\n\nAsk us.\n"
    build = build_changed(files={"docs/book.md": text})
    assert not build.ok
    assert (
        'docs/book.md: the FAQ section "Frequently asked questions" has no questions; under it, write each '
        'question as a "###" heading with its answer below it.'
    ) in build.log


def test_build_stops_on_an_empty_question_heading(build_changed: BuildChanged) -> None:

    text = (ROOT / "docs/faq.md").read_text(encoding="utf-8")
    questions = re.findall(r"^## (.+)$", text, re.M)
    text = text.replace(f"## {questions[5]}\n", "##\n", 1)
    build = build_changed(files={"docs/faq.md": text})
    assert not build.ok
    section = site_config()["extra"]["faq"]["headings"][0]
    assert (
        f'docs/faq.md: question 6 of the FAQ section "{section}" (after "{questions[4]}") has an empty '
        'heading; write the question after the "##", or delete that line.'
    ) in build.log


def test_build_stops_on_a_question_asked_on_two_pages(build_changed: BuildChanged) -> None:

    text = (ROOT / "docs/side-effects.md").read_text(encoding="utf-8") + (
        "\n## Frequently asked questions\n\n### Is ketamine   ADDICTIVE?\n\nIt can be misused.\n"
    )
    build = build_changed(files={"docs/side-effects.md": text})
    assert not build.ok
    assert (
        'docs/faq.md and docs/side-effects.md both ask the FAQ question "Is ketamine ADDICTIVE?"; keep it '
        "on one page and link to it from the other"
    ) in build.log
