"""Structured data: one JSON-LD graph per page (website, clinic, therapy, sharing image, the page, its
breadcrumb, its FAQ) and the Open Graph / Twitter values, built as Python data and serialised once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rj.faq import QA
from rj.model import Clinic

SCHEMA = "https://schema.org"
# A booking link works in any browser, on a desktop or a phone.
WEB_PLATFORMS = (f"{SCHEMA}/DesktopWebPlatform", f"{SCHEMA}/MobileWebPlatform")
# JSON can hold these inside strings as \u escapes; raw, they could end or confuse the <script> element.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class Image:
    url: str
    width: int
    height: int
    alt: str


@dataclass(frozen=True)
class SiteInfo:
    """What every page's graph says about the site, the clinic and its therapy."""

    url: str
    name: str
    description: str
    language: str
    clinic: Clinic
    booking: str  # absolute address of the booking page
    therapy: Mapping[str, str]  # name, description, drug, url
    card: Image
    logo: str = ""  # absolute address of the logo


@dataclass(frozen=True)
class PageInfo:
    url: str
    title: str
    description: str
    breadcrumb: Sequence[tuple[str, str]] = field(default_factory=tuple)  # (name, url), home first
    is_home: bool = False
    medical: bool = True  # a medical page (rj.pages.page_kind): MedicalWebPage, about the therapy


def breadcrumb_trail(
    home: tuple[str, str], sections: Sequence[tuple[str, str]], page: tuple[str, str], *, is_home: bool
) -> list[tuple[str, str]]:
    """Home, then each section that has an address, then the page itself (just Home on the home page)."""
    if is_home:
        return [home]
    return [home, *(crumb for crumb in sections if crumb[1]), page]


def og_locale(language: str, country: str) -> str:
    """Open Graph's locale (`en_US`) from the site's language (`en` or `en-US`) and the clinic's country."""
    parts = [part for part in re.split(r"[-_]", language.strip()) if part]
    if not parts:
        return ""
    region = parts[1] if len(parts) > 1 else country
    return f"{parts[0].lower()}_{region.upper()}" if region else parts[0].lower()


def build_graph(
    site: SiteInfo,
    page: PageInfo,
    *,
    faq: Sequence[QA] = (),
    review: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The page's one JSON-LD graph: website, clinic, therapy, sharing image, the page, its breadcrumb."""
    ids = {
        "website": f"{site.url}#website",
        "clinic": f"{site.url}#clinic",
        "therapy": f"{site.url}#therapy",
        "card": f"{site.url}#social-card",
        "webpage": f"{page.url}#webpage",
        "breadcrumb": f"{page.url}#breadcrumb",
    }
    website = {
        "@type": "WebSite",
        "@id": ids["website"],
        "url": site.url,
        "name": site.name,
        "description": site.description,
        "inLanguage": site.language,
        "publisher": {"@id": ids["clinic"]},
    }
    therapy = {
        "@type": "MedicalTherapy",
        "@id": ids["therapy"],
        "name": site.therapy["name"],
        "description": site.therapy["description"],
        "url": site.therapy["url"],
        "drug": {"@type": "Drug", "name": site.therapy["drug"]},
    }
    card = {
        "@type": "ImageObject",
        "@id": ids["card"],
        "url": site.card.url,
        "contentUrl": site.card.url,
        "width": site.card.width,
        "height": site.card.height,
        "caption": site.card.alt,
    }
    webpage: dict[str, Any] = {
        "@type": "MedicalWebPage" if page.medical else "WebPage",
        "@id": ids["webpage"],
        "url": page.url,
        "name": page.title,
        "description": page.description,
        "inLanguage": site.language,
        "isPartOf": {"@id": ids["website"]},
        "breadcrumb": {"@id": ids["breadcrumb"]},
        "primaryImageOfPage": {"@id": ids["card"]},
    }
    if page.medical:
        webpage["about"] = {"@id": ids["therapy"]}
        webpage["medicalAudience"] = {"@type": "Patient"}
    # `lastReviewed` and `reviewedBy` (rj.review.graph_review_fields).
    webpage.update(review or {})
    if faq:
        webpage["@type"] = [webpage["@type"], "FAQPage"]
        webpage["mainEntity"] = [question_node(qa, page.url) for qa in faq]
    breadcrumb = {
        "@type": "BreadcrumbList",
        "@id": ids["breadcrumb"],
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(page.breadcrumb, start=1)
        ],
    }
    graph = [website, clinic_node(site, ids), therapy, card, webpage, breadcrumb]
    return {"@context": SCHEMA, "@graph": graph}


def clinic_node(site: SiteInfo, ids: Mapping[str, str]) -> dict[str, Any]:
    """The clinic as a MedicalClinic: how to reach it, when it is open, what it offers, how to book."""
    clinic, address = site.clinic, site.clinic.address
    node: dict[str, Any] = {
        "@type": "MedicalClinic",
        "@id": ids["clinic"],
        "name": clinic.name,
        "url": site.url,
        "telephone": clinic.phone_e164,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": address.street,
            "addressLocality": address.locality,
            "addressRegion": address.region,
            "postalCode": address.postal_code,
            "addressCountry": address.country,
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": list(period.days),
                "opens": period.opens,
                "closes": period.closes,
            }
            for period in clinic.hours
        ],
        "availableService": {"@id": ids["therapy"]},
        "image": {"@id": ids["card"]},
        "potentialAction": {
            "@type": "ReserveAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": site.booking,
                "actionPlatform": list(WEB_PLATFORMS),
            },
        },
    }
    if site.logo:
        node["logo"] = {"@type": "ImageObject", "@id": f"{site.url}#logo", "url": site.logo}
    return node


def question_node(qa: QA, page_url: str) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Question"}
    if qa.anchor:
        # Its own address, once: `@id` is the question's URL (a `url` repeating it cost every FAQ page bytes).
        node["@id"] = f"{page_url}#{qa.anchor}"
    node["name"] = qa.question
    node["acceptedAnswer"] = {"@type": "Answer", "text": qa.answer}
    return node


def serialise_json_ld(graph: Mapping[str, Any]) -> str:
    """The graph as JSON that is safe inside <script>: no `<`, `>` or `&` can appear raw."""
    return json.dumps(graph, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_SAFE)


def social_meta(site: SiteInfo, page: PageInfo) -> dict[str, str]:
    """Values for the Open Graph and Twitter card tags, from the same data as the graph."""
    return {
        "type": "website" if page.is_home else "article",
        "site_name": site.name,
        "locale": og_locale(site.language, site.clinic.address.country),
        "title": page.title,
        "description": page.description,
        "url": page.url,
        "image": site.card.url,
        "image_alt": site.card.alt,
        "image_width": str(site.card.width),
        "image_height": str(site.card.height),
    }
