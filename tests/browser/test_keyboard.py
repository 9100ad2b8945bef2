"""Keyboard visitors: the skip link takes them to the content, and every Tab stop is something they can
see, drawn with a focus ring (on a phone-sized window too, where the menu is a drawer)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from browser.conftest import DESKTOP, PHONE, View, Visitor, press_tab, shows_focus

pytestmark = pytest.mark.browser

VIEWS = (PHONE, DESKTOP)
ARTICLE = "side-effects/"
# More Tab stops than any page has, so a walk through the page always ends.
MAX_TAB_STOPS = 300


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(
    fresh_visitor: Callable[[View], Visitor], view: View
) -> None:
    page = fresh_visitor(view).open(ARTICLE)
    first = press_tab(page)
    assert first is not None
    assert "md-skip" in first["classes"].split()
    assert shows_focus(first) and first["uncovered"]
    heading_id = page.locator("article h1").get_attribute("id")
    assert first["href"] == f"#{heading_id}"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#{heading_id}"
    after = page.evaluate("""() => {
      const heading = document.querySelector("article h1");
      return { top: heading.getBoundingClientRect().top };
    }""")
    assert 0 <= after["top"] < view.height / 2, "the skip link did not bring the heading into view"
    # The next Tab continues from the heading: focus is in the article, not back in the header or menu.
    following = press_tab(page)
    assert following is not None
    in_article = page.evaluate("document.activeElement.closest('article.md-content__inner') !== null")
    assert in_article, f"after the skip link, Tab went to {following}"


@pytest.mark.parametrize("path", ["", ARTICLE], ids=["home", "article"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_every_tab_stop_is_visible_uncovered_and_has_a_focus_ring(
    fresh_visitor: Callable[[View], Visitor], view: View, path: str
) -> None:
    # Reduced motion: the drawer and search are where they end up at once, so each stop is measured
    # where the visitor sees it, not half-way through a slide.
    page = fresh_visitor(View(view.width, view.height, reduced_motion=True)).open(path)
    stops, hidden = 0, []
    for _ in range(MAX_TAB_STOPS):
        state = press_tab(page)
        if state is None:
            break
        stops += 1
        if not (shows_focus(state) and state["uncovered"]):
            hidden.append(state)
    else:
        pytest.fail(f"Tab never left the page after {MAX_TAB_STOPS} stops")
    assert stops > 10
    assert hidden == [], "\n".join(map(str, hidden))
