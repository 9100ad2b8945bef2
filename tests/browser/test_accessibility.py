"""Every page passes axe-core (WCAG 2.2 A and AA, and best practices) on a phone and a desktop, in the
light and the dark palette, and so does the search once it shows results."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Build

from browser.conftest import (
    PALETTE_VIEWS,
    SCHEMES,
    View,
    Visitor,
    axe_violations,
    body_scheme,
    page_id,
    page_paths,
    save_screenshot,
    search,
)

pytestmark = pytest.mark.browser

PAGES = page_paths()
# The pages photographed for people (test-output/screenshots/): the home page and one article page.
SCREENSHOT_PAGES = {"": "home", "what-is-ketamine-infusion-therapy/": "article"}


def test_browser_tests_cover_every_page_of_the_site(site: Build) -> None:
    assert sorted(PAGES) == sorted(site.pages())


@pytest.mark.parametrize("view", PALETTE_VIEWS, ids=lambda view: view.name)
@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_page_has_no_axe_violations(visit: Callable[[View], Visitor], path: str, view: View) -> None:
    page = visit(view).open(path)
    assert body_scheme(page) == SCHEMES[view.scheme], "the visitor's palette was not applied"
    if path in SCREENSHOT_PAGES:
        save_screenshot(page, f"{SCREENSHOT_PAGES[path]}-{view.name}")
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize("view", PALETTE_VIEWS, ids=lambda view: view.name)
def test_open_search_with_results_has_no_axe_violations(visit: Callable[[View], Visitor], view: View) -> None:
    page = visit(view).open("faq/")
    search(page, "ketamine")
    try:
        violations = axe_violations(page)
        assert violations == [], "\n".join(violations)
    finally:
        page.keyboard.press("Escape")
