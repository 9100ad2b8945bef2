"""Visitors who ask for less motion get none; a printed article page is a clean handout."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from browser.conftest import DESKTOP, PHONE, View, Visitor, settle, site_config

pytestmark = pytest.mark.browser

ARTICLE = "during-an-infusion/"
# Every element and pseudo-element with a transition or animation, and the longest time it moves or
# waits; the skip link is focused first so its focus-only transition counts too.
MOTION = """() => {
  document.querySelector(".md-skip").focus();
  const seconds = (list) => Math.max(...list.split(",").map((value) => parseFloat(value) || 0));
  const moving = [];
  for (const element of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(element, pseudo);
      const transition = style.transitionProperty === "none" ? 0
        : seconds(style.transitionDuration) + seconds(style.transitionDelay);
      const animation = style.animationName === "none" ? 0
        : seconds(style.animationDuration) + seconds(style.animationDelay);
      const longest = Math.max(transition, animation);
      const name = `${element.tagName.toLowerCase()}.${element.classList.value}${pseudo || ""}`;
      if (longest > 0) moving.push([name, longest]);
    }
  }
  return moving;
}"""
# An element that moves the way a later style might make it: a slow, delayed fade and an endless spin.
PROBE = """() => {
  const style = document.createElement("style");
  style.textContent = `@keyframes rj-probe { to { transform: rotate(1turn); } }
    .rj-probe { transition: opacity 1s 0.5s; animation: rj-probe 2s 0.5s infinite; }`;
  document.head.append(style);
  const probe = document.createElement("div");
  probe.className = "rj-probe";
  document.querySelector("article").append(probe);
  const computed = getComputedStyle(probe);
  return [computed.transitionDuration, computed.transitionDelay, computed.animationDuration,
          computed.animationDelay, computed.animationIterationCount];
}"""
# What a printed page must not show: navigation, header, search, palette toggle, buttons, booking boxes.
NOT_PRINTED = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar",
    ".md-search",
    "[data-md-component='palette']",
    ".md-skip",
    ".md-top",
    ".md-footer",
    ".md-content__button",
    ".md-typeset .headerlink",
    ".md-button",
    "button",
    ".rj-cta",
    ".rj-cta-bar",
)
PRINTED_ELEMENTS = """(selectors) => selectors.flatMap((selector) =>
  [...document.querySelectorAll(selector)]
    .filter((element) => element.checkVisibility({ visibilityProperty: true }))
    .map((element) => `${selector}: ${element.outerHTML.slice(0, 80)}`))"""
LINK_SUFFIXES = """() => [...document.querySelectorAll("article a[href]")]
  .filter((link) => link.checkVisibility())
  .map((link) => [link.getAttribute("href"), getComputedStyle(link, "::after").content])"""


def test_reduced_motion_turns_every_transition_and_animation_off(
    fresh_visitor: Callable[[View], Visitor],
) -> None:
    moving = fresh_visitor(PHONE).open(ARTICLE).evaluate(MOTION)
    assert len(moving) > 10, "the check sees no motion at all, so it proves nothing"
    still = fresh_visitor(View(PHONE.width, PHONE.height, reduced_motion=True)).open(ARTICLE).evaluate(MOTION)
    assert [(name, seconds) for name, seconds in still if seconds > 0.001] == []


def test_reduced_motion_also_stops_motion_that_later_styles_add(
    fresh_visitor: Callable[[View], Visitor],
) -> None:
    moving = fresh_visitor(PHONE).open(ARTICLE).evaluate(PROBE)
    assert moving == ["1s", "0.5s", "2s", "0.5s", "infinite"]
    still = fresh_visitor(View(PHONE.width, PHONE.height, reduced_motion=True)).open(ARTICLE).evaluate(PROBE)
    assert still in (["0s", "0s", "0s", "0s", "1"], ["1e-05s", "0s", "1e-05s", "0s", "1"])


@pytest.mark.parametrize("view", (PHONE, DESKTOP), ids=lambda view: view.name)
def test_print_leaves_out_navigation_header_search_toggle_buttons_and_booking_boxes(
    fresh_visitor: Callable[[View], Visitor], view: View
) -> None:
    page = fresh_visitor(view).open(ARTICLE)
    assert len(page.evaluate(PRINTED_ELEMENTS, list(NOT_PRINTED))) > 3, "the screen shows none of them"
    page.emulate_media(media="print")
    assert page.evaluate(PRINTED_ELEMENTS, list(NOT_PRINTED)) == []
    assert page.locator("article h1").is_visible()
    assert page.locator("article p").first.is_visible()


def test_print_writes_the_address_of_each_outside_link_after_its_text(
    fresh_visitor: Callable[[View], Visitor],
) -> None:
    page = fresh_visitor(PHONE).open(ARTICLE)
    page.emulate_media(media="print")
    suffixes = page.evaluate(LINK_SUFFIXES)
    outside = [(href, after) for href, after in suffixes if href.startswith(("http://", "https://"))]
    inside = [(href, after) for href, after in suffixes if not href.startswith(("http://", "https://"))]
    assert outside, "the article has no outside link to check"
    assert inside, "the article has no link inside the site to check"
    assert all(after == f'" ({href})"' for href, after in outside), outside
    assert all(after == "none" for _, after in inside), inside


def test_clinic_details_are_printed_but_not_shown_on_screen(fresh_visitor: Callable[[View], Visitor]) -> None:
    clinic = site_config()["extra"]["clinic"]
    page = fresh_visitor(PHONE).open(ARTICLE)
    contact = page.locator(".rj-print-contact")
    assert not contact.is_visible()
    page.emulate_media(media="print")
    assert contact.is_visible()
    text = contact.inner_text()
    assert clinic["phone"] in text
    assert clinic["booking_url"] in text


def test_print_from_the_dark_palette_gives_dark_text_and_links(
    fresh_visitor: Callable[[View], Visitor],
) -> None:
    page = fresh_visitor(View(PHONE.width, PHONE.height, "dark")).open(ARTICLE)
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.emulate_media(media="print")
    settle(page)  # links fade to their print colour (Material's colour transition)
    colours = page.evaluate("""() => [
      getComputedStyle(document.querySelector("article p")).color,
      getComputedStyle(document.querySelector("article p a[href^='https://']")).color,
    ]""")
    assert colours == ["rgba(0, 0, 0, 0.87)", "rgba(0, 0, 0, 0.87)"]
