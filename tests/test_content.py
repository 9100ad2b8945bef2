"""Content a patient can decide with (issue 13): words explained at first use, the clinic's visit rules and
price shown from mkdocs.yml (and refused in production while placeholders), the evidence page."""

from __future__ import annotations

import pytest
from conftest import ARTICLE_PAGES, Build, extra_in, one, twins
from selectolax.lexbor import LexborNode

# The terms the issue names, and their entries on the glossary page.
TERMS = {
    "off-label": "off-label",
    "treatment-resistant": "treatment-resistant",
    "Schedule III": "schedule-iii",
    "REMS": "rems",
    "compounded": "compounded",
}
# Boxes the templates add: not the page's own text.
TEMPLATE_PARTS = ".rj-notice, .rj-references, .rj-review, .rj-visit-rules, aside, .rj-print-contact"


def own_blocks(site: Build, path: str) -> list[LexborNode]:
    """The page's own paragraphs, list items and definitions, in reading order."""
    article = one(site.html(path), "article")
    skipped = {node.mem_id for part in article.css(TEMPLATE_PARTS) for node in part.traverse()}
    blocks = [node for node in article.css("p, li, dd") if node.mem_id not in skipped]
    return [node for node in blocks if not any(parent.mem_id in skipped for parent in ancestors(node))]


def ancestors(node: LexborNode) -> list[LexborNode]:
    found = []
    while node.parent is not None:
        node = node.parent
        found.append(node)
    return found


def test_the_glossary_explains_every_term_under_its_own_anchor(site: Build) -> None:
    glossary = site.html("glossary/")
    for anchor in TERMS.values():
        heading = one(glossary, f"article h2#{anchor}")
        assert heading.next is not None


@pytest.mark.parametrize("term", sorted(TERMS))
def test_each_term_links_to_its_explanation_where_a_page_first_uses_it(site: Build, term: str) -> None:
    used = 0
    for path in [*ARTICLE_PAGES, "crisis-help/", "medical-disclaimer/"]:
        first = next((b for b in own_blocks(site, path) if term.lower() in b.text().lower()), None)
        if first is None:
            continue
        used += 1
        hrefs = [a.attributes.get("href") or "" for a in first.css("a")]
        assert any(href.endswith(f"glossary/#{TERMS[term]}") for href in hrefs), (path, first.text())
    assert used, f"no page uses {term!r}: drop it from the glossary test"


def test_the_visit_rules_are_on_the_visit_and_booking_pages_only_with_the_words_of_mkdocs_yml(
    site: Build,
) -> None:
    shown = {path for path in site.pages() if site.html(path).css("article .rj-visit-rules")}
    assert shown == twins({"during-an-infusion/", "book/"})
    for path in shown:
        rules = extra_in(site.language_of(path))["clinic"]["visit_rules"]
        section = one(site.html(path), "article .rj-visit-rules")
        pairs = list(zip(section.css("dt"), section.css("dd"), strict=True))
        assert [(" ".join(dt.text().split()), " ".join(dd.text().split())) for dt, dd in pairs] == [
            (rule["topic"], " ".join(rule["rule"].split())) for rule in rules
        ]
        # While the rules are placeholders, the box says they are not confirmed yet.
        assert section.css_first(".rj-visit-rules__pending") is not None


def test_the_price_is_shown_from_mkdocs_yml_on_the_cost_and_booking_pages(site: Build) -> None:
    shown = {path for path in site.pages() if site.html(path).css("article .rj-price")}
    assert shown == twins({"cost-and-alternatives/", "book/"})
    for path in shown:
        price = " ".join(extra_in(site.language_of(path))["clinic"]["price"].split())
        assert " ".join(one(site.html(path), "article .rj-price").text().split()).endswith(price)


def test_the_public_build_refuses_the_unconfirmed_visit_rules_and_price(
    production_with_placeholders: Build,
) -> None:
    build = production_with_placeholders
    assert not build.ok
    assert "extra.clinic.visit_rules" in build.log
    assert "extra.clinic.price" in build.log


def test_the_evidence_page_cites_both_trials_against_ect(site: Build) -> None:
    ids = [li.attributes["id"] for li in site.html("how-well-it-works/").css("article .rj-references li")]
    assert {"ref-anand-2023", "ref-ekstrand-2022", "ref-fava-2018"} <= set(ids)
    text = " ".join(one(site.html("how-well-it-works/"), "article").text().split())
    assert "ELEKT-D" in text and "KetECT" in text
