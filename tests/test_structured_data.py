"""One JSON-LD graph per page, sharing tags, robots.txt and the sitemap: valid, complete, from one source."""

from __future__ import annotations

import copy
import json
from typing import Any

import phonenumbers
import pytest
from conftest import ROOT, SUB_PATH_CONFIG, Build, changed_site_part, needed, one, site_config
from page_text import doc, source_of, with_front_matter
from page_text import meta as front_matter_of
from rj.claims import BLOCKS
from rj.faq import QA
from rj.graph import (
    Image,
    PageInfo,
    SiteInfo,
    breadcrumb_trail,
    build_graph,
    og_locale,
    serialise_json_ld,
    social_meta,
)
from rj.model import Clinic, SettingsError, png_size, read_extra
from selectolax.lexbor import LexborHTMLParser, LexborNode

SITE_URL = site_config()["site_url"]
# schema.org types and the properties each may carry (its own and its supertypes'), checked on
# schema.org: Thing > CreativeWork > WebPage > MedicalWebPage; Organization/Place > LocalBusiness /
# MedicalOrganization > MedicalClinic; MedicalEntity > MedicalProcedure > TherapeuticProcedure >
# MedicalTherapy; MediaObject > ImageObject; Intangible > ItemList > BreadcrumbList, ListItem,
# StructuredValue > PostalAddress / OpeningHoursSpecification, EntryPoint; Action > ReserveAction;
# Person; Audience > MedicalAudience > Patient.
THING = {"name", "description", "url", "image", "sameAs", "alternateName", "identifier", "potentialAction"}
CREATIVE_WORK = THING | {"about", "inLanguage", "isPartOf", "publisher", "author", "mainEntity", "text"}
WEB_PAGE = CREATIVE_WORK | {"breadcrumb", "lastReviewed", "reviewedBy", "primaryImageOfPage", "relatedLink"}
ORGANIZATION = THING | {"address", "telephone", "logo", "email", "contactPoint", "areaServed"}
PLACE = THING | {"address", "telephone", "logo", "openingHoursSpecification", "geo", "hasMap"}
SCHEMA_ORG: dict[str, set[str]] = {
    "WebSite": CREATIVE_WORK,
    "WebPage": WEB_PAGE,
    "MedicalWebPage": WEB_PAGE | {"medicalAudience"},
    "FAQPage": WEB_PAGE,
    "Question": CREATIVE_WORK | {"acceptedAnswer", "suggestedAnswer", "answerCount"},
    "Answer": CREATIVE_WORK,
    "MedicalClinic": ORGANIZATION | PLACE | {"availableService", "medicalSpecialty", "priceRange"},
    "MedicalTherapy": THING
    | {"drug", "adverseOutcome", "contraindication", "seriousAdverseOutcome", "relevantSpecialty"},
    "Drug": THING | {"activeIngredient", "nonProprietaryName", "legalStatus"},
    "ImageObject": CREATIVE_WORK | {"contentUrl", "width", "height", "caption", "encodingFormat"},
    "BreadcrumbList": THING | {"itemListElement", "numberOfItems"},
    "ListItem": THING | {"item", "position"},
    "PostalAddress": THING
    | {"streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry"},
    "OpeningHoursSpecification": THING | {"dayOfWeek", "opens", "closes", "validFrom", "validThrough"},
    "ReserveAction": THING | {"target", "agent", "object", "result"},
    "EntryPoint": THING | {"urlTemplate", "actionPlatform", "httpMethod", "contentType"},
    "Person": THING | {"honorificPrefix", "honorificSuffix", "jobTitle", "affiliation"},
    "Patient": THING | {"healthCondition", "diagnosis", "drug"},
}
DAYS_OF_WEEK = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
PLATFORMS = {"https://schema.org/DesktopWebPlatform", "https://schema.org/MobileWebPlatform"}
# Tags Google allows in an FAQ answer.
ANSWER_TAGS = {
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "ol",
    "ul",
    "li",
    "a",
    "p",
    "div",
    "b",
    "strong",
    "i",
}
ANSWER_TAGS |= {"em", "html", "head", "body"}  # the last three are the parser's wrapper around a fragment


