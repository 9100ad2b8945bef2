"""Honest disclosures: the footer's disclaimer and links on every page (hooks/site_model.py,
partials/copyright.html), the FDA-status notice on medical pages, and the pages the footer links to."""

from __future__ import annotations

import copy
from datetime import date
from urllib.parse import urljoin

import pytest
from babel.dates import format_date
from conftest import Build, BuildChanged, built_languages, extra_in, needed, one, template_words, twins
from page_text import meta, site_config, source_of
from rj.model import SettingsError, read_extra
from rj.review import add_months
from rj.urls import site_path

BASE = "http://site.test/"
FOOTER_LINKS = [(link["label"], site_path(link["page"])) for link in site_config()["extra"]["footer_links"]]
DISCLAIMER = (
    f"This website is health information from {site_config()['extra']['clinic']['name']} itself, a clinic "
    "that offers the treatment it describes. It is not medical advice or a diagnosis: talk to your own "
    "doctor about your care."
)


def words(text: str) -> str:
    return " ".join(text.split())


# Footer


def test_footer_links_name_a_page_and_a_label() -> None:
    links = read_extra(site_config()["extra"]).footer_links
    assert [(link.page, link.label) for link in links] == [
        (link["page"], link["label"]) for link in site_config()["extra"]["footer_links"]
    ]


def test_a_footer_link_to_a_missing_page_stops_the_build_with_the_fix(build_changed: BuildChanged) -> None:
    links = [*site_config()["extra"]["footer_links"], {"page": "privacy-policy.md", "label": "Privacy"}]
    build = build_changed(config={"extra": {"footer_links": links}})
    assert not build.ok
    assert (
        'mkdocs.yml: `extra.footer_links` names "privacy-policy.md", which is not a page in docs/; correct '
        "the file name (e.g. faq.md) or remove it." in build.log
    )


def test_a_footer_link_without_a_label_is_refused() -> None:
    extra = copy.deepcopy(dict(site_config()["extra"]))
    extra["footer_links"] = [{"page": "privacy.md"}]
    with pytest.raises(SettingsError) as error:
        read_extra(extra)
    assert str(error.value) == (
        "mkdocs.yml: `extra.footer_links[1].label` is missing; add `label:` under `extra.footer_links[1]`."
    )


def disclaimer(language: str) -> str:
    """The footer's disclaimer in `language`, from the templates' words and the clinic's name."""
    footer = template_words(language)["footer"]
    return footer["disclaimer_before"] + extra_in(language)["clinic"]["name"] + footer["disclaimer_after"]


def test_the_english_disclaimer_says_what_the_clinic_agreed_to() -> None:
    assert words(disclaimer(site_config()["theme"]["language"])) == DISCLAIMER


def test_every_page_says_in_its_footer_that_it_is_the_clinics_own_information_not_advice(site: Build) -> None:
    for path in site.pages():
        footer = one(site.html(path), "footer.md-footer")
        expected = words(disclaimer(site.language_of(path)))
        assert words(one(footer, ".rj-footer__disclaimer").text()) == expected, path


def footer_links(language: str) -> list[tuple[str, str]]:
    """(label, URL path) of each footer link on the pages of `language`: its own page when translated."""
    main = site_config()["theme"]["language"]
    links = []
    for link in extra_in(language)["footer_links"]:
        path = site_path(link["page"])
        if language != main and f"{language}/{path}" in twins([path]):
            path = f"{language}/{path}"
        links.append((link["label"], path))
    return links


def test_every_page_links_from_its_footer_to_the_policy_pages(site: Build) -> None:
    assert footer_links(site_config()["theme"]["language"]) == FOOTER_LINKS
    for path in site.pages():
        language = site.language_of(path)
        nav = one(site.html(path), "footer.md-footer nav.rj-footer__nav")
        assert nav.attributes["aria-label"] == template_words(language)["footer"]["nav"], path
        links = [
            (words(a.text()), urljoin(BASE + path, a.attributes["href"])[len(BASE) :]) for a in nav.css("a")
        ]
        assert links == footer_links(language), path


def test_the_disclaimer_sits_inside_the_pages_single_footer_landmark(site: Build) -> None:
    html = site.html("faq/")
    assert len(html.css("footer")) == 1
    assert len(html.css("footer.md-footer .rj-footer")) == 1


# FDA-status notice


def medical_pages(site: Build) -> set[str]:
    """The built pages whose Markdown lists references (read from docs/, not from the program)."""
    pages = [path for path in site.pages() if not path.endswith(".html")]
    return {path for path in pages if "references" in meta(source_of(path))}


def fda_explained(site: Build) -> set[str]:
    """The medical pages that explain the FDA facts in their own words (front matter `fda_explained`)."""
    return {path for path in medical_pages(site) if meta(source_of(path)).get("fda_explained") is True}


