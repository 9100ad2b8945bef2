"""A page too long for one round trip still shows its largest content from its first flight, in Chromium.

A new connection's first flight carries about 14 KB (bench/page_weight.py's budget, 14,336 bytes of gzip). A
page over it is listed in bench/page-weight.toml, and tests/test_performance.py checks that its first view
(head, header, crisis box, title and first paragraph) fits in those bytes. This test checks what that is for,
in a browser: the server sends each page gzip-compressed, as a host does, stops after the budget's bytes,
waits, and sends the rest; on the phone Lighthouse emulates and on a desktop, the page's Largest Contentful
Paint (what Chromium judges it once the page has loaded) must come before the rest of the page arrived. So a
visitor on a slow connection reads the page's main content one round trip earlier than the whole page allows.
"""

from __future__ import annotations

import gzip
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Build
from playwright.sync_api import Browser, BrowserContext

from browser.conftest import QuietHandler, local_context, page_paths, serving

sys.path.append(str(ROOT / "bench"))
import page_weight

pytestmark = pytest.mark.browser

# How long the server waits after the first flight: long enough for Chromium to parse and paint what came.
PAUSE_S = 1.0
AT_ONCE = 8
# Each Largest Contentful Paint candidate, with the element painted, from the first byte on (buffered).
OBSERVER = """
window.__rjPaints = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const node = entry.element;
    const text = node ? (node.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50) : "";
    const element = node ? `<${node.localName}> "${text}"` : "(gone)";
    window.__rjPaints.push({ time: entry.startTime, element });
  }
}).observe({ type: "largest-contentful-paint", buffered: true });
"""
RESULT = """() => {
  const navigation = performance.getEntriesByType("navigation")[0];
  return { paints: window.__rjPaints, start: navigation.responseStart, end: navigation.responseEnd };
}"""


class FirstFlightHandler(QuietHandler):
    """Serves every HTML page gzip-compressed, in two flights: the budget's bytes, a pause, the rest."""

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if path.suffix != ".html" or not path.is_file():
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), page_weight.LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body[: page_weight.BUDGET])
        self.wfile.flush()
        if len(body) > page_weight.BUDGET:
            time.sleep(PAUSE_S)
            self.wfile.write(body[page_weight.BUDGET :])


# The phone Lighthouse emulates and a desktop window, whose screen shows more of the page than the first
# paragraph: width and height in CSS pixels, device pixels per CSS pixel, phone rules (meta viewport, touch).
SCREENS = {"phone": (412, 823, 1.75, True), "desktop": (1350, 940, 1.0, False)}


@pytest.fixture(scope="module")
def two_flights(site: Build) -> Iterator[str]:
    with serving(site.site, FirstFlightHandler) as url:
        yield url


@pytest.fixture(params=sorted(SCREENS))
def window(request: pytest.FixtureRequest, browser: Browser, two_flights: str) -> Iterator[BrowserContext]:
    """A browser window on the two-flight server; requests to any other host are refused."""
    width, height, scale, mobile = SCREENS[request.param]
    context = local_context(
        browser,
        two_flights,
        init_script=OBSERVER,
        viewport={"width": width, "height": height},
        device_scale_factor=scale,
        is_mobile=mobile,
        has_touch=mobile,
    )
    yield context
    context.close()


def over_budget(site: Build) -> list[str]:
    """The URL paths of the pages whose gzip is over the budget (their second flight is what is tested)."""
    return [
        path
        for path in page_paths()
        if page_weight.gzipped(site.file(path).read_text("utf-8")) > page_weight.BUDGET
    ]


def test_the_largest_content_of_every_long_page_is_painted_from_its_first_flight(
    window: BrowserContext, two_flights: str, site: Build
) -> None:
    context, url = window, two_flights
    paths = over_budget(site)
    assert paths, "no page is over the budget: this test has nothing to check (see bench/page-weight.toml)"
    late: list[str] = []
    for begin in range(0, len(paths), AT_ONCE):
        tabs = [(path, context.new_page()) for path in paths[begin : begin + AT_ONCE]]
        try:
            for path, tab in tabs:
                tab.goto(url + path, wait_until="commit")
            for path, tab in tabs:
                tab.wait_for_load_state("load")
                tab.wait_for_timeout(200)  # a paint after the load event would still count
                result = tab.evaluate(RESULT)
                waited = result["end"] - result["start"]
                assert waited >= PAUSE_S * 1000 * 0.9, f"{path}: the page came in one piece ({waited:.0f} ms)"
                assert result["paints"], f"{path}: Chromium reported no Largest Contentful Paint"
                largest = result["paints"][-1]
                if largest["time"] >= result["end"]:
                    late.append(
                        f"{path}: its largest content, {largest['element']}, was painted at "
                        f"{largest['time']:.0f} ms, after the rest of the page arrived "
                        f"({result['end']:.0f} ms)"
                    )
        finally:
            for _, tab in tabs:
                tab.close()
    assert late == [], (
        "These pages show their main content only after a second round trip: shorten what comes "
        "before the first paragraph (see README, 'Page weight'):\n" + "\n".join(late)
    )