def nav_title(source: str) -> str:
    """The title mkdocs.yml's nav gives a page."""
    return next(title for entry in site_config()["nav"] for title, page in entry.items() if page == source)


def graph_of(html: LexborHTMLParser) -> dict[str, Any]:
    scripts = html.css('script[type="application/ld+json"]')
    assert len(scripts) == 1, "a page must have exactly one JSON-LD block"
    # At the end of the page, after the article: crawlers read it anywhere, and the first view stays small.
    assert needed(scripts[0].parent, "the block's parent").tag == "body"
    children = list(one(html, "body").iter(include_text=False))
    container = one(html, "body > .md-container")
    assert children.index(scripts[0]) > children.index(container), "it must close the page"
    return json.loads(scripts[0].text())


def nodes_by_id(graph: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["@id"]: node for node in graph["@graph"]}


def walk(value: Any) -> list[dict[str, Any]]:
    """Every object in a JSON value, depth first."""
    if isinstance(value, dict):
        return [value, *(found for child in value.values() for found in walk(child))]
    if isinstance(value, list):
        return [found for child in value for found in walk(child)]
    return []


def types_of(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    return [kind] if isinstance(kind, str) else list(kind)


def visible_text(node: LexborNode) -> str:
    """Text a visitor reads in a built element, without the headings' "¶" permalinks; blocks (list items,
    paragraphs: the claims check's `BLOCKS`) apart, as they show, whether or not the markup has white space
    between them."""
    copy = LexborHTMLParser(needed(node.html, "the element's markup"))
    for link in copy.css(".headerlink"):
        link.decompose()
    for block in copy.css(",".join(sorted(BLOCKS))):
        block.insert_after(" ")
    return " ".join(one(copy, "body").text().split())


def site_info(**changes: Any) -> SiteInfo:
    values: dict[str, Any] = {
        "url": "https://clinic.test/",
        "name": "Test Clinic",
        "description": "A test site.",
        "language": "en",
        "clinic": Clinic.model_validate(
            {
                "name": "Test Clinic",
                "phone": "+1 281-555-0100",
                "booking_url": "https://booking.clinic.test/",
                "address": {
                    "street": "1 Test Road",
                    "locality": "Spring",
                    "region": "TX",
                    "postal_code": "00000",
                    "country": "US",
                },
                "hours": [{"days": ["Monday", "Tuesday"], "opens": "09:00", "closes": "17:00"}],
            }
        ),
        "booking": "https://booking.clinic.test/",
        "therapy": {"name": "Therapy", "description": "What it is.", "drug": "Drugname", "url": "https://x/"},
        "card": Image("https://clinic.test/card.png", 1200, 630, "Card"),
        "logo": "https://clinic.test/logo.svg",
    }
    return SiteInfo(**{**values, **changes})


PAGE = PageInfo(
    url="https://clinic.test/faq/",
    title="Questions",
    description="Answers.",
    breadcrumb=[("Home", "https://clinic.test/"), ("Questions", "https://clinic.test/faq/")],
)


# The pure helpers.


def test_graph_links_website_clinic_therapy_page_and_breadcrumb_by_stable_ids() -> None:
    graph = build_graph(site_info(), PAGE)
    nodes = nodes_by_id(graph)
    assert graph["@context"] == "https://schema.org"
    assert list(nodes) == [
        "https://clinic.test/#website",
        "https://clinic.test/#clinic",
        "https://clinic.test/#therapy",
        "https://clinic.test/#social-card",
        "https://clinic.test/faq/#webpage",
        "https://clinic.test/faq/#breadcrumb",
    ]
    page = nodes["https://clinic.test/faq/#webpage"]
    assert page["@type"] == "MedicalWebPage"
    assert page["isPartOf"] == {"@id": "https://clinic.test/#website"}
    assert page["about"] == {"@id": "https://clinic.test/#therapy"}
    assert page["breadcrumb"] == {"@id": "https://clinic.test/faq/#breadcrumb"}
    assert nodes["https://clinic.test/#clinic"]["availableService"] == {"@id": "https://clinic.test/#therapy"}
    assert "lastReviewed" not in page and "reviewedBy" not in page and "mainEntity" not in page


def test_clinic_has_phone_address_hours_and_a_reserve_action_to_the_booking_page() -> None:
    clinic = nodes_by_id(build_graph(site_info(), PAGE))["https://clinic.test/#clinic"]
    assert clinic["telephone"] == "+12815550100"
    assert clinic["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 Test Road",
        "addressLocality": "Spring",
        "addressRegion": "TX",
        "postalCode": "00000",
        "addressCountry": "US",
    }
    assert clinic["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Monday", "Tuesday"],
            "opens": "09:00",
            "closes": "17:00",
        }
    ]
    assert clinic["potentialAction"]["@type"] == "ReserveAction"
    assert clinic["potentialAction"]["target"]["@type"] == "EntryPoint"
    assert clinic["potentialAction"]["target"]["urlTemplate"] == "https://booking.clinic.test/"


