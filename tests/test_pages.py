"""Each page's facts (hooks/pages.py, rj/pages.py): one definition of a medical page, editors' front matter
never overwritten, and the FAQ read the same whatever the order of the hooks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pages
import pytest
import site_model
from conftest import (
    ARTICLE_PAGES,
    MEDICAL_PAGES,
    ROOT,
    Build,
    changed_site_part,
    needed,
    one,
    reviewed_new_page,
)
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from page_text import doc, meta, site_config, source_of
from rj.pages import FACTS_KEY, PageFacts, page_kind
from rj.urls import site_path
from selectolax.lexbor import LexborHTMLParser

MARKER = "<!-- booking-cta -->"


def words(text: str) -> str:
    return " ".join(text.split())


def web_page_type(html: LexborHTMLParser) -> str | list[str]:
    graph = json.loads(one(html, 'script[type="application/ld+json"]').text())["@graph"]
    return next(node["@type"] for node in graph if node["@id"].endswith("#webpage"))


def medical_signs(html: LexborHTMLParser) -> dict[str, bool]:
    """The four things a medical page has, as a visitor and a search engine see them."""
    kind = web_page_type(html)
    return {
        # The medical review, not a translation's review note (partials/rj-translation.html shares its style).
        "review": bool(html.css("article .rj-review:not(.rj-translation)")),
        "MedicalWebPage": "MedicalWebPage" in ([kind] if isinstance(kind, str) else kind),
        "FDA notice": bool(html.css("article .rj-notice")),
        "references": bool(html.css("article .rj-references li")),
    }


# One definition of a medical page


def test_page_kind_is_medical_exactly_when_the_page_lists_references() -> None:
    assert page_kind({"references": []}, booking=True, crisis=True, legal=True) == "medical"
    assert page_kind({"therapy": True}, booking=False, crisis=False, legal=False) == "general"
    assert page_kind({}, booking=True, crisis=False, legal=False) == "booking"
    assert page_kind({}, booking=False, crisis=True, legal=False) == "crisis"
    assert page_kind({}, booking=False, crisis=False, legal=True) == "legal"


def test_every_built_page_is_medical_in_all_four_ways_or_in_none(site: Build) -> None:
    articles = [path for path in site.pages() if not path.endswith(".html")]
    medical = {path for path in articles if "references" in meta(source_of(path))}
    assert medical, "no page in docs/ lists references"
    for path in articles:
        signs = medical_signs(site.html(path))
        if meta(source_of(path)).get("fda_explained") is True:
            # It explains the FDA facts in its own words, so it shows them in no box (README).
            assert signs.pop("FDA notice") is False, path
        assert signs == dict.fromkeys(signs, path in medical), path


def test_the_book_page_and_the_footer_pages_are_not_medical(site: Build) -> None:
    # The article's pages that are not medical: the Book page (conftest.ARTICLE_PAGES), and the footer's.
    book = [path for path in ARTICLE_PAGES if path not in MEDICAL_PAGES]
    footer = [site_path(link["page"]) for link in site_config()["extra"]["footer_links"]]
    assert book and footer
    for path in book + footer:
        assert "references" not in meta(source_of(path)), f"docs/{source_of(path)} lists references"
        signs = medical_signs(site.html(path))
        assert signs == dict.fromkeys(signs, False), (path, signs)


changed_site_part(files={"docs/aftercare.md": reviewed_new_page()})


def test_a_new_page_with_references_gets_all_four(changed_site: Build) -> None:
    signs = medical_signs(changed_site.html("aftercare/"))
    assert signs == dict.fromkeys(signs, True), signs


def test_a_new_page_with_references_and_no_review_stops_the_build(broken_pages: Build) -> None:
    # conftest.broken_page_files: reviewed_new_page() without its reviewed_by and last_reviewed lines.
    assert not broken_pages.ok
    assert (
        "docs/aftercare.md: this medical page (it lists references) has no medical review."
        in broken_pages.log
    )


# Editors' keys are never overwritten


@pytest.fixture(scope="module")
def config() -> MkDocsConfig:
    """The real configuration after the model's on_config, as hooks/pages.py receives it."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("SITE_ENV", "SITE_URL", "EDIT_URI"):  # as the build fixtures do: the mkdocs.yml defaults
            patch.delenv(name, raising=False)
        return site_model.on_config(load_config(str(ROOT / "mkdocs.yml")))


