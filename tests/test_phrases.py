"""Unit tests of hooks/phrases.py: whole-word, case-insensitive matching with line and column."""

from __future__ import annotations

import pytest
from rj.text import PhraseMatch, find_phrases, same_phrase


def test_a_phrase_is_found_in_any_case_with_its_line_and_column() -> None:
    text = "First line.\nThis CURE is on line two.\n"
    assert find_phrases(text, ["cure"]) == [PhraseMatch(line=2, column=6, phrase="cure", found="CURE")]


@pytest.mark.parametrize("text", ["secure", "cured", "cures", "procure", "cure2", "écure"])
def test_a_phrase_inside_a_longer_word_is_not_found(text: str) -> None:
    assert find_phrases(f"A {text} here.", ["cure"]) == []


@pytest.mark.parametrize("text", ["cure.", "(cure)", '"cure"', "cure-all", "**cure**", "_cure_"])
def test_punctuation_and_markdown_around_a_phrase_do_not_hide_it(text: str) -> None:
    assert [match.found for match in find_phrases(f"A {text} here.", ["cure"])] == ["cure"]


def test_a_phrase_ending_in_a_symbol_is_matched_whole() -> None:
    assert [match.found for match in find_phrases("It is 100% safe.", ["100%"])] == ["100%"]
    assert find_phrases("It is 1100% more.", ["100%"]) == []


def test_spaces_and_hyphens_between_words_are_interchangeable() -> None:
    text = "No side-effects.\nFDA approved for depression.\nno side\neffects"
    found = find_phrases(text, ["no side effects", "FDA-approved for depression"])
    assert [(match.line, match.phrase, match.found) for match in found] == [
        (1, "no side effects", "No side-effects"),
        (2, "FDA-approved for depression", "FDA approved for depression"),
        (3, "no side effects", "no side\neffects"),
    ]


def test_matches_come_in_reading_order_across_phrases() -> None:
    text = "miracle and cure\ncure then miracle"
    found = find_phrases(text, ["cure", "miracle"])
    assert [(match.line, match.column, match.phrase) for match in found] == [
        (1, 1, "miracle"),
        (1, 13, "cure"),
        (2, 1, "cure"),
        (2, 11, "miracle"),
    ]


def test_a_blank_phrase_matches_nothing() -> None:
    assert find_phrases("anything", ["", "  "]) == []


def test_the_phrase_is_plain_text_not_a_pattern() -> None:
    assert find_phrases("cure", ["c.re"]) == []
    assert [match.found for match in find_phrases("a c.re b", ["c.re"])] == ["c.re"]


def test_same_phrase_ignores_case_spacing_and_hyphens() -> None:
    assert same_phrase("FDA-approved for depression", "fda approved  for depression")
    assert not same_phrase("cure", "cures")
