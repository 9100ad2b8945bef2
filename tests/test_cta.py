"""The booking call to action (hooks/cta.py, overrides/partials/rj-cta.html): where it appears, its links,
its names, the Markdown marker and the front-matter choices."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

import phonenumbers
import pytest
from conftest import (
    ROOT,
    SUB_PATH_CONFIG,
    Build,
    BuildChanged,
    broken_site_part,
    changed_site_part,
    element_sibling,
    needed,
    one,
    site_config,
    template_words,
    twins,
)
from page_text import meta
from rj.cta import (
    Marker,
    classify_comment,
    find_markers,
    is_in_paragraph,
    line_of,
    marker_problems,
    replace_spans,
)
from rj.pages import cta_variant
from selectolax.lexbor import LexborHTMLParser, LexborNode

MARKER = "<!-- booking-cta -->"
# Pages without the usual box after the content: the crisis page turns it off, the Book page shows the
# booking details instead (in every language built), and each 404 page has its own (Build.is_404).
NOT_USUAL = twins({"crisis-help/", "book/"})
PRIVACY = meta("privacy.md")
# Three lines, as in docs/privacy.md, so the line numbers in the messages below do not depend on that page.
FRONT_MATTER = (
    f"---\ntitle: {json.dumps(PRIVACY['title'])}\ndescription: {json.dumps(PRIVACY['description'])}\n"
)


def configured() -> dict:
    """The clinic's details and site address exactly as written in mkdocs.yml (environment defaults)."""
    config = site_config()
    return {"site_url": config["site_url"], **config["extra"]["clinic"]}


def e164(phone: str) -> str:
    return phonenumbers.format_number(phonenumbers.parse(phone, "US"), phonenumbers.PhoneNumberFormat.E164)


def spoken(node: LexborNode) -> str:
    """A link's accessible name: all its text, hidden words included, with spaces collapsed."""
    return " ".join(node.text(deep=True).split())


def visible(node: LexborNode) -> str:
    """A link's visible words: its text without the words kept for screen readers."""
    html = LexborHTMLParser(needed(node.html, "the link's markup"))
    for hidden in html.css(".rj-cta__hidden"):
        hidden.decompose()
    return " ".join(one(html, "body").text(deep=True).split())


def box_page(body: str, front: str = "") -> str:
    """A page with the privacy notice's title and description, extra front matter and `body`."""
    return FRONT_MATTER + front + f"---\n\n# {PRIVACY['title']}\n\n" + body


# Pure helpers


@pytest.mark.parametrize(
    ("value", "variant"),
    [(None, "full"), (True, "full"), ("full", "full"), (" Compact ", "compact"), ("details", "details")],
)
def test_front_matter_values_name_a_variant(value: object, variant: str) -> None:
    assert cta_variant(value) == (variant, None)


@pytest.mark.parametrize("value", [False, "false"])
def test_false_turns_the_box_off(value: object) -> None:
    assert cta_variant(value) == (None, None)


@pytest.mark.parametrize("value", ["big", "", 3, ["compact"]])
def test_an_unknown_variant_names_the_value_and_the_choices(value: object) -> None:
    _, message = cta_variant(value)
    assert message is not None
    assert message.startswith(f"the front matter says `cta: {value}`")
    for choice in ("`cta: compact`", "`cta: details`", "`cta: false`"):
        assert choice in message


@pytest.mark.parametrize(
    ("comment", "kind"),
    [
        (" booking-cta ", "exact"),
        ("booking-cta", "exact"),
        ("\n  BOOKING-CTA\n", "exact"),
        (" booking cta ", "misspelt"),
        (" booking_cta ", "misspelt"),
        (" bookingcta ", "misspelt"),
        (" booking-cat ", "misspelt"),
        (" book-cta ", "misspelt"),
        (" booking-cta compact ", "misspelt"),
        (" TODO: check the dosage wording ", None),
        (" cta ", None),
        (" booking ", "misspelt"),
        (" bookings closed in August ", None),
    ],
)
def test_comments_are_markers_misspelt_markers_or_neither(comment: str, kind: str | None) -> None:
    assert classify_comment(comment) == kind


