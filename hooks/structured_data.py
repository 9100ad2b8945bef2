"""Structured data (one JSON-LD graph) and sharing metadata for every page, from the model and the page.

Event: `on_page_context`. Reads the model (site, clinic, therapy, social card), the page's front matter
`title` and `description`, its facts (kind, FAQ, review) and its place in the navigation.
Produces: `rj_json_ld` (the page's graph, serialised so no text can end its <script> element), `rj_social`
(Open Graph and Twitter card values), `rj_hreflang` (absolute alternates of the page in every language it
exists in, and x-default) and `rj_other_languages` (its twins, for a visible link) in the page's template
context; overrides/main.html and
overrides/partials/rj-social.html print them. The 404 page has neither.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext
from rj.build import facts_of, site_of
from rj.graph import Image, PageInfo, SiteInfo, breadcrumb_trail, build_graph, serialise_json_ld, social_meta
from rj.i18n import hreflang_links
from rj.model import Site
from rj.review import graph_review_fields
from rj.urls import absolute


def on_page_context(
    context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
) -> TemplateContext:
    site = site_of(config)
    info = site_info(site, logo=config.theme.get("logo") or "")
    facts = facts_of(page)
    page_data = page_info(page, site, nav, medical=facts.medical)
    graph = build_graph(info, page_data, faq=facts.faq, review=graph_review_fields(facts.review))
    # Template context is a dict at run time; MkDocs types it as a closed TypedDict.
    context["rj_json_ld"] = serialise_json_ld(graph)  # type: ignore[typeddict-unknown-key]
    context["rj_social"] = social_meta(info, page_data)  # type: ignore[typeddict-unknown-key]
    alternates = page_alternates(page, site)
    absolutes = {code: absolute(site.url, path) for code, path in alternates.items()}
    context["rj_hreflang"] = hreflang_links(absolutes, main=site.main_language)  # type: ignore[typeddict-unknown-key]
    context["rj_other_languages"] = [  # type: ignore[typeddict-unknown-key]
        {"lang": code, "path": path} for code, path in alternates.items() if code != site.language
    ]
    return context


def page_alternates(page: Page, site: Site) -> dict[str, str]:
    """The page's address from the site root in each language it exists in (mkdocs-static-i18n's
    `file.alternates`, leaving out the fallbacks it points at for a page that is not translated)."""
    found = {site.language: page.url}
    alternates: Any = getattr(page.file, "alternates", None) or {}
    for code, file in alternates.items():
        if code != site.language and getattr(file, "locale", None) == code:
            found[str(code)] = file.url
    return found


def site_info(site: Site, *, logo: str) -> SiteInfo:
    extra = site.extra
    therapy = extra.therapy
    card = extra.social_card
    return SiteInfo(
        url=site.url,
        name=site.name,
        description=site.description,
        language=site.language,
        clinic=site.clinic,
        booking=absolute(site.url, site.booking_path or site.clinic.booking_url),
        therapy={
            "name": therapy.name,
            "description": therapy.description,
            "drug": therapy.drug,
            "url": absolute(site.url, site.page_path(therapy.page)),
        },
        card=Image(absolute(site.url, card.image), *site.card_size, card.alt),
        logo=absolute(site.url, logo) if logo else "",
    )


def page_info(page: Page, site: Site, nav: Navigation, *, medical: bool) -> PageInfo:
    # `page.title` is the navigation's short title ("Home"); the front matter's title is the page's name.
    home = nav.homepage
    is_home = home is not None and page.file.src_uri == home.file.src_uri
    sections = [
        (section.title, first_page_url(section))
        for section in reversed(list(page.ancestors))
        if isinstance(section, Section)  # always: a page's ancestors are sections
    ]
    trail = breadcrumb_trail(
        ((home.title if home else None) or site.name, site.url),
        sections,
        (page.title or "", page.canonical_url or site.url),
        is_home=is_home,
    )
    return PageInfo(
        url=page.canonical_url or site.url,
        title=page.meta.get("title") or page.title or site.name,
        description=page.meta.get("description") or site.description,
        breadcrumb=trail,
        is_home=is_home,
        medical=medical,
    )


def first_page_url(section: Section) -> str:
    """A section has no page of its own; its breadcrumb links to its first page."""
    for child in section.children:
        if isinstance(child, Page):
            return child.canonical_url or ""
        if isinstance(child, Section) and (url := first_page_url(child)):
            return url
    return ""
