"""Structured data (one JSON-LD graph) and sharing metadata for every page, from mkdocs.yml and the page.

Events: `on_config` (check `extra.therapy` and `extra.social_card`) and `on_page_context` (build the
page's graph and its sharing values into the template context).
Reads: mkdocs.yml `site_name`, `site_description`, `site_url`, `theme.language`, `theme.logo`, `nav`,
`extra.clinic` (checked by hooks/clinic.py, which adds `phone_e164`), `extra.therapy` (`name`,
`description`, `drug`, `page`), `extra.social_card` (`image`, a 1200x630 PNG, and `alt`);
front matter `title`, `description`; the page's FAQ read by hooks/faq.py; the medical review read by
hooks/review.py.
Produces: `rj_json_ld` (the page's graph, serialised so no text can end its <script> element) and
`rj_social` (Open Graph and Twitter card values) in the page's template context; overrides/main.html and
overrides/partials/rj-social.html print them. The 404 page has neither.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from clinic import booking_target
from faq import FAQ_KEY, QA
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from review import graph_review_fields

SCHEMA = "https://schema.org"
THERAPY_KEYS = ("name", "description", "drug", "page")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
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
    clinic: Mapping[str, Any]  # extra.clinic, with phone_e164
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
    medical: bool = True  # a page of the health information (in the navigation), not a footer page


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: `site_url` is missing; set it to the site's public address, "
            "e.g. `site_url: https://www.example.com/`."
        )
    therapy = check_therapy(config.extra.get("therapy"))
    if not os.path.isfile(os.path.join(config.docs_dir, therapy["page"])):
        raise config_error(
            "therapy.page", f'names "{therapy["page"]}", which is not in docs/', "name the page's file"
        )
    page = File(therapy["page"], config.docs_dir, config.site_dir, config.use_directory_urls)
    config.extra["therapy"] = {**therapy, "url": urljoin(config.site_url, page.url)}
    card = check_social_card(config.extra.get("social_card"))
    size = png_size(read_start(find_asset(card["image"], [config.docs_dir, *config.theme.dirs])))
    if size is None:
        raise config_error(
            "social_card.image",
            f'"{card["image"]}" is not a PNG file in overrides/ or docs/',
            "give the path of the 1200x630 PNG, e.g. `assets/images/social-card.png`",
        )
    config.extra["social_card"] = {**card, "width": size[0], "height": size[1]}
    return config


def on_page_context(
    context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    site = site_info(config)
    info = page_info(page, config, nav)
    graph = build_graph(
        site,
        info,
        faq=page.meta.get(FAQ_KEY) or [],
        # Checked and read by hooks/review.py (on_page_markdown, before this event).
        review=graph_review_fields(page.meta.get("medical_review")),
    )
    context["rj_json_ld"] = serialise_json_ld(graph)
    context["rj_social"] = social_meta(site, info)
    return context


def site_info(config: MkDocsConfig) -> SiteInfo:
    extra, site_url = config.extra, config.site_url or ""
    card = extra["social_card"]
    logo = config.theme.get("logo")
    return SiteInfo(
        url=site_url,
        name=config.site_name,
        description=config.site_description or "",
        language=config.theme.get("language") or "en",
        clinic=extra["clinic"],
        booking=booking_target(extra["clinic"], site_url),
        therapy=extra["therapy"],
        card=Image(urljoin(site_url, card["image"]), card["width"], card["height"], card["alt"]),
        logo=urljoin(site_url, logo) if logo else "",
    )


def page_info(page: Page, config: MkDocsConfig, nav: Navigation) -> PageInfo:
    # `page.title` is the navigation's short title ("Home"); the front matter's title is the page's name.
    site_url = config.site_url or ""
    home = nav.homepage
    is_home = home is not None and page.file.src_uri == home.file.src_uri
    sections = [(section.title, first_page_url(section)) for section in reversed(page.ancestors)]
    trail = breadcrumb_trail(
        ((home.title if home else None) or config.site_name, site_url),
        sections,
        (page.title or "", page.canonical_url or site_url),
        is_home=is_home,
    )
    return PageInfo(
        url=page.canonical_url or site_url,
        title=page.meta.get("title") or page.title or config.site_name,
        description=page.meta.get("description") or config.site_description or "",
        breadcrumb=trail,
        is_home=is_home,
        medical=any(other is page for other in nav.pages),
    )


def first_page_url(section: Section) -> str:
    """A section has no page of its own; its breadcrumb links to its first page."""
    for child in section.children:
        if isinstance(child, Page):
            return child.canonical_url or ""
        if isinstance(child, Section) and (url := first_page_url(child)):
            return url
    return ""


def find_asset(path: str, folders: Sequence[str]) -> str:
    """The file behind a site path such as `assets/images/x.png`, from docs/ or the theme, or ""."""
    for folder in folders:
        candidate = os.path.join(folder, *path.strip("/").split("/"))
        if os.path.isfile(candidate):
            return candidate
    return ""


def read_start(file: str) -> bytes:
    """The first bytes of a file (enough for a PNG header), or b"" when there is no file."""
    if not file:
        return b""
    with open(file, "rb") as stream:
        return stream.read(32)


def config_error(key: str, problem: str, fix: str) -> PluginError:
    return PluginError(f"mkdocs.yml: `extra.{key}` {problem}; {fix}.")


# Pure helpers: plain data in and out.


def check_therapy(therapy: Any) -> dict[str, str]:
    """The therapy the clinic offers, as written under `extra.therapy`, or a build error naming the key."""
    if not isinstance(therapy, dict):
        raise config_error("therapy", "is missing", "add `name`, `description`, `drug` and `page` under it")
    for key in THERAPY_KEYS:
        if not str(therapy.get(key) or "").strip():
            raise config_error(f"therapy.{key}", "is missing", f"add `{key}:` under `extra.therapy`")
    return {key: str(therapy[key]).strip() for key in THERAPY_KEYS}


def check_social_card(card: Any) -> dict[str, str]:
    """The sharing picture's path and its description, as written under `extra.social_card`."""
    if not isinstance(card, dict):
        raise config_error("social_card", "is missing", "add `image:` and `alt:` under it")
    for key in ("image", "alt"):
        if not str(card.get(key) or "").strip():
            raise config_error(f"social_card.{key}", "is missing", f"add `{key}:` under `extra.social_card`")
    return {"image": str(card["image"]).strip(), "alt": str(card["alt"]).strip()}