def test_markers_are_found_in_order_and_code_is_left_alone() -> None:
    html = (
        "<p>One</p>\n<!-- booking-cta -->\n"
        "<pre><code>&lt;!-- booking-cta --&gt;</code></pre>\n"
        "<pre><!-- booking-cta --></pre>\n<p>Use <code><!-- booking-cta --></code>.</p>\n"
        "<p>Two <!-- booking cta --> three</p>\n<!-- note -->\n<!-- booking-cta -->"
    )
    found = find_markers(html)
    assert [(m.text, m.exact, m.in_paragraph) for m in found] == [
        ("<!-- booking-cta -->", True, False),
        ("<!-- booking cta -->", False, True),
        ("<!-- booking-cta -->", True, False),
    ]
    assert html[found[0].start : found[0].end] == MARKER
    assert found[2].end == len(html)


@pytest.mark.parametrize(
    ("before", "inside"),
    [("", False), ("<p>Text", True), ("<p>a</p>\n", False), ('<p class="x">a <em>b', True), ("<pre>", False)],
)
def test_a_point_is_inside_a_paragraph_when_the_last_p_tag_opens_one(before: str, inside: bool) -> None:
    assert is_in_paragraph(before) is inside


def test_line_numbers_count_the_front_matter_and_skip_fenced_code() -> None:
    source = (
        "---\ntitle: x\n---\n\n```\n<!-- booking-cta -->\n```\n\ntext\n<!-- booking-cta -->\n\n"
        "<!-- booking-cta -->\n"
    )
    assert line_of(source, MARKER) == 10
    assert line_of(source, MARKER, occurrence=2) == 12
    assert line_of(source, MARKER, occurrence=3) is None


def test_each_marker_problem_names_the_line_and_the_fix() -> None:
    source = "---\ncta: false\n---\n\nText <!-- booking cta -->\n\n<!-- booking-cta -->\n"
    markers = [Marker(0, 1, "<!-- booking cta -->", False, True), Marker(2, 3, MARKER, True, False)]
    assert marker_problems(markers, variant=None, where="docs/a.md", source=source) == [
        "docs/a.md line 5: `<!-- booking cta -->` looks like a misspelt booking marker; "
        "write `<!-- booking-cta -->` exactly, or delete it.",
        "docs/a.md line 7: the page turns the booking box off (`cta: false`) but has a booking marker; "
        "delete the marker or the `cta: false` line.",
    ]
    inside = [Marker(0, 1, MARKER, True, True)]
    assert marker_problems(inside, variant="full", where="docs/a.md", source="a <!-- booking-cta --> b") == [
        "docs/a.md line 1: the booking marker is inside a paragraph; put `<!-- booking-cta -->` on a line "
        "of its own, with an empty line before and after it."
    ]
    assert marker_problems([Marker(0, 1, MARKER, True, False)], variant="full", where="a", source="") == []


def test_spans_are_replaced_in_order() -> None:
    assert replace_spans("a[1]b[2]c", [(1, 4), (5, 8)], ["X", "YY"]) == "aXbYYc"
    assert replace_spans("abc", [], []) == "abc"


# The real site


def test_every_article_page_ends_with_the_booking_box(site: Build) -> None:
    checked = 0
    for path in site.pages():
        if path in NOT_USUAL or site.is_404(path):
            continue
        article = one(site.html(path), "article.md-content__inner")
        boxes = article.css("aside.rj-cta")
        assert len(boxes) == 1, f"{path or 'home'} has {len(boxes)} booking boxes"
        last = [node for node in article.iter() if node.tag != "-text"][-1]
        assert last.tag == "aside" and "rj-cta--full" in (last.attributes["class"] or ""), path
        checked += 1
    assert checked >= 10


def test_booking_and_call_links_are_exactly_the_ones_in_mkdocs_yml(site: Build) -> None:
    clinic = configured()
    booking = urljoin(clinic["site_url"], clinic["booking_url"])
    tel = "tel:" + e164(clinic["phone"])
    links = 0
    for path in site.pages():
        page_url = urljoin(clinic["site_url"], path)
        html = site.html(path)
        for link in html.css("a.rj-cta__book"):
            assert urljoin(page_url, link.attributes["href"]) == booking, path
            links += 1
        for link in html.css("a.rj-cta__call"):
            assert link.attributes["href"] == tel, path
    # A box and the bar on every page but the 404s (each language has one).
    assert links >= 2 * len([path for path in site.pages() if not site.is_404(path)])


