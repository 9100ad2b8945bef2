"""The booking box and the structured data say the same thing: one phone number, one booking address."""

from __future__ import annotations

import json
from urllib.parse import urljoin

import pytest
from conftest import SUB_PATH_CONFIG, Build, one

PAGES = ["", "faq/", "book/", "side-effects/"]


def clinic_node(build: Build, path: str) -> dict:
    script = one(build.html(path), 'script[type="application/ld+json"]')
    graph = json.loads(script.text())["@graph"]
    return next(node for node in graph if node["@type"] == "MedicalClinic")


def page_url(build: Build, path: str) -> str:
    canonical = one(build.html(path), 'link[rel="canonical"]')
    return canonical.attributes["href"] or ""


@pytest.mark.parametrize("path", PAGES)
def test_call_links_dial_the_clinics_structured_data_telephone(site: Build, path: str) -> None:
    telephone = clinic_node(site, path)["telephone"]
    calls = {a.attributes["href"] for a in site.html(path).css("a.rj-cta__call")}
    assert calls == {f"tel:{telephone}"}


@pytest.mark.parametrize("path", PAGES)
def test_book_links_go_to_the_structured_data_booking_target(site: Build, path: str) -> None:
    target = clinic_node(site, path)["potentialAction"]["target"]["urlTemplate"]
    books = {
        urljoin(page_url(site, path), a.attributes["href"]) for a in site.html(path).css("a.rj-cta__book")
    }
    assert books == {target}


def test_a_booking_page_of_this_site_agrees_under_a_sub_path(sub_path_site: Build) -> None:
    assert SUB_PATH_CONFIG["extra"]["clinic"]["booking_url"] == "book.md"
    target = clinic_node(sub_path_site, "faq/")["potentialAction"]["target"]["urlTemplate"]
    assert target == SUB_PATH_CONFIG["site_url"] + "book/"
    books = {
        urljoin(page_url(sub_path_site, "faq/"), a.attributes["href"])
        for a in sub_path_site.html("faq/").css("a.rj-cta__book")
    }
    assert books == {target}
