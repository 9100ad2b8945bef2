"""Crisis help (hooks/crisis.py, partials/rj-crisis.html): the 988 / 911 callout at the top of the home page,
the FAQ and every page that mentions suicide or self-harm, found by the build."""

from __future__ import annotations

import pytest
from conftest import Build
from crisis import find_terms, needs_crisis_help, read_settings
from front_matter import page, site_config
from mkdocs.exceptions import PluginError

TERMS = ["suicide", "suicidal", "self-harm"]
# The two pages listed in mkdocs.yml and every page that mentions suicide today (what-is-... links to the
# section "Thoughts of suicide": erring towards showing help is the safe side).
PAGES_WITH_CALLOUT = {"", "faq/", "who-can-benefit/", "crisis-help/", "what-is-ketamine-infusion-therapy/"}


# Pure helpers


def test_find_terms_lists_each_term_once_in_list_order() -> None:
    text = "Self harm is serious.\nSuicidal thoughts... SUICIDAL.\n"
    assert find_terms(text, TERMS) == ["suicidal", "self-harm"]


@pytest.mark.parametrize("text", ["A suicidality scale.", "Self-harming.", "parasuicide"])
def test_find_terms_matches_whole_words_only(text: str) -> None:
    assert find_terms(text, TERMS) == []


def test_a_listed_page_needs_the_callout_whatever_it_says() -> None:
    assert needs_crisis_help("index.md", "Welcome.", pages=["index.md"], terms=TERMS, meta={}) is True


def test_a_page_mentioning_a_term_needs_the_callout() -> None:
    assert needs_crisis_help("new.md", "Thoughts of suicide.", pages=[], terms=TERMS, meta={}) is True


def test_front_matter_can_ask_for_the_callout_but_not_hide_it() -> None:
    assert needs_crisis_help("new.md", "Welcome.", pages=[], terms=TERMS, meta={"crisis_help": True}) is True
    hidden = {"crisis_help": False}
    assert needs_crisis_help("new.md", "suicide", pages=[], terms=TERMS, meta=hidden) is True
    assert (
        needs_crisis_help("new.md", "Welcome.", pages=[], terms=TERMS, meta={"crisis_help": "yes"}) is False
    )


def test_other_pages_do_not_need_the_callout() -> None:
    assert needs_crisis_help("book.md", "Bring ID.", pages=["index.md"], terms=TERMS, meta={}) is False


def test_the_settings_in_mkdocs_yml_name_the_home_page_the_faq_and_suicide() -> None:
    settings = read_settings(site_config()["extra"]["crisis_help"])
    assert settings["pages"] == ["index.md", "faq.md"]
    assert {"suicide", "suicidal", "self-harm"} <= set(settings["terms"])


def test_settings_without_terms_are_refused_with_the_fix() -> None:
    with pytest.raises(PluginError) as error:
        read_settings({"pages": ["index.md"], "terms": []})
    assert str(error.value) == "mkdocs.yml: extra.crisis_help.terms must be a list of text, e.g. [faq.md]."


# The built site


def test_the_callout_is_on_the_home_page_the_faq_and_pages_about_suicide(site: Build) -> None:
    found = {path for path in site.pages() if site.html(path).css("aside.rj-crisis")}
    assert found == PAGES_WITH_CALLOUT


@pytest.mark.parametrize("path", sorted(PAGES_WITH_CALLOUT))
def test_the_callout_comes_first_in_the_article_before_the_heading(site: Build, path: str) -> None:
    article = site.html(path).css_first("article")
    first = next(article.iter(include_text=False))
    assert first.tag == "aside"
    assert first.attributes["class"] == "rj-crisis"
    assert len(site.html(path).css("aside.rj-crisis")) == 1


def test_the_callout_is_a_landmark_named_by_its_heading(site: Build) -> None:
    aside = site.html("faq/").css_first("aside.rj-crisis")
    assert aside.attributes["aria-labelledby"] == "rj-crisis-title"
    heading = aside.css_first("h2#rj-crisis-title")
    assert heading.text() == "Get help now if you are in crisis"
    # Static help must not shout at screen readers on every page load, nor be closable.
    assert aside.attributes.get("role") is None
    assert aside.css("[role=alert], [aria-live], button") == []


def test_the_callout_offers_call_text_and_chat_with_988_and_911(site: Build) -> None:
    aside = site.html("").css_first("aside.rj-crisis")
    links = [(a.attributes["href"], " ".join(a.text().split())) for a in aside.css("a")]
    assert links == [
        ("tel:988", "Call 988"),
        ("sms:988", "Text 988"),
        ("https://988lifeline.org/chat/", "Chat online at 988lifeline.org"),
        ("tel:911", "911"),
    ]
    assert " ".join(aside.css_first(".rj-crisis__danger").text().split()) == (
        "If you or someone else is in immediate danger, call 911."
    )


def test_a_new_page_mentioning_suicide_gets_the_callout_automatically(build_changed) -> None:
    new = page(
        "title: Coping\ndescription: A page about coping with depression, and where to find help.",
        "# Coping\n\nSome people with depression have thoughts of self-harm.",
    )
    quiet = page(
        "title: Parking\ndescription: Where to park when you come to the clinic for a visit.",
        "# Parking\n\nPark behind the building.",
    )
    not_in_nav = site_config()["not_in_nav"] + "/coping.md\n/parking.md\n"
    build = build_changed(
        files={"docs/coping.md": new, "docs/parking.md": quiet}, config={"not_in_nav": not_in_nav}
    )
    assert build.ok, build.log
    assert len(build.html("coping/").css("article > aside.rj-crisis")) == 1
    assert build.html("parking/").css("aside.rj-crisis") == []


def test_a_term_added_in_mkdocs_yml_brings_the_callout(build_changed) -> None:
    terms = [*site_config()["extra"]["crisis_help"]["terms"], "photo ID"]
    build = build_changed(config={"extra": {"crisis_help": {"terms": terms}}})
    assert build.ok, build.log
    assert len(build.html("book/").css("aside.rj-crisis")) == 1


def test_a_listed_page_that_does_not_exist_stops_the_build(build_changed) -> None:
    build = build_changed(config={"extra": {"crisis_help": {"pages": ["index.md", "fqa.md"]}}})
    assert not build.ok
    assert (
        'mkdocs.yml: extra.crisis_help.pages lists "fqa.md", which is not a page in docs/; correct the file '
        "name (e.g. faq.md) or remove it." in build.log
    )
