"""The booking call-to-action (issue 4) and the crisis callout (issue 5), as visitors meet them: reached by
Tab from the top of the page, announced by screen readers, visible on a phone without scrolling, and the
clinic's phone printed once. Selectors are those of /work/briefs/contracts.md."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from browser.conftest import (
    DESKTOP,
    PHONE,
    View,
    Visitor,
    article_paths,
    page_id,
    phone_pattern,
    press_tab,
    shows_focus,
)

pytestmark = pytest.mark.browser

ARTICLE = "side-effects/"
# Issue 6: the booking and call links are this many Tab presses or fewer from the top of a page.
MAX_TABS_TO_BOOKING = 10
# Pages that open with the crisis callout (contracts.md): the home page and the FAQ.
CRISIS_PAGES = ("", "faq/")
MAX_TAB_STOPS = 300
IN_VIEWPORT_AND_ON_TOP = """(element) => {
  const box = element.getBoundingClientRect();
  const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
    && box.bottom <= innerHeight && box.right <= innerWidth && !!top && element.contains(top);
}"""


def tab_until(page: Page, selector: str, limit: int) -> tuple[int, dict | None]:
    """Press Tab until an element matching `selector` has focus; return the presses and its focus state."""
    for presses in range(1, limit + 1):
        state = press_tab(page)
        if state is not None and page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses, state
    return limit, None


@pytest.mark.parametrize("link", ["a.rj-cta__book", "a.rj-cta__call"])
@pytest.mark.parametrize("path", ["", ARTICLE], ids=page_id)
@pytest.mark.parametrize("view", (PHONE, DESKTOP), ids=lambda view: view.name)
def test_booking_and_call_links_are_a_few_tabs_from_the_top_with_a_visible_focus_ring(
    fresh_visitor: Callable[[View], Visitor], view: View, path: str, link: str
) -> None:
    page = fresh_visitor(View(view.width, view.height, reduced_motion=True)).open(path)
    presses, state = tab_until(page, link, MAX_TABS_TO_BOOKING)
    assert state is not None, f"{link} is not reached within {MAX_TABS_TO_BOOKING} Tab presses"
    assert shows_focus(state), f"{link}, after {presses} Tab presses, shows no focus ring: {state}"
    assert state["uncovered"], f"{link}, after {presses} Tab presses, is covered: {state}"


@pytest.mark.parametrize("path", article_paths(), ids=page_id)
def test_booking_action_is_visible_on_a_phone_without_scrolling(
    visit: Callable[[View], Visitor], path: str
) -> None:
    page = visit(PHONE).open(path)
    book = page.locator("a.rj-cta__book").filter(visible=True)
    assert book.count() >= 1, "no booking link is shown"
    assert any(book.nth(i).evaluate(IN_VIEWPORT_AND_ON_TOP) for i in range(book.count())), (
        "no booking link is in the first screen of the page, uncovered"
    )


@pytest.mark.parametrize("path", CRISIS_PAGES, ids=page_id)
@pytest.mark.parametrize("view", (PHONE, DESKTOP), ids=lambda view: view.name)
def test_crisis_callout_is_announced_with_its_name_and_reached_by_tab(
    fresh_visitor: Callable[[View], Visitor], view: View, path: str
) -> None:
    page = fresh_visitor(View(view.width, view.height, reduced_motion=True)).open(path)
    assert page.locator("aside.rj-crisis #rj-crisis-title").count() == 1, "no crisis callout with its title"
    title = page.locator("aside.rj-crisis #rj-crisis-title").inner_text().strip()
    assert title
    # In the accessibility tree: a complementary landmark named by its heading, with the 988 link inside.
    callout = page.get_by_role("complementary", name=title, exact=True)
    assert callout.count() == 1
    assert callout.locator("a[href='tel:988']").count() >= 1
    presses, state = tab_until(page, ".rj-crisis a", MAX_TAB_STOPS)
    assert state is not None, "no link of the crisis callout is ever reached by Tab"
    assert shows_focus(state) and state["uncovered"], f"after {presses} Tab presses: {state}"


def test_printed_article_shows_the_clinic_phone_once(visit: Callable[[View], Visitor]) -> None:
    page = visit(PHONE).open(ARTICLE)
    call = page.locator("a.rj-cta__call").first
    assert call.count() == 1, "the page has no call link, so there is no clinic phone to look for"
    pattern = phone_pattern(call.get_attribute("href") or "")
    assert len(pattern.findall(page.locator("body").inner_text())) >= 1
    page.emulate_media(media="print")
    try:
        assert len(pattern.findall(page.locator("body").inner_text())) == 1
    finally:
        page.emulate_media(media="screen")