def test_the_number_is_shown_as_people_write_it(site: Build) -> None:
    clinic = configured()
    calls = site.html("faq/").css("aside.rj-cta a.rj-cta__call")
    assert [visible(link) for link in calls] == [f"Call {clinic['phone']}"]


def test_links_have_names_that_make_sense_out_of_context(site: Build) -> None:
    clinic = configured()
    html = site.html("how-ketamine-works/")
    box, bar = one(html, "aside.rj-cta"), one(html, "aside.rj-cta-bar")
    names = {
        "box book": spoken(one(box, "a.rj-cta__book")),
        "box call": spoken(one(box, "a.rj-cta__call")),
        "bar book": spoken(one(bar, "a.rj-cta__book")),
        "bar call": spoken(one(bar, "a.rj-cta__call")),
    }
    assert names == {
        "box book": f"Book a consultation with {clinic['name']}",
        "box call": f"Call {clinic['phone']} to reach {clinic['name']}",
        "bar book": f"Book a consultation with {clinic['name']}",
        "bar call": f"Call {clinic['phone']} to reach {clinic['name']}",
    }
    # WCAG 2.5.3 Label in Name: what a voice-control user reads on the button is part of its name.
    for link in [*box.css("a"), *bar.css("a")]:
        assert visible(link) and visible(link) in spoken(link)


def test_each_copy_is_a_landmark_with_its_own_name(site: Build) -> None:
    for path in site.pages():
        names = [
            node.attributes.get("aria-label")
            for node in site.html(path).css("aside.rj-cta, aside.rj-cta-bar")
        ]
        assert all(names), path
        assert len(names) == len(set(names)), f"{path}: {names}"


