"""Crisis help (hooks/pages.py, rj/pages.py, partials/rj-crisis.html): the 988 / 911 callout at the top of
the home page, the FAQ and every page that mentions depression, suicide or self-harm, found by the build;
calm except on pages about suicide."""

from __future__ import annotations

import copy

import pytest
from conftest import Build, BuildChanged, changed_site_part, needed, one
from page_text import page, site_config
from rj.model import SettingsError, read_extra
from rj.pages import needs_crisis_help
from rj.text import find_phrases

TERMS = ["suicide", "suicidal", "self-harm"]
# The two pages listed in mkdocs.yml and every page that mentions depression or suicide today (SAMHSA and
# NHS: crisis help near any content on depression). The visit, privacy and accessibility pages do not.
PAGES_WITH_CALLOUT = {
    "",
    "faq/",
    "who-can-benefit/",
    "crisis-help/",
    "what-is-ketamine-infusion-therapy/",
    "how-ketamine-works/",
    "how-well-it-works/",
    "side-effects/",
    "cost-and-alternatives/",
    "book/",
    "glossary/",
    "medical-disclaimer/",
}
# The pages that mention suicide today (an `urgent_terms` word): only they get the strong style.
URGENT_PAGES = {"faq/", "who-can-benefit/", "crisis-help/", "what-is-ketamine-infusion-therapy/"}
# Each translated twin says the same, in its own words (extra.languages.<lang>.overrides.crisis_help).
LANGUAGES = list(site_config()["extra"].get("languages") or {})
PAGES_WITH_CALLOUT |= {f"{language}/{path}" for language in LANGUAGES for path in PAGES_WITH_CALLOUT}
URGENT_PAGES |= {f"{language}/{path}" for language in LANGUAGES for path in URGENT_PAGES}


def needs_help(src_uri: str, text: str, *, pages: list[str], asked: bool = False) -> bool:
    return needs_crisis_help(src_uri, text, pages=pages, terms=TERMS, asked=asked)


# Pure helpers


def test_terms_are_found_by_whole_word_in_any_case_and_spacing() -> None:
    text = "Self harm is serious.\nSuicidal thoughts... SUICIDAL.\n"
    assert {match.phrase for match in find_phrases(text, TERMS)} == {"suicidal", "self-harm"}


@pytest.mark.parametrize("text", ["A suicidality scale.", "Self-harming.", "parasuicide"])
def test_terms_match_whole_words_only(text: str) -> None:
    assert find_phrases(text, TERMS) == []
    assert needs_help("new.md", text, pages=[]) is False


def test_a_listed_page_needs_the_callout_whatever_it_says() -> None:
    assert needs_help("index.md", "Welcome.", pages=["index.md"]) is True


def test_a_page_mentioning_a_term_needs_the_callout() -> None:
    assert needs_help("new.md", "Thoughts of suicide.", pages=[]) is True


def test_front_matter_can_ask_for_the_callout_but_not_hide_it() -> None:
    assert needs_help("new.md", "Welcome.", pages=[], asked=True) is True
    assert needs_help("new.md", "suicide", pages=[], asked=False) is True


def test_other_pages_do_not_need_the_callout() -> None:
    assert needs_help("book.md", "Bring ID.", pages=["index.md"]) is False


def test_the_settings_in_mkdocs_yml_name_the_home_page_the_faq_and_suicide() -> None:
    settings = read_extra(site_config()["extra"]).crisis_help
    assert settings.pages == ["index.md", "faq.md"]
    assert {"suicide", "suicidal", "self-harm"} <= set(settings.terms)


def test_settings_without_terms_are_refused_with_the_fix() -> None:
    extra = copy.deepcopy(dict(site_config()["extra"]))
    extra["crisis_help"]["terms"] = []
    with pytest.raises(SettingsError) as error:
        read_extra(extra)
    assert str(error.value) == "mkdocs.yml: `extra.crisis_help.terms` must not be empty."


# The built site


def test_the_callout_is_on_the_home_page_the_faq_and_pages_about_suicide(site: Build) -> None:
    found = {path for path in site.pages() if site.html(path).css("aside.rj-crisis")}
    assert found == PAGES_WITH_CALLOUT


@pytest.mark.parametrize("path", sorted(PAGES_WITH_CALLOUT))
def test_the_callout_comes_first_in_the_article_before_the_heading(site: Build, path: str) -> None:
    article = one(site.html(path), "article")
    # Only the one-line link to the same page in the other language may come before it.
    first = next(
        node
        for node in article.iter(include_text=False)
        if "rj-language" not in (node.attributes.get("class") or "")
    )
    assert first.tag == "aside"
    assert needed(first.attributes["class"], "the first element's class").split()[0] == "rj-crisis"
    assert len(site.html(path).css("aside.rj-crisis")) == 1


