"""Accessibility and print fixes in the built HTML (fast checks; tests/browser/ checks them in Chromium)."""

from __future__ import annotations

import re

import phonenumbers
from conftest import Build, site_config
from phonenumbers import PhoneNumberFormat

NATIONAL = PhoneNumberFormat.NATIONAL


def test_search_dialog_has_an_accessible_name(site: Build) -> None:
    for path in ("", "faq/", "404.html"):
        dialogs = site.html(path).css("[role=dialog]")
        assert [(node.attributes.get("class"), node.attributes.get("aria-label")) for node in dialogs] == [
            ("md-search", "Search")
        ], path


def test_accessibility_and_print_styles_load_after_the_theme(site: Build) -> None:
    hrefs = [node.attributes["href"] or "" for node in site.html("faq/").css("link[rel=stylesheet]")]
    names = [href.rsplit("/", 1)[-1] for href in hrefs]
    assert names[-3:] == ["rj.css", "rj-a11y.css", "rj-print.css"]
    assert names[0].startswith("main.")


def test_every_article_ends_with_the_clinic_details_for_print(site: Build) -> None:
    for path in ("", "faq/", "side-effects/", "privacy/"):
        contact = site.html(path).css("article .rj-print-contact")
        assert len(contact) == 1, path
        text = re.sub(r"\s+", " ", contact[0].text()).strip()
        clinic, site_url = site_config()["extra"]["clinic"], site_config()["site_url"]
        phone = phonenumbers.format_number(phonenumbers.parse(clinic["phone"], "US"), NATIONAL)
        assert text == (
            f"{clinic['name']} · Phone {phone} · Book online at {clinic['booking_url']} "
            f"This page: {site_url}{path}"
        )