def test_the_phone_bar_is_in_the_html_of_every_page_that_has_a_box(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        bars = html.css("body > aside.rj-cta-bar > .rj-cta-bar__inner")
        spacers = html.css(".md-container .rj-cta-spacer[aria-hidden=true]")
        if path in twins({"crisis-help/"}):
            assert bars == [] and spacers == []
            continue
        assert len(bars) == 1 and len(spacers) == 1, path
        assert [a.attributes["class"] for a in bars[0].css("a")] == [
            "rj-cta__book",
            "rj-cta__call",
            "rj-cta-bar__crisis",
        ]
        # Crisis help one tap away from every page with the bar, whatever the page is about.
        crisis = one(bars[0], "a.rj-cta-bar__crisis")
        assert crisis.attributes["href"] == "tel:988", path
        shown = template_words(site.language_of(path))["cta"]["crisis"]
        assert " ".join(crisis.text().split()).startswith(shown), path
        # First after the skip link, so the keyboard reaches booking before the header and the page.
        order = [node.tag for node in html.css("body > aside.rj-cta-bar, body > header.md-header")]
        assert order == ["aside", "header"], path


def test_the_phone_bar_is_fixed_on_small_screens_with_room_reserved_for_it(site: Build) -> None:
    # The built site inlines it and does not deploy the file (hooks/performance.py): read the source.
    css = (ROOT / "overrides/assets/stylesheets/rj.css").read_text(encoding="utf-8")
    rules = css.split("@media screen and (max-width: 59.9375em) and (min-height: 30em) {", 1)[1]
    spacer = needed(re.search(r"\.rj-cta-spacer \{([^}]*)\}", rules), "the .rj-cta-spacer rule").group(1)
    fixed = needed(re.search(r"\.rj-cta-bar__inner \{([^}]*)\}", rules), "the .rj-cta-bar__inner rule").group(
        1
    )
    height = "height: calc(var(--rj-cta-bar-height) + env(safe-area-inset-bottom, 0px));"
    assert height in spacer and "display: block;" in spacer
    assert height in fixed and "position: fixed;" in fixed and "bottom: 0;" in fixed
    assert re.search(r"^\.rj-cta-bar,\s*\.rj-cta-spacer \{\s*display: none;\s*\}", css, re.M)


def test_the_book_page_shows_the_booking_details_as_its_call_to_action(site: Build) -> None:
    clinic = configured()
    html = site.html("book/")
    boxes = html.css("article aside.rj-cta")
    assert [box.attributes["class"] for box in boxes] == ["rj-cta rj-cta--details"]
    box = boxes[0]
    heading = needed(box.prev, "an element before the box")
    while heading.tag != "h2":
        heading = needed(heading.prev, "an h2 before the box")
    assert heading.attributes["id"] == "contact-and-hours"
    assert [dt.text() for dt in box.css("dt")] == ["Address", "Opening hours"]
    address = clinic["address"]
    lines = needed(one(box, "address").html, "the address markup").split("<br>")
    assert lines == [
        f"<address>{address['street']}",
        f"{address['locality']}, {address['region']} {address['postal_code']}</address>",
    ]
    times = [(t.attributes["datetime"]) for t in box.css("time")]
    assert times == [time for period in clinic["hours"] for time in (period["opens"], period["closes"])]
    assert len(box.css("a.rj-cta__book")) == len(box.css("a.rj-cta__call")) == 1
    assert "data-search-exclude" in box.attributes


def test_the_404_page_offers_the_home_page_booking_and_a_call(site: Build) -> None:
    html = site.html("404.html")
    article = one(html, "article")
    assert one(article, "h1").text() == "Page not found"
    assert [a.attributes["href"] for a in article.css("a") if a.text().strip() == "Go to the home page"] == [
        "/"
    ]
    box = one(article, "aside.rj-cta")
    assert box is not None and box.attributes["aria-label"] == "Book or call"
    assert one(box, "a.rj-cta__book").attributes["href"] == configured()["booking_url"]
    assert html.css_first("aside.rj-cta-bar") is not None


def test_the_crisis_page_has_no_booking_box_or_bar(site: Build) -> None:
    html = site.html("crisis-help/")
    assert html.css(".rj-cta, .rj-cta-bar, a[href^='tel:+']") == []


def test_no_marker_is_left_in_any_page(site: Build) -> None:
    for path in site.pages():
        text = (site.site / (path + "index.html" if not path.endswith(".html") else path)).read_text("utf-8")
        assert "booking-cta" not in text, path


def test_the_box_words_come_from_mkdocs_yml(site: Build) -> None:
    words = configured()["cta"]
    box = one(site.html(""), "aside.rj-cta")
    assert one(box, ".rj-cta__title").text() == words["title"]
    assert one(box, ".rj-cta__text").text() == words["text"]


# Changed copies of the site


# Three pages that use the box correctly: markers, the box off, the compact box (read from changed_site).
MARKERS = (
    "First paragraph.\n\n<!-- booking-cta -->\n\nSecond paragraph.\n\n"
    "```markdown\n<!-- booking-cta -->\n```\n\nWrite `<!-- booking-cta -->` on its own line.\n\n"
    "!!! note\n\n    Inside a note.\n\n    <!-- booking-cta -->\n"
)
HOURS = [
    {"days": ["Monday", "Tuesday", "Wednesday", "Thursday"], "opens": "08:30", "closes": "12:00"},
    {"days": ["Friday", "Saturday"], "opens": "00:00", "closes": "23:45"},
    {"days": ["Monday", "Wednesday", "Friday"], "opens": "13:00", "closes": "19:05"},
]
changed_site_part(
    files={
        "docs/privacy.md": box_page(MARKERS),
        "docs/box-off.md": box_page("Nothing to book here.\n", front="cta: false\n"),
        "docs/box-compact.md": box_page("Short page.\n\n<!-- booking-cta -->\n", front="cta: compact\n"),
    },
    config={"extra": {"clinic": {"hours": HOURS}}},
)


def test_markers_place_copies_in_the_text_and_code_shows_the_marker(changed_site: Build) -> None:
    build = changed_site
    html = build.html("privacy/")
    boxes = html.css("article aside.rj-cta")
    assert [box.attributes["aria-label"] for box in boxes] == [
        "Book or call, in the text 1",
        "Book or call, in the text 2",
        "Book or call",
    ]
    assert needed(element_sibling(boxes[0], "prev"), "a paragraph").text() == "First paragraph."
    assert needed(element_sibling(boxes[0], "next"), "a paragraph").text() == "Second paragraph."

    assert needed(boxes[1].parent, "the box's parent").attributes["class"] == "admonition note"
    assert all("data-search-exclude" in box.attributes for box in boxes[:2])
    assert [code.text().strip() for code in html.css("article code")] == [MARKER, MARKER]
    raw = (build.site / "privacy/index.html").read_text(encoding="utf-8")
    assert MARKER not in raw
    index = json.loads((build.site / "search/search_index.json").read_text(encoding="utf-8"))
    privacy = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("privacy/"))
    assert "First paragraph." in privacy and "Book a consultation" not in privacy