def test_the_callout_is_a_landmark_named_by_its_heading(site: Build) -> None:
    aside = one(site.html("faq/"), "aside.rj-crisis")
    assert aside.attributes["aria-labelledby"] == "rj-crisis-title"
    heading = one(aside, "h2#rj-crisis-title")
    assert heading.text() == "Get help now if you are in crisis"
    # Static help must not shout at screen readers on every page load, nor be closable.
    assert aside.attributes.get("role") is None
    assert aside.css("[role=alert], [aria-live], button") == []


def test_the_callout_offers_call_text_and_chat_with_988_and_911(site: Build) -> None:
    aside = one(site.html(""), "aside.rj-crisis")
    links = [(a.attributes["href"], " ".join(a.text().split())) for a in aside.css("a")]
    assert links == [
        ("tel:988", "Call 988"),
        ("sms:988", "Text 988"),
        ("https://988lifeline.org/chat/", "Chat online at 988lifeline.org"),
        ("tel:911", "911"),
    ]
    assert " ".join(one(aside, ".rj-crisis__danger").text().split()) == (
        "If you or someone else is in immediate danger, call 911."
    )


ADDED_TERM = "photo ID"
BRING = "Bring a photo ID and a list of your medicines."


# New pages that mention self-harm, nothing of the kind, or only a term added to mkdocs.yml here.
changed_site_part(
    files={
        "docs/coping.md": page(
            "title: Coping\ndescription: A page about coping with depression, and where to find help.",
            "# Coping\n\nSome people with depression have thoughts of self-harm.",
        ),
        "docs/parking.md": page(
            "title: Parking\ndescription: Where to park when you come to the clinic for a visit.",
            "# Parking\n\nPark behind the building.",
        ),
        "docs/bring.md": page(
            "title: What to bring\n"
            "description: What to bring with you when you come to the clinic for a visit.",
            f"# What to bring\n\n{BRING}",
        ),
    },
    config={
        "extra": {"crisis_help": {"terms": [*site_config()["extra"]["crisis_help"]["terms"], ADDED_TERM]}}
    },
)


def test_a_new_page_mentioning_suicide_gets_the_callout_automatically(changed_site: Build) -> None:
    assert len(changed_site.html("coping/").css("article > aside.rj-crisis")) == 1
    assert changed_site.html("parking/").css("aside.rj-crisis") == []


def test_a_term_added_in_mkdocs_yml_brings_the_callout(changed_site: Build) -> None:
    # None of the configured terms is in the page: only the added one brings the callout.
    assert not any(term.lower() in BRING.lower() for term in site_config()["extra"]["crisis_help"]["terms"])
    assert len(changed_site.html("bring/").css("aside.rj-crisis")) == 1


def test_a_listed_page_that_does_not_exist_stops_the_build(build_changed: BuildChanged) -> None:
    build = build_changed(config={"extra": {"crisis_help": {"pages": ["index.md", "fqa.md"]}}})
    assert not build.ok
    assert (
        'mkdocs.yml: `extra.crisis_help.pages` names "fqa.md", which is not a page in docs/; correct the '
        "file name (e.g. faq.md) or remove it." in build.log
    )


def test_the_callout_is_calm_except_on_pages_about_suicide(site: Build) -> None:
    urgent = {path for path in site.pages() if site.html(path).css("aside.rj-crisis.rj-crisis--urgent")}
    assert urgent == URGENT_PAGES


def test_the_callout_gives_988_options_for_veterans_and_in_spanish(site: Build) -> None:
    aside = one(site.html("how-well-it-works/"), "aside.rj-crisis")
    options = aside.css(".rj-crisis__options li")
    texts = [" ".join(li.text().split()) for li in options]
    assert any("call 988, then press 1" in text for text in texts)
    spanish = [li for li in options if li.attributes.get("lang") == "es"]
    assert len(spanish) == 1
    assert "988 y oprima 2" in spanish[0].text() and "AYUDA" in spanish[0].text()


def test_the_crisis_page_lists_every_988_option_and_911(site: Build) -> None:
    article = one(site.html("crisis-help/"), "article")
    text = " ".join(article.text().split())
    for words in ("Call or text 988", "press 1", "oprima 2", "AYUDA", "988lifeline.org", "call 911"):
        assert words in text, words
    assert article.css_first('[lang="es"]') is not None
