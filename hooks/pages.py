"""Each page's facts, computed once: its kind, medical review, references, crisis help and booking box.

Event: `on_page_markdown`. Reads the page's front matter (`references`, `reviewed_by`, `last_reviewed`,
`cta`, `crisis_help: true`, `fda_explained`, `visit_rules`, `show_price`; on a translated page
`translation_of`, `translated_by`, `translation_reviewed`), its title, description and Markdown, the
model (hooks/site_model.py), and on a translated page the English page's file. Pages are named by their
name in every language (`index.es.md` is `index.md` in mkdocs.yml's lists).
Produces: `page.meta["rj"]`, an `rj.pages.PageFacts` that the other hooks and the templates read; editors'
keys are never changed. A medical page (one that lists references) with no review, an unknown reviewer, a
malformed, future or overdue review date, or a doi.org link to a source it does not list is a warning (so
the strict build stops); an unknown reference key or booking-box choice is an error. A translation whose
English page changed since its review is logged at INFO (never a failure: an English correction must not
wait for a translator) and its page shows a notice; a missing or unknown translator is a warning.
"""

from __future__ import annotations

import datetime
import logging
import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime
from rj.build import docs_path, page_name, site_of
from rj.i18n import stale_message
from rj.pages import FACTS_KEY, Cta, PageFacts, cta_variant, needs_crisis_help, page_kind
from rj.references import resolve_references, unlisted_doi_links
from rj.review import check_review
from rj.text import find_phrases
from rj.translation import TranslationFacts, check_translation
from rj.urls import is_page_of, site_path

log = logging.getLogger("mkdocs.hooks.pages")


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    site, meta, path = site_of(config), page.meta, docs_path(config, page.file.src_uri)
    extra = site.extra
    name = page_name(site, page.file.src_uri)
    booking = bool(site.booking_path) and is_page_of(site.booking_path, [page.file.url])
    kind = page_kind(
        meta,
        booking=booking,
        crisis=name == extra.crisis_help.page,
        legal=name in {link.page for link in extra.footer_links},
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
        name=name,
        translation=translation_facts(page, config, name) if site.translated else None,
        language_help=name in site.help_pages,
    )


def translation_facts(page: Page, config: MkDocsConfig, name: str) -> TranslationFacts | None:
    """A translated page's record against its English page: INFO when stale, warnings for the header."""
    site = site_of(config)
    where = docs_path(config, page.file.src_uri)
    original = docs_path(config, name)
    source_file = os.path.join(config.docs_dir, name)
    if not os.path.isfile(source_file):
        return None  # a page listed as existing in this language only (hooks/site_model.py checks the list)
    with open(source_file, encoding="utf-8") as stream:
        original_source = stream.read()
    record, problems = check_translation(
        page.meta,
        where=where,
        original=original,
        original_source=original_source,
        translators=site.extra.translators,
    )
    for problem in problems:
        log.warning(problem)
    stale = record.recorded != record.current
    if stale:
        log.info(stale_message(record))
    key = page.meta.get("translated_by")
    reviewed = page.meta.get("translation_reviewed")
    return TranslationFacts(
        original=original,
        original_path=site_path(name, use_directory_urls=config.use_directory_urls),
        stale=stale,
        translator=site.extra.translators.get(str(key)) if key is not None else None,
        reviewed=reviewed if isinstance(reviewed, datetime.date) else None,
    )