def test_faq_makes_the_page_an_faq_page_with_its_questions_in_order() -> None:
    faq = [QA("One?", "<p>1</p>", "one"), QA("Two?", "<p>2</p>")]
    page = nodes_by_id(build_graph(site_info(), PAGE, faq=faq))["https://clinic.test/faq/#webpage"]
    assert page["@type"] == ["MedicalWebPage", "FAQPage"]
    assert page["mainEntity"] == [
        {
            "@type": "Question",
            "@id": "https://clinic.test/faq/#one",
            "name": "One?",
            "acceptedAnswer": {"@type": "Answer", "text": "<p>1</p>"},
        },
        {"@type": "Question", "name": "Two?", "acceptedAnswer": {"@type": "Answer", "text": "<p>2</p>"}},
    ]


def test_review_fields_go_on_the_page_node() -> None:
    review = {"lastReviewed": "2026-05-01", "reviewedBy": {"@type": "Person", "name": "Test Reviewer"}}
    page = nodes_by_id(build_graph(site_info(), PAGE, review=review))["https://clinic.test/faq/#webpage"]
    assert page["lastReviewed"] == "2026-05-01"
    assert page["reviewedBy"] == {"@type": "Person", "name": "Test Reviewer"}


def test_a_page_without_review_has_no_review_fields() -> None:
    page = nodes_by_id(build_graph(site_info(), PAGE))["https://clinic.test/faq/#webpage"]
    assert "lastReviewed" not in page and "reviewedBy" not in page


def test_footer_page_is_a_plain_web_page_not_about_the_therapy() -> None:
    footer = PageInfo(url="https://clinic.test/privacy/", title="Privacy", description="d", medical=False)
    page = nodes_by_id(build_graph(site_info(), footer))["https://clinic.test/privacy/#webpage"]
    assert page["@type"] == "WebPage"
    assert "about" not in page and "medicalAudience" not in page


def test_serialised_graph_cannot_end_a_script_element() -> None:
    text = serialise_json_ld({"a": '</script><!-- & "q" \\ 😀 שלום'})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\"q\\" \\\\ 😀 שלום"}'
    assert json.loads(text) == {"a": '</script><!-- & "q" \\ 😀 שלום'}


def test_booking_target_is_absolute_for_a_page_of_the_site_too() -> None:
    from structured_data import site_info as info_of
    from test_model import site_with

    booking = info_of(site_with(url="https://x.test/sub/", clinic={"booking_url": "book/"}), logo="").booking
    assert booking == "https://x.test/sub/book/"
    info = info_of(site_with(url="https://x.test/", clinic={"booking_url": "https://b.test/r"}), logo="")
    assert info.booking == "https://b.test/r"


def test_breadcrumb_is_home_then_sections_with_an_address_then_the_page() -> None:
    home, page = ("Home", "https://x/"), ("Page", "https://x/s/p/")
    sections = [("Section", "https://x/s/first/"), ("Empty section", "")]
    assert breadcrumb_trail(home, sections, page, is_home=False) == [
        home,
        ("Section", "https://x/s/first/"),
        page,
    ]
    assert breadcrumb_trail(home, [], home, is_home=True) == [home]