def png_size(start: bytes) -> tuple[int, int] | None:
    """Width and height from the first 24 bytes of a PNG file, or None if it is not one."""
    if len(start) < 24 or not start.startswith(PNG_SIGNATURE) or start[12:16] != b"IHDR":
        return None
    return int.from_bytes(start[16:20], "big"), int.from_bytes(start[20:24], "big")


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
    # `lastReviewed` and `reviewedBy`, as hooks/review.py writes them.
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
    clinic, address = site.clinic, site.clinic["address"]
    node: dict[str, Any] = {
        "@type": "MedicalClinic",
        "@id": ids["clinic"],
        "name": clinic["name"],
        "url": site.url,
        "telephone": clinic["phone_e164"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": address["street"],
            "addressLocality": address["locality"],
            "addressRegion": address["region"],
            "postalCode": str(address["postal_code"]),
            "addressCountry": address["country"],
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": list(period["days"]),
                "opens": period["opens"],
                "closes": period["closes"],
            }
            for period in clinic["hours"]
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
        node["@id"] = node["url"] = f"{page_url}#{qa.anchor}"
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
        "locale": og_locale(site.language, str(site.clinic.get("address", {}).get("country", ""))),
        "title": page.title,
        "description": page.description,
        "url": page.url,
        "image": site.card.url,
        "image_alt": site.card.alt,
        "image_width": str(site.card.width),
        "image_height": str(site.card.height),
    }
