"""Each page's facts, computed once: its kind, medical review, references, crisis help and booking box.

Event: `on_page_markdown`. Reads the page's front matter (`references`, `reviewed_by`, `last_reviewed`,
`cta`, `crisis_help: true`, `fda_explained`, `visit_rules`, `show_price`), its title, description and
Markdown, and the model (hooks/site_model.py).
Produces: `page.meta["rj"]`, an `rj.pages.PageFacts` that the other hooks and the templates read; editors'
keys are never changed. A medical page (one that lists references) with no review, an unknown reviewer, a
malformed, future or overdue review date, or a doi.org link to a source it does not list is a warning (so
the strict build stops); an unknown reference key or booking-box choice is an error.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime
from rj.build import docs_path, site_of
from rj.pages import FACTS_KEY, Cta, PageFacts, cta_variant, needs_crisis_help, page_kind
from rj.references import resolve_references, unlisted_doi_links
from rj.review import check_review
from rj.text import find_phrases
from rj.urls import is_page_of

log = logging.getLogger("mkdocs.hooks.pages")


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    site, meta, path = site_of(config), page.meta, docs_path(config, page.file.src_uri)
    extra = site.extra
    kind = page_kind(
        meta,
        booking=bool(site.booking_path) and is_page_of(site.booking_path, [page.file.url]),
        crisis=page.file.src_uri == extra.crisis_help.page,
        legal=page.file.src_uri in {link.page for link in extra.footer_links},
    )
    variant, problem = cta_variant(meta.get("cta"))
    if problem:
        raise PluginError(f"{path}: {problem}")
    references, problems = resolve_references(meta.get("references", []), references=extra.references)
    if problems:
        raise PluginError(f"{path}: {problems[0]}")
    review, review_problems = check_review(
        meta,
        reviewers=extra.reviewers,
        interval_months=extra.review_interval_months,
        today=get_build_datetime().date(),
        medical=kind == "medical",
    )
    for message in review_problems:
        log.warning(f"{path}: {message}")
    for line, message in unlisted_doi_links(
        page.file.content_string, listed=references, references=extra.references
    ):
        log.warning(f"{path}:{line}: {message}")
    text = "\n".join([str(meta.get("title", "")), str(meta.get("description", "")), markdown])
    crisis = extra.crisis_help
    meta[FACTS_KEY] = PageFacts(
        src=path,
        language=site.language,
        kind=kind,
        cta=Cta(variant=variant),
        crisis_help=needs_crisis_help(
            page.file.src_uri,
            text,
            pages=crisis.pages,
            terms=crisis.terms,
            asked=meta.get("crisis_help") is True,
        ),
        crisis_urgent=bool(find_phrases(text, crisis.urgent_terms)),
        fda_notice=kind == "medical" and meta.get("fda_explained") is not True,
        visit_rules=meta.get("visit_rules") is True,
        price=meta.get("show_price") is True,
        review=review,
        references=references,
    )
