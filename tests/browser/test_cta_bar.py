"""The booking box and the phone bar in a real Chromium: size, place, and what the bar must never cover."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from browser.conftest import Scheme

pytestmark = pytest.mark.browser

PHONES = {"small phone": (320, 568), "phone": (375, 667)}
SHOTS = Path(__file__).resolve().parents[2] / "test-output"
PAGES = ["", "faq/", "book/", "404.html"]


# `browser` and `base_url` come from tests/browser/conftest.py: one Chromium and one server for the session.


def open_page(browser: Browser, url: str, size: tuple[int, int], scheme: Scheme = "light") -> Page:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url, wait_until="load", timeout=20_000)
    return page


def box(page: Page, selector: str) -> dict:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().toJSON()")


@pytest.mark.parametrize("size", PHONES.values(), ids=PHONES.keys())
@pytest.mark.parametrize("path", PAGES)
def test_the_bar_sits_at_the_bottom_and_never_covers_the_end_of_the_page(
    browser: Browser, base_url: str, path: str, size: tuple[int, int]
) -> None:
    page = open_page(browser, base_url + path, size)
    bar = box(page, ".rj-cta-bar__inner")
    assert bar["bottom"] == size[1] and bar["height"] == 64
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight")
    bar = box(page, ".rj-cta-bar__inner")
    assert box(page, ".md-footer")["bottom"] <= bar["top"] + 0.5
    assert box(page, "article > :last-child")["bottom"] <= bar["top"]
    name = (path.strip("/").replace(".html", "") or "home") + f"-{size[0]}"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"cta-bar-bottom-{name}.png"))
    page.context.close()


@pytest.mark.parametrize("path", ["", "faq/"])
def test_the_top_of_the_article_is_clear_of_the_bar_when_the_page_opens(
    browser: Browser, base_url: str, path: str
) -> None:
    # The crisis callout sits at the top of the article: the bar must leave it in full view.
    page = open_page(browser, base_url + path, PHONES["small phone"])
    first = page.eval_on_selector(
        "article",
        "a => [...a.children].find(e => !e.matches('.md-content__button')).getBoundingClientRect().toJSON()",
    )
    assert first["bottom"] <= box(page, ".rj-cta-bar__inner")["top"]
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_link_is_a_touch_target_of_at_least_44_pixels(
    browser: Browser, base_url: str, scheme: Scheme
) -> None:
    page = open_page(browser, base_url + "book/", PHONES["small phone"], scheme)
    sizes = page.eval_on_selector_all(
        ".rj-cta a.rj-cta__book, .rj-cta a.rj-cta__call, .rj-cta-bar a",
        "links => links.map(a => [a.getBoundingClientRect().width, a.getBoundingClientRect().height])",
    )
    # The box's two links, and the bar's three: book, call and the crisis line.
    assert len(sizes) == 5
    assert all(width >= 44 and height >= 44 for width, height in sizes), sizes
    page.context.close()


def test_wide_screens_show_the_shortcuts_as_a_strip_above_the_header(browser: Browser, base_url: str) -> None:
    for size in [(1280, 800), (960, 700)]:
        page = open_page(browser, base_url + "faq/", size)
        strip, header = box(page, ".rj-cta-bar"), box(page, "header.md-header")
        assert page.eval_on_selector(".rj-cta-bar__inner", "e => getComputedStyle(e).position") == "static"
        assert strip["top"] == 0 and strip["bottom"] <= header["top"] + 1, size
        assert page.is_visible(".rj-cta-bar a.rj-cta__book") and page.is_visible(".rj-cta-bar a.rj-cta__call")
        # The number is shown here, and it is the start of the link's name (Label in Name).
        call = " ".join(page.inner_text(".rj-cta-bar a.rj-cta__call").split())
        assert call.startswith("Call (") and page.is_visible(".rj-cta-bar .rj-cta-bar__number")
        page.context.close()


def test_short_screens_keep_their_room_for_reading(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + "faq/", (700, 320))
    shown = page.eval_on_selector_all(
        ".rj-cta-bar, .rj-cta-bar__inner", "els => els.map(e => e.checkVisibility())"
    )
    assert shown == [False, False]
    assert page.is_visible("article aside.rj-cta a.rj-cta__book")
    page.context.close()


def test_the_bar_causes_no_layout_shift(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + "faq/", PHONES["phone"])
    shifted = page.evaluate(
        """() => new Promise(resolve => {
          const nodes = [];
          new PerformanceObserver(list => {
            for (const entry of list.getEntries())
              for (const source of entry.sources || []) if (source.node) nodes.push(source.node);
          }).observe({type: "layout-shift", buffered: true});
          const ours = () => nodes.filter(n => n.closest && n.closest(".rj-cta-bar, .rj-cta")).length;
          setTimeout(() => resolve(ours()), 500);
        })"""
    )
    assert shifted == 0
    page.context.close()


def test_keyboard_focus_on_the_bar_is_visible(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + "faq/", PHONES["phone"])
    page.focus(".rj-cta-bar a.rj-cta__call")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = page.eval_on_selector(
        ".rj-cta-bar a.rj-cta__call",
        "a => [getComputedStyle(a).outlineStyle, parseFloat(getComputedStyle(a).outlineWidth)]",
    )
    assert style[0] == "solid" and style[1] >= 2
    page.context.close()
