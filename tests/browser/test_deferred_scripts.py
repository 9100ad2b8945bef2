"""In Chromium: the page is complete without scripts, and the features the deferred scripts bring (search, the
colour-scheme toggle) work from the visitor's very first tap (partials/rj-defer.html, hooks/performance.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
# Sums the layout shifts that count towards Cumulative Layout Shift (none right after an input).
CLS_OBSERVER = """
window.__layoutShift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__layoutShift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""
# Opens a path of the site on a phone, with new_context() options: the page, and the paths it requested.
PageFor = Callable[..., tuple[Page, list[str]]]


@pytest.fixture(scope="module")
def origin(base_url: str) -> str:
    """The local server of tests/browser/conftest.py (one Chromium and one server for the session)."""
    return base_url.rstrip("/")


@pytest.fixture
def page_for(browser: Browser, origin: str) -> Iterator[PageFor]:
    contexts: list[BrowserContext] = []

    def open_page(path: str, **options: Any) -> tuple[Page, list[str]]:
        context = browser.new_context(**{**PHONE, **options})
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(CLS_OBSERVER)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url.removeprefix(origin)))
        page.goto(f"{origin}/{path}")
        page.wait_for_load_state("networkidle")
        return page, requested

    yield open_page
    for context in contexts:
        context.close()


def test_page_loads_no_script_or_stylesheet_until_the_visitor_acts(page_for: PageFor) -> None:
    _, requested = page_for("faq/")
    assert [url for url in requested if url.endswith((".js", ".css", ".json"))] == []
    assert requested[0] == "/faq/"


def test_loading_the_page_shifts_nothing(page_for: PageFor) -> None:
    page, _ = page_for("")
    assert page.evaluate("window.__layoutShift") == 0


def test_first_tap_loads_the_scripts_and_keeps_the_menu_open(page_for: PageFor) -> None:
    page, requested = page_for("faq/")
    page.tap('.md-header label[for="__drawer"]')
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    page.wait_for_timeout(300)  # Material closes the menu on navigation after 125 ms: it must not here
    assert page.evaluate("document.getElementById('__drawer').checked") is True
    assert any("/assets/javascripts/bundle." in url for url in requested)
    assert page.is_visible('nav.md-nav--primary a[href="../book/"]')


def test_first_tap_on_the_colour_scheme_toggle_switches_the_scheme(page_for: PageFor) -> None:
    page, _ = page_for("")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    page.tap("[data-md-component=palette] label:not([hidden])")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    assert page.eval_on_selector_all(
        "[data-md-component=palette] label:not([hidden])", "labels => labels.map(label => label.title)"
    ) == ["Switch to light mode"]


# The colours Material's palette gives <body>, as its toggle's input for the scheme carries them.
COLOURS = """scheme => {
  const input = document.querySelector(`[data-md-component=palette] input[data-md-color-scheme=${scheme}]`);
  const names = ["media", "scheme", "primary", "accent"].map(key => "data-md-color-" + key);
  return {
    body: names.map(name => document.body.getAttribute(name)),
    input: names.map(name => input.getAttribute(name)),
    html: names.filter(name => document.documentElement.hasAttribute(name)),
  };
}"""


def test_dark_preference_shows_the_dark_scheme_before_any_script(page_for: PageFor) -> None:
    page, requested = page_for("", color_scheme="dark")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    colours = page.evaluate(COLOURS, "slate")
    assert colours["body"] == colours["input"] and colours["html"] == [], colours
    assert page.eval_on_selector_all(
        "[data-md-component=palette] label:not([hidden])", "labels => labels.map(label => label.title)"
    ) == ["Switch to light mode"]
    assert [url for url in requested if url.endswith(".js")] == []


@pytest.mark.parametrize(("preferred", "chosen"), [("light", "slate"), ("dark", "default")])
def test_a_scheme_chosen_on_one_page_is_the_next_pages_before_any_script(
    page_for: PageFor, preferred: str, chosen: str
) -> None:
    page, _ = page_for("", color_scheme=preferred)
    page.tap("[data-md-component=palette] label:not([hidden])")
    page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{chosen}'")
    address, context = page.url, page.context
    page.close()  # and its search worker, whose requests would count below
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(address + "faq/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.body.dataset.mdColorScheme") == chosen
    assert_one_toggle_away_from(page, chosen)
    assert [url for url in requested if url.endswith((".js", ".css"))] == []


def assert_one_toggle_away_from(page: Page, scheme: str) -> None:
    """One button of the colour-scheme toggle shows, and it switches away from `scheme` (Material's name):
    it is the label of another input than the scheme's own."""
    shown = page.eval_on_selector_all(
        "[data-md-component=palette] label:not([hidden])", "labels => labels.map(label => label.htmlFor)"
    )
    current = page.eval_on_selector(
        f"[data-md-component=palette] input[data-md-color-scheme={scheme}]", "input => input.id"
    )
    assert len(shown) == 1 and shown[0] != current, (shown, current)


@pytest.mark.parametrize(
    "storage",
    [
        'localStorage.setItem("/.__palette", "{not json")',
        'localStorage.setItem("/.__palette", "{\\"color\\": 1}")',
        'Object.defineProperty(window, "localStorage", {get() { throw new DOMException("denied") }})',
    ],
    ids=["damaged", "not-materials", "refused"],
)
def test_a_damaged_or_refused_stored_scheme_falls_back_to_the_preference(
    page_for: PageFor, origin: str, storage: str
) -> None:
    context = page_for("", color_scheme="dark")[0].context
    context.add_init_script(storage)
    page = context.new_page()
    page.goto(f"{origin}/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert_one_toggle_away_from(page, "slate")


def test_search_finds_a_page_after_the_first_tap(page_for: PageFor) -> None:
    page, _ = page_for("")
    page.tap('.md-header label[for="__search"]')
    page.fill("input.md-search__input", "ketamin")
    page.keyboard.press("e")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result a", "links => links.map(link => link.href)")
    assert links and all(link.startswith(page.url.split("?")[0].rstrip("/")) for link in links), links
