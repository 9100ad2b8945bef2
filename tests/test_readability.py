"""Readability (hooks/rj/readability.py, hooks/readability.py): reading grade and long sentences per page.

Expected grades are worked out by hand from the published formulas, with syllables counted by ear:
Flesch-Kincaid grade = 0.39 words/sentences + 11.8 syllables/words - 15.59;
Fernández-Huerta = 206.84 - 0.60 (syllables per 100 words) - 1.02 (sentences per 100 words).
"""

from __future__ import annotations

import pytest
from conftest import Build, broken_page_files, built_languages, site_config
from page_text import source_of
from rj.readability import (
    Limits,
    assess,
    fernandez_huerta,
    flesch_kincaid_grade,
    measure,
    read_limits,
    source_line,
    split_sentences,
    syllables,
    visitor_blocks,
)

EN = Limits(language="en", formula="flesch-kincaid", limit=8, warn_sentence_words=5, max_sentence_words=8)


def test_one_syllable_words_give_the_formula_by_hand() -> None:
    # 6 words, 1 sentence, 6 syllables: 0.39 * 6 + 11.8 * 1 - 15.59 = -1.45
    counts = measure("<p>The cat sat on the mat.</p>", language="en")
    assert (counts.words, counts.sentences, counts.syllables) == (6, 1, 6)
    assert flesch_kincaid_grade(words=6, sentences=1, syllables=6) == pytest.approx(-1.45)


def test_longer_words_raise_the_grade_as_computed_by_hand() -> None:
    # Ke-ta-mine(3) is(1) a(1) med-i-cine(3); Peo-ple(2) may(1) feel(1) bet-ter(2): 8 words, 2 sentences,
    # 14 syllables: 0.39 * 4 + 11.8 * 14 / 8 - 15.59 = 6.62
    counts = measure("<p>Ketamine is a medicine. People may feel better.</p>", language="en")
    assert (counts.words, counts.sentences, counts.syllables) == (8, 2, 14)
    grade = flesch_kincaid_grade(words=counts.words, sentences=counts.sentences, syllables=counts.syllables)
    assert grade == pytest.approx(6.62)


def test_spanish_uses_fernandez_huerta_as_computed_by_hand() -> None:
    # La(1) ca-sa(2) es(1) a-zul(2); El(1) me-di-ca-men-to(5) a-yu-da(3): 7 words, 2 sentences, 15 syllables.
    # 206.84 - 0.60 * 1500 / 7 - 1.02 * 200 / 7 = 49.1257
    counts = measure("<p>La casa es azul. El medicamento ayuda.</p>", language="es")
    assert (counts.words, counts.sentences, counts.syllables) == (7, 2, 15)
    ease = fernandez_huerta(words=counts.words, sentences=counts.sentences, syllables=counts.syllables)
    assert ease == pytest.approx(49.1257, abs=1e-3)


@pytest.mark.parametrize(
    ("word", "count"),
    [("medicine", 3), ("people", 2), ("depression", 3), ("infusion", 3), ("the", 1), ("self-harm", 2)],
)
def test_syllables_are_counted_as_spoken(word: str, count: int) -> None:
    assert syllables(word, language="en") == count


def test_headings_code_asides_and_references_are_not_visitor_text() -> None:
    html = (
        '<h2 id="x">Heading words<a class="headerlink" href="#x">¶</a></h2><p>Kept one.</p>'
        "<pre><code>left out</code></pre><aside class='rj-cta'><p>Book now.</p></aside>"
        "<section class='rj-references'><ol><li>Fava et al.</li></ol></section>"
        "<p>Kept <code>x</code> two.</p>"
    )
    assert visitor_blocks(html) == ["Kept one.", "Kept two."]


def test_text_in_another_language_is_left_out_of_the_grade() -> None:
    html = '<p>Call 988.</p><div lang="es"><p>Llame al 988 y oprima 2.</p></div><p lang="en-US">Or text.</p>'
    assert visitor_blocks(html, language="en") == ["Call 988.", "Or text."]
    # Unmarked text is taken to be in the page's own language.
    assert visitor_blocks(html, language="es") == ["Call 988.", "Llame al 988 y oprima 2."]


def test_list_items_and_table_cells_are_sentences_of_their_own() -> None:
    html = (
        "<ul><li>vomiting</li><li>fatigue<ul><li>nested</li></ul></li></ul>"
        "<table><tr><td>A cell</td></tr></table>"
    )
    assert visitor_blocks(html) == ["vomiting", "fatigue", "nested", "A cell"]
    assert measure(html, language="en").sentences == 4


