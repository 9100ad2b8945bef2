"""Every frame Chromium paints while a page loads shows the visitor's colour scheme (no light flash for a
visitor whose system prefers dark, or who chose dark on an earlier page, and the reverse, before any of the
theme's scripts) and a whole header and sidebars (not ones whose buttons and lists then move as the rest
arrives).

The pages come from the slow server of tests/browser/conftest.py (SlowHandler: the HTML in pieces that end
before each script that runs, with a pause after each), so Chromium paints half-built pages. A
`requestAnimationFrame` callback runs just before each frame is painted, and records the scheme on <body>
and whether the parser has gone past the header and sidebars: what that frame shows.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext

from browser.conftest import PHONE, SCHEMES, Scheme, local_context

pytestmark = pytest.mark.browser

# The home page, a Spanish page and a 404 page (its links are absolute): the palette is the same on every
# page, but these three differ in what comes before it.
PAGES = ("", "es/faq/", "404.html")
FRAMES = """
window.__rjFrames = [];
(function watch() {
  requestAnimationFrame(() => {
    const body = document.body;
    if (body && body.firstElementChild) {
      // The parser has gone past the header and both sidebars: something after them has begun.
      const whole = Boolean(document.querySelector(".md-main__inner > .md-sidebar ~ :not(.md-sidebar)"));
      window.__rjFrames.push({ scheme: body.getAttribute("data-md-color-scheme"), whole });
    }
    if (document.readyState !== "complete") watch();
  });
})();
"""


def visitor(browser: Browser, url: str, preferred: Scheme) -> BrowserContext:
    viewport = {"width": PHONE.width, "height": PHONE.height}
    return local_context(
        browser, url, viewport=viewport, is_mobile=True, has_touch=True, color_scheme=preferred
    )


@pytest.mark.parametrize(
    ("preferred", "chosen", "shown"),
    [("dark", None, "dark"), ("light", None, "light"), ("light", "dark", "dark"), ("dark", "light", "light")],
    ids=["prefers-dark", "prefers-light", "chose-dark", "chose-light"],
)
def test_every_frame_shows_the_visitors_scheme(
    browser: Browser, slow_url: str, preferred: Scheme, chosen: Scheme | None, shown: Scheme
) -> None:
    context = visitor(browser, slow_url, preferred)
    try:
        if chosen is not None:  # on an earlier page, the visitor taps the toggle once
            page = context.new_page()
            page.goto(slow_url)
            page.tap("[data-md-component=palette] label:not([hidden])")
            page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{SCHEMES[chosen]}'")
            page.close()
        context.add_init_script(FRAMES)
        tabs = [(path, context.new_page()) for path in PAGES]
        for path, tab in tabs:
            tab.goto(slow_url + path, wait_until="commit")
        wrong, partial = {}, {}
        for path, tab in tabs:
            tab.wait_for_load_state("load")
            frames = tab.evaluate("window.__rjFrames")
            assert frames, f"{path}: no frame was painted while the page loaded"
            schemes = [frame["scheme"] for frame in frames]
            if set(schemes) != {SCHEMES[shown]}:
                wrong[path] = schemes
            if not all(frame["whole"] for frame in frames):
                partial[path] = sum(not frame["whole"] for frame in frames)
        assert wrong == {}, f"frames painted in another scheme than {SCHEMES[shown]!r}: {wrong}"
        assert partial == {}, f"frames painted before the header and sidebars were whole: {partial}"
    finally:
        context.close()
