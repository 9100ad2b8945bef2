"""Browser fixtures: the built site served on 127.0.0.1, one headless Chromium for the whole session, and
pages opened the way visitors open them (a phone or a desktop, light or dark, less motion, zoom).

Every browser context records each request its pages make and refuses (aborts) any request to another
host, so nothing leaves this machine even when a test fails. Chromium is the one at CHROMIUM_PATH (set by
`python3 dev.py test`) or, when pytest runs directly, the one dev.py would find; with none the browser
tests fail with a message saying what to install. They never skip.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any, Literal
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import Build, site_config
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

import dev

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_FLAGS = dev.CHROMIUM_FLAGS
# Every wait in a browser test ends: no step may take longer than this.
TIMEOUT_MS = 15_000
# axe-core rule tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and Deque's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
# Material's name for each palette, as it writes it on <body data-md-color-scheme>.
SCHEMES = {"light": "default", "dark": "slate"}
# The palettes a browser can be asked to prefer (prefers-color-scheme), by Playwright's names.
Scheme = Literal["light", "dark"]
# Collects every layout shift from the first byte on (buffered), so a test can sum them after loading.
LAYOUT_SHIFT_OBSERVER = """
window.__rjLayoutShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__rjLayoutShifts.push(entry.value);
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@dataclass(frozen=True)
class View:
    """How a visitor sees the site: window size in CSS pixels, palette, zoom and motion preference.

    A desktop browser zoomed to 200% lays a 1280x800 window out as a 640x400 CSS-pixel viewport with two
    device pixels per CSS pixel; `View(640, 400, scale=2)` is that, media queries and all.
    """

    width: int
    height: int
    scheme: Scheme = "light"
    scale: float = 1
    reduced_motion: bool = False

    @property
    def name(self) -> str:
        zoom = f"@{self.scale:g}x" if self.scale != 1 else ""
        motion = "-reduced-motion" if self.reduced_motion else ""
        return f"{self.width}x{self.height}{zoom}-{self.scheme}{motion}"


PHONE = View(360, 800)
DESKTOP = View(1280, 800)
PALETTE_VIEWS = (PHONE, View(360, 800, "dark"), DESKTOP, View(1280, 800, "dark"))


@dataclass
class Visitor:
    """One browser context with one page, and the URL of every request its pages have made."""

    view: View
    page: Page
    base_url: str
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Page:
        """Load a page of the site by its URL path and wait until it has loaded."""
        response = self.page.goto(self.base_url + path, wait_until="load")
        assert response is not None, f"/{path} gave no response"
        assert response.ok, f"/{path} answered {response.status}"
        return self.page

    def foreign_requests(self) -> list[str]:
        """Requests to any host other than the local server (data: and blob: never leave the machine)."""
        local = urlsplit(self.base_url).netloc
        return [url for url in self.requests if is_network(url) and urlsplit(url).netloc != local]


def is_network(url: str) -> bool:
    """True for a URL the browser would fetch over the network."""
    return urlsplit(url).scheme in ("http", "https", "ws", "wss", "ftp")


def built_languages() -> list[str]:
    """The languages other than the main one that mkdocs-static-i18n builds (each under /<code>/)."""
    for plugin in site_config().get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            return [
                language["locale"]
                for language in plugin["i18n"]["languages"]
                if not language.get("default") and language.get("build", True)
            ]
    return []


def page_paths() -> list[str]:
    """URL paths of every page the site has, as the build lays them out: one per Markdown file in docs/
    (a translation `faq.es.md` under `es/faq/`), and each language's 404 page."""
    languages = built_languages()
    paths = []
    for file in sorted((ROOT / "docs").rglob("*.md")):
        rel = file.relative_to(ROOT / "docs").with_suffix("").as_posix()
        prefix = ""
        stem, _, code = rel.rpartition(".")
        if stem and code in languages:
            rel, prefix = stem, f"{code}/"
        elif stem:
            continue  # a translation into a language not built
        path = "" if rel == "index" else rel[: -len("index")] if rel.endswith("/index") else rel + "/"
        paths.append(prefix + path)
    built = {path.split("/", 1)[0] for path in paths if path.split("/", 1)[0] in languages}
    return [*paths, "404.html", *(f"{code}/404.html" for code in sorted(built))]


def article_paths() -> list[str]:
    """URL paths of the pages in the site's navigation (the home page and the article's sections)."""
    files = [file for entry in site_config()["nav"] for file in entry.values()]
    return ["" if file == "index.md" else file.removesuffix(".md") + "/" for file in files]