def test_sentences_split_at_end_marks_but_not_after_abbreviations() -> None:
    text = "It works for some. Fava et al. 2018 found this, e.g. in trials! Does it last? Not always"
    assert split_sentences(text) == [
        "It works for some.",
        "Fava et al. 2018 found this, e.g. in trials!",
        "Does it last?",
        "Not always",
    ]


def test_a_sentence_is_found_in_the_source_across_link_markup() -> None:
    markdown = (
        "---\ntitle: x\n---\n\n# X\n\nFirst.\n\nRead more about [common side effects](side-effects.md).\n"
    )
    assert source_line(markdown, "Read more about common side effects.") == 9
    assert source_line(markdown, "Nothing like this is here.") is None


def test_long_sentences_are_reported_and_overlong_ones_are_warnings() -> None:
    markdown = "# T\n\nOne two three four five six.\n\nOne two three four five six seven eight nine.\n"
    html = "<p>One two three four five six.</p><p>One two three four five six seven eight nine.</p>"
    findings = assess(html, markdown, path="docs/t.md", limits=EN)
    infos = [f.message for f in findings if f.level == "info"]
    warnings = [f.message for f in findings if f.level == "warning"]
    assert any(m.startswith("docs/t.md:3: ") and "6 words" in m for m in infos)
    assert len(warnings) == 1
    assert warnings[0].startswith("docs/t.md:5: ") and "9 words" in warnings[0] and "split it" in warnings[0]


def test_a_grade_over_the_limit_is_a_warning_naming_the_setting() -> None:
    limits = Limits(
        language="en", formula="flesch-kincaid", limit=1, warn_sentence_words=30, max_sentence_words=40
    )
    findings = assess(
        "<p>Ketamine is a medicine.</p>", "Ketamine is a medicine.\n", path="docs/t.md", limits=limits
    )
    assert [f.level for f in findings] == ["info", "warning"]
    assert "extra.readability.en.max_grade" in findings[1].message and "lines 1" in findings[1].message


def test_the_configured_limits_are_read_per_language() -> None:
    settings = site_config()["extra"]["readability"]
    english = read_limits(settings, "en")
    assert english.formula == "flesch-kincaid" and english.limit == settings["en"]["max_grade"]
    assert read_limits(settings, "es").limit == settings["es"]["min_score"]
    with pytest.raises(ValueError, match=r"extra\.readability\.fr is missing"):
        read_limits(settings, "fr")
    with pytest.raises(ValueError, match="formula must be one of"):
        read_limits({"en": {"formula": "smog"}}, "en")


def test_the_real_site_passes_its_limits_and_reports_each_page(site: Build) -> None:
    settings = site_config()["extra"]["readability"]
    lines = site.log.splitlines()
    pages = [path for path in site.pages() if not site.is_404(path)]
    main = site_config()["theme"]["language"]
    assert {site.language_of(path) for path in pages} == {main, *built_languages()}
    for path in pages:
        # Each language's measure: a school grade (at most max_grade) or a reading ease (at least min_score).
        limits = settings[site.language_of(path)]
        label = "reading grade" if "max_grade" in limits else "reading ease"
        reported = [line for line in lines if f"docs/{source_of(path)}: {label} " in line]
        assert len(reported) == 1, (path, label)
        value = float(reported[0].split(f": {label} ")[1].split()[0])
        if "max_grade" in limits:
            assert value <= limits["max_grade"], reported[0]
        else:
            assert value >= limits["min_score"], reported[0]
    measured = [line for line in lines if ": reading grade " in line or ": reading ease " in line]
    assert len(measured) == len(pages)


def test_an_overlong_sentence_fails_the_build_naming_file_and_line(broken_pages: Build) -> None:
    # conftest.broken_page_files: docs/long.md ends with one sentence longer than the limit.
    limits = site_config()["extra"]["readability"]["en"]
    build = broken_pages
    assert not build.ok
    line = next(
        n for n, text in enumerate(broken_page_files()["long.md"].splitlines(), 1) if text.startswith("Then ")
    )
    assert f"docs/long.md:{line}: the sentence" in build.log
    assert f"more than the limit of {limits['max_sentence_words']}" in build.log


def test_a_word_ending_like_an_abbreviation_still_ends_its_sentence() -> None:
    # "general." and "nasal." end in "al.", as "et al." does; only the whole word is an abbreviation.
    text = "Se aprobó como anestésico general. Luego vino el aerosol nasal. Lo dijo Singh et al. en 2016."
    assert split_sentences(text) == [
        "Se aprobó como anestésico general.",
        "Luego vino el aerosol nasal.",
        "Lo dijo Singh et al. en 2016.",
    ]
