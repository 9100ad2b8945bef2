"""Honest disclosures: the footer's disclaimer and links on every page (hooks/footer.py,
partials/copyright.html), the FDA-status notice on therapy pages, and the pages the footer links to."""

from __future__ import annotations

import calendar
from datetime import date
from urllib.parse import urljoin

import pytest
from conftest import ARTICLE_PAGES, Build, site_config
from footer import resolve_footer_links
from mkdocs.exceptions import PluginError

BASE = "http://site.test/"
FOOTER_LINKS = [
    ("Medical disclaimer", "medical-disclaimer/"),
    ("Privacy notice", "privacy/"),
    ("Accessibility statement", "accessibility/"),
    ("Crisis resources", "crisis-help/"),
    ("Words explained", "glossary/"),
]
DISCLAIMER = (
    "This website is health information from Rejuvenate IV Therapy itself, a clinic that offers the "
    "treatment it describes. It is not medical advice or a diagnosis: talk to your own doctor about your "
    "care."
)
# Pages that explain the FDA facts in their own words (front matter `fda_explained: true`) show no box.
FDA_EXPLAINED = {"what-is-ketamine-infusion-therapy/", "faq/"}
THERAPY_PAGES = set(ARTICLE_PAGES) - FDA_EXPLAINED


def words(text: str) -> str:
    return " ".join(text.split())


# Footer


def test_footer_links_resolve_page_files_to_their_addresses() -> None:
    links = resolve_footer_links(
        [{"page": "privacy.md", "label": "Privacy notice"}], urls={"privacy.md": "privacy/"}
    )
    assert links == [{"url": "privacy/", "label": "Privacy notice"}]


def test_a_footer_link_to_a_missing_page_is_refused_with_the_fix() -> None:
    with pytest.raises(PluginError) as error:
        resolve_footer_links(
            [{"page": "privacy-policy.md", "label": "Privacy"}], urls={"privacy.md": "privacy/"}
        )
    assert str(error.value) == (
        'mkdocs.yml: extra.footer_links lists "privacy-policy.md", which is not a page in docs/; correct the '
        "file name or remove the entry."
    )


def test_a_footer_link_without_a_label_is_refused() -> None:
    with pytest.raises(PluginError) as error:
        resolve_footer_links([{"page": "privacy.md"}], urls={"privacy.md": "privacy/"})
    assert "needs a page and a label" in str(error.value)


def test_every_page_says_in_its_footer_that_it_is_the_clinics_own_information_not_advice(site: Build) -> None:
    for path in site.pages():
        footer = site.html(path).css_first("footer.md-footer")
        assert footer is not None, path
        assert words(footer.css_first(".rj-footer__disclaimer").text()) == DISCLAIMER, path


def test_every_page_links_from_its_footer_to_the_policy_pages(site: Build) -> None:
    for path in site.pages():
        nav = site.html(path).css_first("footer.md-footer nav.rj-footer__nav")
        assert nav.attributes["aria-label"] == "About this website"
        links = [
            (words(a.text()), urljoin(BASE + path, a.attributes["href"])[len(BASE) :]) for a in nav.css("a")
        ]
        assert links == FOOTER_LINKS, path


def test_the_disclaimer_sits_inside_the_pages_single_footer_landmark(site: Build) -> None:
    html = site.html("faq/")
    assert len(html.css("footer")) == 1
    assert len(html.css("footer.md-footer .rj-footer")) == 1


# FDA-status notice


def test_therapy_pages_and_only_they_show_the_fda_status_notice(site: Build) -> None:
    assert {path for path in site.pages() if site.html(path).css("article .rj-notice")} == THERAPY_PAGES


def test_the_notice_says_off_label_and_gives_the_fda_facts_from_mkdocs_yml(site: Build) -> None:
    fda = site_config()["extra"]["fda"]
    approvals = fda["esketamine"]["approvals"]
    notice = site.html("who-can-benefit/").css_first("article section.rj-notice")
    assert notice.attributes["aria-labelledby"] == "rj-notice-title"
    assert notice.css_first("h2#rj-notice-title").text() == "FDA status of this treatment"
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
    fda = site_config()["extra"]["fda"]
    for path in sorted(FDA_EXPLAINED):
        article = site.html(path).css_first("article")
        assert article.css(".rj-notice") == [], path
        text = words(article.text())
        assert f"{fda['ketamine']['year']} as {fda['ketamine']['approved_for']}" in text, path
        for approval in fda["esketamine"]["approvals"]:
            assert approval["use"] in text, (path, approval["use"])
            if "date" in approval:
                day = date.fromisoformat(approval["date"])
                assert f"{day.day} {calendar.month_name[day.month]} {day.year}" in text, path
        assert fda["esketamine"]["rems"] in text, path


def test_dates_follow_the_page_language(build_changed) -> None:
    build = build_changed(config={"theme": {"language": "es"}})
    assert build.ok, build.log
    times = build.html("faq/").css("article .rj-review time")
    assert [words(t.text()) for t in times] == ["16 de noviembre de 2026", "16 de noviembre de 2027"]


# The pages the footer links to


def test_the_privacy_notice_says_the_site_collects_nothing(site: Build) -> None:
    article = site.html("privacy/").css_first("article")
    items = [words(li.text()) for li in article.css("h2#what-this-site-collects ~ ul li")]
    assert items[:3] == ["no cookies", "no analytics or visitor tracking", "no advertising pixels"]


def test_the_accessibility_statement_targets_wcag_22_aa_and_says_how_to_report(site: Build) -> None:
    text = words(site.html("accessibility/").css_first("article").text())
    assert "Web Content Accessibility Guidelines (WCAG) 2.2 at level AA" in text
    assert site.html("accessibility/").css_first("h2#report-a-problem") is not None


def test_the_medical_disclaimer_says_health_information_not_advice_from_the_clinic_itself(
    site: Build,
) -> None:
    article = site.html("medical-disclaimer/").css_first("article")
    text = words(article.text())
    assert article.css_first("h2#health-information-not-medical-advice") is not None
    assert "The information on this site is not medical advice." in text
    assert "This site is written and run by Rejuvenate IV Therapy" in text