def facts_for(config: MkDocsConfig, tmp_path: Path, front: dict[str, Any], markdown: str) -> Page:
    """Run hooks/pages.py on a new page with this front matter and Markdown; return the page."""
    file = File(
        "aftercare.md", src_dir=str(tmp_path), dest_dir=str(tmp_path / "site"), use_directory_urls=True
    )
    file.content_string = markdown
    new = Page(None, file, config)
    new.meta = dict(front)
    pages.on_page_markdown(markdown, page=new, config=config, files=Files([file]))
    return new


@pytest.mark.parametrize("asked", [True, False, "yes"])
def test_the_editors_crisis_help_key_keeps_its_value(
    config: MkDocsConfig, tmp_path: Path, asked: object
) -> None:
    front = {"title": "Aftercare", "description": "Rest.", "crisis_help": asked, "cta": "compact"}
    new = facts_for(config, tmp_path, front, "# Aftercare\n\nRest for the rest of the day.")
    assert {key: value for key, value in new.meta.items() if key != FACTS_KEY} == front
    facts = new.meta[FACTS_KEY]
    assert isinstance(facts, PageFacts)
    # Only `true` asks for the callout; a page that mentions no crisis term and is not listed has none.
    assert facts.crisis_help is (asked is True)
    assert facts.cta.variant == "compact"


def test_the_facts_live_only_under_rj(config: MkDocsConfig, tmp_path: Path) -> None:
    reference = next(iter(site_config()["extra"]["references"]))
    front = {"title": "Aftercare", "description": "Rest.", "references": [reference]}
    new = facts_for(config, tmp_path, front, "# Aftercare\n\nThoughts of suicide need help now.")
    assert set(new.meta) == {*front, FACTS_KEY}
    assert new.meta["references"] == [reference]
    facts = new.meta[FACTS_KEY]
    assert (facts.medical, facts.crisis_help, facts.references) == (True, True, [reference])


# The FAQ hook's order does not matter


def previous_element(node: Any) -> Any:
    """The element before `node`, passing over the text (line breaks) between them."""
    before = node.prev
    while before is not None and before.tag in ("-text", "-comment"):
        before = before.prev
    return before if before is not None else node


def blocks(answer: str) -> list[tuple[str, str]]:
    """An answer's HTML as its elements and their words (line breaks between blocks do not matter)."""
    body = LexborHTMLParser(answer).body
    return [(node.tag or "", words(node.text())) for node in body.iter(include_text=False)] if body else []


def answers(html: LexborHTMLParser) -> dict[str, str]:
    graph = json.loads(one(html, 'script[type="application/ld+json"]').text())["@graph"]
    webpage = next(node for node in graph if node["@id"].endswith("#webpage"))
    return {question["name"]: question["acceptedAnswer"]["text"] for question in webpage["mainEntity"]}


def marked_faq(question: str) -> str:
    """docs/faq.md with a booking marker right after the first paragraph of `question`'s answer."""
    text = doc("faq.md")
    heading = f"## {question}\n\n"
    start = text.index(heading) + len(heading)
    first_paragraph_end = text.index("\n\n", start)
    return text[:first_paragraph_end] + f"\n\n{MARKER}" + text[first_paragraph_end:]


MARKED_QUESTION = "Can I drive home?"
changed_site_part(files={"docs/faq.md": marked_faq(MARKED_QUESTION)})


def test_a_booking_marker_inside_an_faq_answer_is_a_box_on_the_page_but_not_in_the_answer(
    site: Build, changed_site: Build
) -> None:
    question = MARKED_QUESTION
    html = changed_site.html("faq/")
    boxes = html.css("article aside.rj-cta")
    assert len(boxes) == len(site.html("faq/").css("article aside.rj-cta")) + 1
    # The rendered first paragraph of the answer, read from the unchanged page (links become their text).
    shown = next(h for h in site.html("faq/").css("article h2") if words(h.text()).startswith(question))
    follows = needed(shown.next, "what follows the question")
    first_paragraph = words(
        needed(follows.next, "the answer").text() if follows.tag == "-text" else follows.text()
    )
    inline = [box for box in boxes if words(previous_element(box).text()) == first_paragraph]
    assert len(inline) == 1, "the box is not right after the answer's first paragraph"
    # The answer in the JSON-LD has the same blocks as without the marker: no box, nothing from it.
    answer = answers(html)[question]
    assert blocks(answer) == blocks(answers(site.html("faq/"))[question])
    assert "rj-cta" not in answer and "<aside" not in answer
    assert MARKER not in needed(html.html, "the page's markup")
