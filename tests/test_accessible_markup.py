"""Accessibility and print fixes in the built HTML (fast checks; tests/browser/ checks them in Chromium)."""

from __future__ import annotations

import re

from conftest import Build


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
        assert text == (
            "Rejuvenate IV Therapy · Phone +1 555-0100 · Book online at "
            f"https://booking.example.com/rejuvenate-iv-therapy This page: https://rejuvenate-iv.example/{path}"
        )