def test_og_locale_comes_from_language_and_country() -> None:
    assert og_locale("en", "us") == "en_US"
    assert og_locale("es", "US") == "es_US"
    assert og_locale("pt-BR", "US") == "pt_BR"
    assert og_locale("en", "") == "en"


def test_social_meta_uses_the_page_and_the_card() -> None:
    meta = social_meta(site_info(), PAGE)
    assert meta == {
        "type": "article",
        "site_name": "Test Clinic",
        "locale": "en_US",
        "title": "Questions",
        "description": "Answers.",
        "url": "https://clinic.test/faq/",
        "image": "https://clinic.test/card.png",
        "image_alt": "Card",
        "image_width": "1200",
        "image_height": "630",
    }


def test_png_size_reads_the_header_and_refuses_other_files() -> None:
    card = (ROOT / "overrides/assets/images/social-card.png").read_bytes()
    assert png_size(card[:24]) == (1200, 630)
    assert png_size(b"<svg></svg>" * 3) is None
    assert png_size(b"") is None


def test_therapy_and_card_settings_name_the_missing_key() -> None:
    extra = copy.deepcopy(dict(site_config()["extra"]))
    extra["therapy"] = {"name": "n", "description": "d", "page": "p.md"}
    with pytest.raises(SettingsError, match=r"`extra\.therapy\.drug` is missing; add `drug:`"):
        read_extra(extra)
    extra = copy.deepcopy(dict(site_config()["extra"]))
    extra["social_card"] = {"image": "a.png", "alt": " "}
    with pytest.raises(SettingsError, match=r"`extra\.social_card\.alt` \(\" \"\) must not be empty"):
        read_extra(extra)


# The built site.


def test_every_page_has_one_json_ld_graph_at_its_end(site: Build) -> None:
    for path in site.pages():
        if site.is_404(path):
            assert site.html(path).css('script[type="application/ld+json"]') == []
            continue
        graph = graph_of(site.html(path))
        assert graph["@context"] == "https://schema.org"


def test_every_type_and_property_is_schema_org(site: Build) -> None:
    unknown = []
    for path in site.pages():
        if site.is_404(path):
            continue
        for node in walk(graph_of(site.html(path))["@graph"]):
            kinds = types_of(node)
            if not kinds:
                assert set(node) == {"@id"}, f"{path}: untyped node {node}"
                continue
            allowed = set().union(*(SCHEMA_ORG.get(kind, set()) for kind in kinds))
            unknown += [f"{path}: @type {kind}" for kind in kinds if kind not in SCHEMA_ORG]
            unknown += [
                f"{path}: {kinds}.{key}" for key in node if not key.startswith("@") and key not in allowed
            ]
            if "dayOfWeek" in node:
                assert set(node["dayOfWeek"]) <= DAYS_OF_WEEK
            if "actionPlatform" in node:
                assert set(node["actionPlatform"]) <= PLATFORMS
    assert unknown == []


def test_every_reference_points_at_a_node_of_the_same_graph(site: Build) -> None:
    for path in ("", "faq/", "privacy/"):
        graph = graph_of(site.html(path))
        ids = set(nodes_by_id(graph))
        references = {node["@id"] for node in walk(graph["@graph"]) if set(node) == {"@id"}}
        assert references <= ids, path