def test_a_page_can_turn_the_box_and_bar_off(changed_site: Build) -> None:
    assert changed_site.html("box-off/").css(".rj-cta, .rj-cta-bar") == []
    # Another page keeps its box (changed_site's FAQ page has an extra one, from tests/test_pages.py).
    assert len(changed_site.html("how-ketamine-works/").css("aside.rj-cta")) == 1


def test_a_page_can_ask_for_the_compact_box(changed_site: Build) -> None:
    boxes = changed_site.html("box-compact/").css("aside.rj-cta")
    assert [box.attributes["class"] for box in boxes] == ["rj-cta rj-cta--compact"] * 2
    assert boxes[0].css(".rj-cta__title, .rj-cta__text") == []
    assert len(boxes[0].css("a.rj-cta__book")) == 1


# A different marker mistake on each of three pages, in the shared build of broken pages.
broken_site_part(
    {
        "misspelt.md": box_page("Text.\n\n<!-- booking cta -->\n"),
        "turned-off.md": box_page("Text.\n\n<!-- booking-cta -->\n", front="cta: false\n"),
        "in-paragraph.md": box_page("Text <!-- booking-cta --> more.\n"),
    }
)


@pytest.mark.parametrize(
    "expected",
    [
        "docs/misspelt.md line 10: `<!-- booking cta -->` looks like a misspelt",
        "docs/turned-off.md line 11: the page turns the booking box off",
        "docs/in-paragraph.md line 8: the booking marker is inside a paragraph",
    ],
)
def test_a_marker_that_cannot_become_a_box_stops_the_strict_build(broken_pages: Build, expected: str) -> None:
    assert not broken_pages.ok
    assert expected in broken_pages.log


def test_an_unknown_variant_stops_the_build_naming_the_file_and_the_choices(
    build_changed: BuildChanged,
) -> None:
    # Its own build: an unknown kind of box stops the build at once, before any other page's warnings.
    build = build_changed(files={"docs/privacy.md": box_page("Text.\n", front="cta: big\n")})
    assert not build.ok
    assert (
        "docs/privacy.md: the front matter says `cta: big`, which is not a kind of booking box" in build.log
    )
    assert "`cta: compact`, `cta: details` or `cta: false`" in build.log


def test_opening_hours_are_written_as_people_say_them(changed_site: Build) -> None:
    # HOURS, set in changed_site.
    rows = [" ".join(dd.text().split()) for dd in changed_site.html("book/").css(".rj-cta__details dd")[1:]]
    assert rows == [
        "Monday to Thursday: 8:30 AM to 12 PM",
        "Friday, Saturday: 12 AM to 11:45 PM",
        "Monday, Wednesday, Friday: 1 PM to 7:05 PM",
    ]


def test_a_booking_page_of_this_site_works_from_a_sub_folder(sub_path_site: Build) -> None:
    # SUB_PATH_CONFIG names the site's own Book page as the booking link.
    site_url = SUB_PATH_CONFIG["site_url"]
    book = urljoin(site_url, "book/")
    hrefs = {
        path: [a.attributes["href"] for a in sub_path_site.html(path).css("a.rj-cta__book")]
        for path in ("", "faq/", "404.html")
    }
    assert hrefs == {
        "": ["book/", "book/"],
        "faq/": ["../book/", "../book/"],
        "404.html": [urlsplit(book).path] * 2,
    }
    for path, links in hrefs.items():
        assert {urljoin(site_url + path, href) for href in links} == {book}
    # Structured data takes its booking address from the same setting: it agrees with every link.
    graph = json.loads(one(sub_path_site.html("faq/"), 'script[type="application/ld+json"]').text())["@graph"]
    targets = {
        node["potentialAction"]["target"]["urlTemplate"] for node in graph if "potentialAction" in node
    }
    assert targets == {book}
