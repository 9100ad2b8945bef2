"""Unit tests of the pure helpers in tests/browser/conftest.py (no browser needed)."""

from __future__ import annotations

import pytest
from browser.conftest import View, article_paths, is_network, page_id, page_paths, phone_pattern
from conftest import ARTICLE_PAGES


@pytest.mark.parametrize(
    "text",
    ["+1 555-0100", "1 555 0100", "555-0100", "(555) 0100", "+15550100"],
)
def test_phone_pattern_matches_the_number_however_it_is_written(text: str) -> None:
    assert phone_pattern("tel:+15550100").findall(f"Call {text} today") != []


def test_phone_pattern_matches_a_full_us_number_with_or_without_country_code() -> None:
    pattern = phone_pattern("tel:+12815550100")
    text = "Call +1 281-555-0100, or (281) 555-0100, not 281-555-01000 or 9281-555-0100."
    assert len(pattern.findall(text)) == 2


def test_page_paths_are_the_urls_mkdocs_gives_the_docs_files() -> None:
    paths = page_paths()
    # Each built language has its own 404 page, listed last: the site's own, then the others' (`es/404.html`).
    not_found = [path for path in paths if path.rsplit("/", 1)[-1] == "404.html"]
    assert not_found[0] == "404.html"
    assert paths[-len(not_found) :] == not_found
    assert "" in paths
    assert "faq/" in paths and "privacy/" in paths
    assert "es/" in paths and "es/faq/" in paths and "es/404.html" in not_found
    assert all(path == "" or path.endswith("/") for path in paths[: -len(not_found)])


def test_article_paths_follow_the_navigation_of_mkdocs_yml() -> None:
    assert article_paths() == ARTICLE_PAGES


@pytest.mark.parametrize(
    ("url", "network"),
    [
        ("https://example.com/x.js", True),
        ("http://127.0.0.1:8000/", True),
        ("wss://example.com/socket", True),
        ("data:image/svg+xml;base64,AAAA", False),
        ("blob:http://127.0.0.1:8000/1234", False),
        ("about:blank", False),
    ],
)
def test_is_network_tells_fetched_urls_from_local_ones(url: str, network: bool) -> None:
    assert is_network(url) is network


def test_view_and_page_names_read_well_in_test_ids() -> None:
    assert View(360, 800).name == "360x800-light"
    assert View(640, 400, scale=2).name == "640x400@2x-light"
    assert View(1280, 800, "dark", reduced_motion=True).name == "1280x800-dark-reduced-motion"
    assert [page_id(path) for path in ("", "faq/", "404.html")] == ["home", "faq", "404.html"]