def test_faq_page_graph_is_its_visible_questions_and_answers(site: Build) -> None:
    html = site.html("faq/")
    page = nodes_by_id(graph_of(html))[SITE_URL + "faq/#webpage"]
    assert page["@type"] == ["MedicalWebPage", "FAQPage"]
    questions = page["mainEntity"]
    # The page's own headings: boxes the templates add (crisis help, references, booking) are not FAQs.
    headings = html.css("article > h2")
    assert [q["name"] for q in questions] == [visible_text(h) for h in headings]
    assert len(questions) == 11
    assert questions[0]["name"] == "Is ketamine infusion therapy FDA-approved?"
    for number, (question, heading) in enumerate(zip(questions, headings, strict=True)):
        shown, node = [], heading.next
        while node is not None and node.tag != "h2":
            if node.is_element_node and node.tag != "aside":  # boxes beside the text are not answers
                shown.append(visible_text(node))
            node = node.next
        answer = LexborHTMLParser(question["acceptedAnswer"]["text"])
        written = visible_text(one(answer, "body"))
        # The last answer may be followed by boxes other hooks add after the content; it still starts it.
        if number < len(questions) - 1:
            assert written == " ".join(shown), question["name"]
        else:
            assert " ".join(shown).startswith(written), question["name"]
        root = needed(answer.root, "the answer's root element")
        assert {node.tag for node in root.traverse() if node.is_element_node} <= ANSWER_TAGS
        for link in answer.css("a"):
            assert needed(link.attributes["href"], "a link's href").startswith(
                ("https://", "http://", "tel:", "mailto:")
            )


def test_faq_answer_links_are_absolute_addresses_of_the_site(site: Build) -> None:
    questions = nodes_by_id(graph_of(site.html("faq/")))[SITE_URL + "faq/#webpage"]["mainEntity"]
    answer = LexborHTMLParser(questions[0]["acceptedAnswer"]["text"])
    assert [a.attributes["href"] for a in answer.css("a")] == [
        SITE_URL + "glossary/#off-label",
        SITE_URL + "what-is-ketamine-infusion-therapy/#off-label-use",
    ]


def test_pages_without_an_faq_are_not_faq_pages(site: Build) -> None:
    for path in ("", "side-effects/", "book/"):
        node = next(n for n in graph_of(site.html(path))["@graph"] if n["@id"].endswith("#webpage"))
        medical = "references" in front_matter_of(source_of(path))
        assert node["@type"] == ("MedicalWebPage" if medical else "WebPage"), path
        assert "mainEntity" not in node


def test_page_node_describes_the_page_from_its_front_matter_and_config(site: Build) -> None:
    html = site.html("side-effects/")
    nodes = nodes_by_id(graph_of(html))
    page = nodes[SITE_URL + "side-effects/#webpage"]
    assert page["name"] == front_matter_of("side-effects.md")["title"]
    assert page["description"] == one(html, 'meta[name="description"]').attributes["content"]
    assert page["url"] == SITE_URL + "side-effects/"
    assert page["inLanguage"] == site_config()["theme"]["language"]
    assert nodes[SITE_URL + "side-effects/#breadcrumb"]["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": nav_title("index.md"), "item": SITE_URL},
        {
            "@type": "ListItem",
            "position": 2,
            "name": nav_title("side-effects.md"),
            "item": SITE_URL + "side-effects/",
        },
    ]
    therapy, settings = nodes[SITE_URL + "#therapy"], site_config()["extra"]["therapy"]
    assert therapy["name"] == settings["name"]
    assert therapy["url"] == SITE_URL + settings["page"].removesuffix(".md") + "/"
    assert therapy["drug"] == {"@type": "Drug", "name": settings["drug"]}


def test_clinic_node_comes_from_the_clinic_settings(site: Build) -> None:
    settings = site_config()["extra"]["clinic"]
    clinic = nodes_by_id(graph_of(site.html("")))[SITE_URL + "#clinic"]
    assert clinic["@type"] == "MedicalClinic"
    assert clinic["name"] == settings["name"]
    e164 = phonenumbers.format_number(
        phonenumbers.parse(settings["phone"], settings["address"]["country"]),
        phonenumbers.PhoneNumberFormat.E164,
    )
    assert clinic["telephone"] == e164
    assert clinic["address"]["addressLocality"] == settings["address"]["locality"]
    assert [spec["dayOfWeek"] for spec in clinic["openingHoursSpecification"]] == [
        period["days"] for period in settings["hours"]
    ]
    assert clinic["potentialAction"]["target"]["urlTemplate"] == settings["booking_url"]


