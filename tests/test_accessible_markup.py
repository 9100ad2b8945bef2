"""Accessibility and print fixes in the built HTML (fast checks; tests/browser/ checks them in Chromium)."""

from __future__ import annotations

import re

import phonenumbers
from conftest import Build, one, site_config
from phonenumbers import PhoneNumberFormat

NATIONAL = PhoneNumberFormat.NATIONAL


def test_search_dialog_has_an_accessible_name(site: Build) -> None:
    for path in ("", "faq/", "404.html"):
        dialogs = site.html(path).css("[role=dialog]")
        assert [(node.attributes.get("class"), node.attributes.get("aria-label")) for node in dialogs] == [
            ("md-search", "Search")
        ], path


def test_accessibility_and_print_styles_come_after_the_theme_in_the_inline_css(site: Build) -> None:
    # hooks/performance.py inlines the page's CSS in the order the stylesheets were linked.
    style = one(site.html("faq/"), "head style")
    css = style.text()
    theme, a11y = css.find(".md-header{"), css.find(".md-typeset a:not([class])")
    printed = css.find(".rj-print-contact")
    assert -1 < theme < a11y < printed


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