def test_medical_pages_show_the_fda_status_notice_unless_they_explain_it(site: Build) -> None:
    medical, explained = medical_pages(site), fda_explained(site)
    assert explained and medical - explained
    assert {path for path in site.pages() if site.html(path).css("article .rj-notice")} == medical - explained


def test_the_notice_says_off_label_and_gives_the_fda_facts_from_mkdocs_yml(site: Build) -> None:
    fda = site_config()["extra"]["fda"]
    approvals = fda["esketamine"]["approvals"]
    notice = one(site.html("who-can-benefit/"), "article section.rj-notice")
    assert notice.attributes["aria-labelledby"] == "rj-notice-title"
    assert one(notice, "h2#rj-notice-title").text() == "FDA status of this treatment"
    text = words(notice.text())
    assert "IV ketamine for depression is off-label." in text
    assert (
        f"The FDA approved ketamine in {fda['ketamine']['year']} as {fda['ketamine']['approved_for']}."
        in text
    )
    items = [words(li.text()) for li in notice.css("li")]
    assert len(items) == len(approvals)
    for item, approval in zip(items, approvals, strict=True):
        assert item.endswith(f": {approval['use']}."), item
    assert [t.attributes["datetime"] for t in notice.css("time")] == [
        a["date"] for a in approvals if "date" in a
    ]
    assert f"It is given {fda['esketamine']['rems']}." in text


def test_a_page_that_explains_the_fda_facts_uses_the_same_words_and_shows_no_box(site: Build) -> None:
    # English pages only: the Spanish ones are checked by tests/test_i18n.py (their words differ, for now).
    language = site_config()["theme"]["language"]
    fda = site_config()["extra"]["fda"]
    explained = sorted(path for path in fda_explained(site) if path in site.pages_in(language))
    assert explained
    for path in explained:
        article = one(site.html(path), "article")
        assert article.css(".rj-notice") == [], path
        text = words(article.text())
        assert f"{fda['ketamine']['year']} as {fda['ketamine']['approved_for']}" in text, path
        for approval in fda["esketamine"]["approvals"]:
            assert approval["use"] in text, (path, approval["use"])
            if "date" in approval:
                day = date.fromisoformat(approval["date"])
                assert format_date(day, "long", locale=language) in text, path
        assert fda["esketamine"]["rems"] in text, path


def test_dates_follow_the_page_language(site: Build) -> None:
    main = site_config()["theme"]["language"]
    for language in built_languages():
        page = f"{language}/faq/"
        front = meta(source_of(page))
        last = front["last_reviewed"]
        due = add_months(last, site_config()["extra"]["review_interval_months"])
        times = site.html(page).css("article .rj-review time")
        # The review and the next one; a translation then says when its translation was reviewed.
        assert [words(t.text()) for t in times[:2]] == [
            format_date(day, "long", locale=language) for day in (last, due)
        ]
        assert [t.attributes["datetime"] for t in times[:2]] == [last.isoformat(), due.isoformat()]
        # The month is named in the page's language, not in the main one.
        assert format_date(last, "MMMM", locale=language) in words(times[0].text())
        assert format_date(last, "MMMM", locale=main) not in words(times[0].text())
        notice_times = site.html(f"{language}/who-can-benefit/").css("article .rj-notice time")
        assert notice_times
        assert [words(t.text()) for t in notice_times] == [
            format_date(
                date.fromisoformat(needed(t.attributes["datetime"], "a datetime")), "long", locale=language
            )
            for t in notice_times
        ]


# The pages the footer links to


def test_the_privacy_notice_says_the_site_collects_nothing(site: Build) -> None:
    article = one(site.html("privacy/"), "article")
    items = [words(li.text()) for li in article.css("h2#what-this-site-collects ~ ul li")]
    assert items[:3] == ["no cookies", "no analytics or visitor tracking", "no advertising pixels"]


def test_the_accessibility_statement_targets_wcag_22_aa_and_says_how_to_report(site: Build) -> None:
    text = words(one(site.html("accessibility/"), "article").text())
    assert "Web Content Accessibility Guidelines (WCAG) 2.2 at level AA" in text
    assert site.html("accessibility/").css_first("h2#report-a-problem") is not None


def test_the_medical_disclaimer_says_health_information_not_advice_from_the_clinic_itself(
    site: Build,
) -> None:
    article = one(site.html("medical-disclaimer/"), "article")
    text = words(article.text())
    assert article.css_first("h2#health-information-not-medical-advice") is not None
    assert "The information on this site is not medical advice." in text
    assert f"This site is written and run by {site_config()['extra']['clinic']['name']}" in text