def page_id(path: str) -> str:
    """A readable test id for a URL path."""
    return path.strip("/") or "home"


def local_context(
    browser: Browser, base_url: str, *, init_script: str = "", **options: Any
) -> BrowserContext:
    """A browser context (`options` as Playwright's `new_context` takes them) whose every wait ends, that runs
    `init_script` in each page before the page's own scripts, and that aborts any request to a host other
    than `base_url`'s: nothing leaves this machine, even when a test fails."""
    context = browser.new_context(service_workers="block", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    if init_script:
        context.add_init_script(init_script)
    local = urlsplit(base_url).netloc
    context.route(lambda url: is_network(url) and urlsplit(url).netloc != local, lambda route: route.abort())
    return context


def new_visitor(browser: Browser, base_url: str, view: View) -> Visitor:
    """Open a context and a page for `view`; foreign requests are recorded, then aborted."""
    context = local_context(
        browser,
        base_url,
        init_script=LAYOUT_SHIFT_OBSERVER,
        viewport={"width": view.width, "height": view.height},
        device_scale_factor=view.scale,
        color_scheme=view.scheme,
        reduced_motion="reduce" if view.reduced_motion else "no-preference",
    )
    page = context.new_page()
    visitor = Visitor(view, page, base_url)
    context.on("request", lambda request: visitor.requests.append(request.url))
    page.on("websocket", lambda socket: visitor.requests.append(socket.url))
    return visitor


class QuietServer(ThreadingHTTPServer):
    """A threaded server that says nothing when the browser hangs up mid-file (a page closed early)."""

    daemon_threads = True

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site's files; a silent client is dropped after a few seconds."""

    timeout = 10

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path, handler: type[SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """`directory` served by `handler` on 127.0.0.1 at a free port, until the block ends: its address."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=os.fspath(directory)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# The slow connection: a pause after each piece of HTML, and how late other files come. Chromium paints in
# the pause only if it is long enough: at 0.05 s it did on about half the loads, at 0.2 s on all of them.
PIECE_PAUSE_S = 0.2
ASSET_DELAY_S = 0.3
# A <template> (skipped whole), a JSON script (skipped), or a script that runs (a cut before it).
RUNNING_SCRIPT = re.compile(rb"(<template\b.*?</template>|<script[^>]*json[^>]*>)|<script\b", re.DOTALL)


class SlowHandler(QuietHandler):
    """Serves the built site as a slow connection delivers it, so that Chromium paints half-built pages: each
    HTML page in pieces that end just before each script in the body that runs (where the parser stops),
    with a pause after each, and every other file (images) late (tests/browser/test_layout_shift.py)."""

    def copyfile(self, source: IO[bytes], outputfile: IO[bytes]) -> None:  # type: ignore[override]
        path = urlsplit(self.path).path
        if not (path.endswith("/") or path.endswith(".html")):
            time.sleep(ASSET_DELAY_S)
            super().copyfile(source, outputfile)
            return
        for piece in pieces(source.read()):
            outputfile.write(piece)
            outputfile.flush()
            time.sleep(PIECE_PAUSE_S)

    def end_headers(self) -> None:
        # A first visit every time: nothing comes from the browser's cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


def pieces(html: bytes) -> list[bytes]:
    """The page cut just before each script of `<body>` that runs (not JSON, not inside a `<template>`):
    where Chromium's parser stops to run it."""
    cuts = [0]
    for match in RUNNING_SCRIPT.finditer(html, max(html.find(b"<body"), 0)):
        if match.group(1) is None:  # a <template> is skipped whole; a JSON block does not stop the parser
            cuts.append(match.start())
    return [html[begin:end] for begin, end in zip(cuts, [*cuts[1:], len(html)], strict=True)]


@pytest.fixture(scope="session")
def slow_url(site: Build) -> Iterator[str]:
    """The real site on 127.0.0.1, served slowly (SlowHandler), for the whole session."""
    with serving(site.site, SlowHandler) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(site: Build) -> Iterator[str]:
    """The real site, built once, served on 127.0.0.1 at a free port for the whole session."""
    with serving(site.site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The Chromium to test with; the tests fail, never skip, when there is none."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured and not Path(configured).is_file():
        pytest.fail(
            f"CHROMIUM_PATH is {configured}, and no file is there. Fix it or unset it.", pytrace=False
        )
    found = dev.find_chromium()
    if not found:
        pytest.fail(
            "The browser tests need Chromium, and none was found. Run `python3 dev.py test`, which installs "
            "Debian's chromium package where it can and otherwise says what to install, or set "
            "CHROMIUM_PATH to a Chromium or Chrome executable.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the whole session (Playwright gives it a fresh user-data-dir)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, args=list(CHROMIUM_FLAGS), headless=True, timeout=60_000
        )
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def visit(browser: Browser, base_url: str) -> Iterator[Callable[[View], Visitor]]:
    """A visitor per View, shared by the whole session: one context and one page for each."""
    visitors: dict[View, Visitor] = {}

    def get(view: View) -> Visitor:
        if view not in visitors:
            visitors[view] = new_visitor(browser, base_url, view)
        return visitors[view]

    yield get
    for visitor in visitors.values():
        visitor.page.context.close()


@pytest.fixture
def fresh_visitor(browser: Browser, base_url: str) -> Iterator[Callable[[View], Visitor]]:
    """A new visitor (empty storage, nothing recorded yet) for this test alone, closed after it."""
    opened: list[Visitor] = []

    def open_(view: View) -> Visitor:
        opened.append(new_visitor(browser, base_url, view))
        return opened[-1]

    yield open_
    for visitor in opened:
        visitor.page.context.close()


# Page helpers: plain functions of a Playwright page, for any browser test.

AXE = Axe()  # axe-core from the axe-playwright-python package, evaluated in the page: no network


def settle(page: Page) -> None:
    """Wait until no transition or animation runs, so nothing is measured half-faded."""
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations on the page once it has settled, one readable line per rule and element."""
    settle(page)
    options = {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations"]}
    results = AXE.run(page, options=options).response
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])}: {node['html'][:160]}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]


def body_scheme(page: Page) -> str | None:
    """The palette Material applied: `default` (light) or `slate` (dark)."""
    return page.get_attribute("body", "data-md-color-scheme")


def search(page: Page, query: str) -> int:
    """Search as a visitor does (the magnifier on a phone, the field on a desktop); return the hit count."""
    magnifier = page.locator("label.md-header__button[for='__search']")
    if magnifier.is_visible():
        magnifier.click()
    page.locator(".md-search__input").press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for()
    return page.locator(".md-search-result__item").count()


def toggle_palette(page: Page) -> str | None:
    """Click the palette toggle a visitor sees; return the palette now applied."""
    before = body_scheme(page)
    page.locator("form[data-md-component='palette'] label:visible").click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=before)
    return body_scheme(page)


FOCUS_STATE = """async () => {
  // Wait two frames, then for running transitions (a drawer sliding in, a fade) to end, one second at most.
  for (let i = 0; i < 2; i++) await new Promise((done) => requestAnimationFrame(done));
  const moving = document.getAnimations().map((animation) => animation.finished.catch(() => null));
  await Promise.race([Promise.all(moving), new Promise((done) => setTimeout(done, 1000))]);
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  // Material hides its palette radio buttons and draws their focus ring on the label beside them.
  const shown = element.matches("input.md-option") ? element.nextElementSibling || element : element;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const top = document.elementFromPoint(x, y);
  return {
    tag: element.tagName.toLowerCase(),
    classes: element.getAttribute("class") || "",
    href: element.getAttribute("href"),
    label: (element.getAttribute("aria-label") || element.textContent || "").trim().slice(0, 60),
    focusVisible: element.matches(":focus-visible"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    boxShadow: style.boxShadow !== "none",
    inViewport: box.width > 0 && box.height > 0
      && shown.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
    uncovered: !!top && (shown.contains(top) || top.contains(shown) || element.contains(top)),
  };
}"""


def press_tab(page: Page) -> dict | None:
    """Press Tab once; describe what has focus (None for the page itself) and how it is shown."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUS_STATE)


def shows_focus(state: dict) -> bool:
    """True when focus is drawn (an outline or a shadow) on an element the visitor can see, in the window."""
    return state["focusVisible"] and (state["outline"] or state["boxShadow"]) and state["inViewport"]


def phone_pattern(tel_href: str) -> re.Pattern[str]:
    """Matches a phone number (from its `tel:` link) however it is written: spaces, dashes, brackets."""
    number = tel_href.removeprefix("tel:")
    digits = re.sub(r"\D", "", number)
    separator = r"[\s().\-\u2010-\u2015]*"
    prefix = r"\+?"
    if number.startswith("+1"):
        # North American numbers are mostly written without their country code.
        prefix, digits = r"(?:\+?1" + separator + r")?", digits[1:]
    return re.compile(r"(?<!\d)" + prefix + separator.join(digits) + r"(?!\d)")


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot for people to look at (test-output/ is git-ignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path