def test_sharing_tags_describe_the_page(site: Build) -> None:
    html = site.html("faq/")

    def meta(key: str) -> str:
        node = one(html, f'meta[property="{key}"], meta[name="{key}"]')
        return node.attributes["content"] or ""

    description = one(html, 'meta[name="description"]').attributes["content"]
    assert one(html, 'link[rel="canonical"]').attributes["href"] == SITE_URL + "faq/"
    assert meta("og:url") == SITE_URL + "faq/"
    assert meta("og:type") == "article"
    assert meta("og:title") == meta("twitter:title") == front_matter_of("faq.md")["title"]
    assert meta("og:description") == meta("twitter:description") == description
    assert meta("og:site_name") == site_config()["site_name"]
    assert meta("og:locale") == "en_US"
    assert meta("og:image") == meta("twitter:image") == SITE_URL + "assets/images/social-card.png"
    assert (meta("og:image:width"), meta("og:image:height")) == ("1200", "630")
    assert meta("og:image:alt") == site_config()["extra"]["social_card"]["alt"]
    assert meta("twitter:card") == "summary_large_image"
    assert one(site.html(""), 'meta[property="og:type"]').attributes["content"] == "website"


def test_sharing_card_is_a_1200_by_630_png_served_by_the_site(site: Build) -> None:
    card = site.site / "assets/images/social-card.png"
    assert png_size(card.read_bytes()[:24]) == (1200, 630)


def test_robots_txt_points_at_the_sitemap(site: Build) -> None:
    robots = (site.site / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines() == ["User-agent: *", "Disallow:", "", f"Sitemap: {SITE_URL}sitemap.xml"]


def test_sitemap_lists_every_page_but_the_404(site: Build) -> None:
    sitemap = LexborHTMLParser((site.site / "sitemap.xml").read_text(encoding="utf-8"))
    listed = {node.text().strip() for node in sitemap.css("loc")}
    assert listed == {SITE_URL + path for path in site.pages() if not site.is_404(path)}


def test_site_under_a_sub_path_gets_absolute_addresses_there(sub_path_site: Build) -> None:
    base = SUB_PATH_CONFIG["site_url"]
    build = sub_path_site
    assert f"Sitemap: {base}sitemap.xml" in (build.site / "robots.txt").read_text(encoding="utf-8")
    sitemap = (build.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}faq/</loc>" in sitemap
    nodes = nodes_by_id(graph_of(build.html("faq/")))
    assert nodes[base + "faq/#webpage"]["isPartOf"] == {"@id": base + "#website"}
    assert nodes[base + "#social-card"]["url"] == base + "assets/images/social-card.png"


REVIEWER = {"name": "Test Reviewer", "credentials": "MD"}
FAQ_HEADING = site_config()["extra"]["faq"]["headings"][0]


# The side-effects page reviewed by a test reviewer, and an FAQ on the Book page (read from changed_site).
changed_site_part(
    files={
        "docs/side-effects.md": with_front_matter(
            doc("side-effects.md"), reviewed_by="test-reviewer", last_reviewed="2026-05-01"
        ),
        "docs/book.md": doc("book.md")
        + f"\n## {FAQ_HEADING}\n\n### Do I need a referral?\n\nAsk the clinic.\n\n## After\n\nMore.\n",
    },
    config={"extra": {"reviewers": {"test-reviewer": REVIEWER}}},
)


def test_reviewed_page_carries_its_review_date_and_reviewer(changed_site: Build) -> None:
    page = nodes_by_id(graph_of(changed_site.html("side-effects/")))[SITE_URL + "side-effects/#webpage"]
    assert page["lastReviewed"] == "2026-05-01"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": REVIEWER["name"],
        "honorificSuffix": REVIEWER["credentials"],
    }


def test_faq_section_on_another_page_is_marked_up_there(changed_site: Build) -> None:
    build = changed_site
    page = nodes_by_id(graph_of(build.html("book/")))[SITE_URL + "book/#webpage"]
    # The Book page lists no references: a plain web page, with the FAQ's questions.
    assert page["@type"] == ["WebPage", "FAQPage"]
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in page["mainEntity"]] == [
        ("Do I need a referral?", "<p>Ask the clinic.</p>")
    ]
