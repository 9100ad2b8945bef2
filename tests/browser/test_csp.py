"""Every page under its Content-Security-Policy (hooks/guard.py, hooks/rj/csp.py): Chromium reports no
violation while a visitor loads it, searches, switches the palette and opens the menu, and all of it works."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from browser.conftest import PHONE, View, Visitor, page_id, page_paths, search, toggle_palette

pytestmark = pytest.mark.browser

# Records every violation the page reports, from the first byte on (the policy is a <meta> in <head>).
VIOLATIONS = """
window.__rjViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__rjViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " "
    + (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


def watched(fresh_visitor: Callable[[View], Visitor]) -> tuple[Visitor, list[str]]:
    """A new phone visitor whose page records policy violations and the console's CSP messages."""
    visitor = fresh_visitor(PHONE)
    visitor.page.context.add_init_script(VIOLATIONS)
    console: list[str] = []
    visitor.page.on(
        "console",
        lambda message: console.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return visitor, console


@pytest.mark.parametrize("path", page_paths(), ids=page_id)
def test_page_works_under_its_policy_with_no_violation(
    fresh_visitor: Callable[[View], Visitor], path: str
) -> None:
    visitor, console = watched(fresh_visitor)
    page = visitor.open(path)
    policy = page.get_attribute('head > meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy and "script-src 'self'" in policy
    # Search: the first tap loads the deferred scripts, which start the search worker and fetch the index.
    assert search(page, "ketamine") > 0
    page.keyboard.press("Escape")
    assert toggle_palette(page) == "slate"
    # The menu (Material's drawer) opens on a phone.
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    assert page.locator("nav.md-nav--primary").first.is_visible()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__rjViolations") == []
    assert console == []


def test_a_script_the_page_did_not_ship_is_blocked_and_reported(
    fresh_visitor: Callable[[View], Visitor],
) -> None:
    """The control: the listeners above do hear a violation, and the policy stops an injected script."""
    visitor, console = watched(fresh_visitor)
    page = visitor.open("")
    ran = page.evaluate(
        """() => new Promise((done) => {
          window.__rjInjected = false;
          const script = document.createElement("script");
          script.textContent = "window.__rjInjected = true";
          document.body.appendChild(script);
          setTimeout(() => done(window.__rjInjected), 200);
        })"""
    )
    assert ran is False
    assert any(entry.startswith("script-src") for entry in page.evaluate("window.__rjViolations"))
    assert console
