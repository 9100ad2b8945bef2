"""Nothing leaves for another host, whatever a visitor does, and nothing is stored about them: no
cookies, and in the browser's storage only the palette they chose."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from browser.conftest import PHONE, View, Visitor, page_id, page_paths, search, toggle_palette

pytestmark = pytest.mark.browser

# What Material may keep in localStorage for this site (keys are prefixed with the site's path): the
# visitor's palette. Its other keys belong to features this site leaves off: `__consent` (cookie consent),
# `__announce` (a dismissible banner), `__tabs` (linked content tabs), `__source` and `__outdated` (the
# repository widget and version warning, in sessionStorage). The search keeps nothing.
ALLOWED_STORAGE_SUFFIXES = (".__palette",)
STORAGE = """async () => ({
  local: Object.keys(localStorage),
  session: Object.keys(sessionStorage),
  databases: (await indexedDB.databases()).map((database) => database.name),
  caches: await caches.keys(),
})"""


@pytest.mark.parametrize("path", page_paths(), ids=page_id)
def test_page_requests_nothing_from_another_host_while_loading_searching_and_switching_palette(
    fresh_visitor: Callable[[View], Visitor], path: str
) -> None:
    visitor = fresh_visitor(PHONE)
    page = visitor.open(path)
    assert search(page, "ketamine") > 0
    page.keyboard.press("Escape")
    assert toggle_palette(page) == "slate"
    page.wait_for_load_state("networkidle")
    # The search index is fetched by a web worker: seeing it proves the recording covers workers too.
    assert any(url.endswith("/search/search_index.json") for url in visitor.requests)
    assert visitor.foreign_requests() == []


def test_visitor_leaves_no_cookie_and_only_the_palette_in_storage(
    fresh_visitor: Callable[[View], Visitor],
) -> None:
    visitor = fresh_visitor(PHONE)
    for path in page_paths():
        visitor.open(path)
    page = visitor.page
    search(page, "ketamine")
    page.keyboard.press("Escape")
    toggle_palette(page)
    visitor.open("faq/")
    stored = page.evaluate(STORAGE)
    assert visitor.page.context.cookies() == []
    assert [key for key in stored["local"] if not key.endswith(ALLOWED_STORAGE_SUFFIXES)] == []
    assert stored["local"] == ["/.__palette"]
    assert (stored["session"], stored["databases"], stored["caches"]) == ([], [], [])
