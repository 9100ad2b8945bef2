"""Frequently asked questions, read from each page as visitors see it, for the FAQPage structured data.

Events: `on_page_content` (read the page's FAQ from the HTML of its Markdown) and `on_env` (once every page
is read: refuse a question asked twice). Reads `extra.faq.headings` (through the model) and the rendered page;
see rj/faq.py for how sections and questions are found. Booking boxes are added later (hooks/cta.py, on_env)
and asides are never part of an answer, so the order of hooks does not matter.
Produces: the page's questions in `page.meta["rj"].faq`, or a build error naming the file, the question and
the fix.
"""

from __future__ import annotations

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from rj.build import docs_path, facts_of, site_of
from rj.faq import FaqProblem, find_repeats, may_have_faq, parse_faq
from rj.pages import FACTS_KEY


def on_page_content(html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    headings = site_of(config).extra.faq.headings
    if not may_have_faq(html, headings):
        return  # most pages: no parsing at all
    try:
        facts_of(page).faq = parse_faq(html, headings=headings, base_url=page.canonical_url or "")
    except FaqProblem as problem:
        raise PluginError(f"{docs_path(config, page.file.src_uri)}: {problem}") from None


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    asked = {
        docs_path(config, file.src_uri): [qa.question for qa in file.page.meta[FACTS_KEY].faq]
        for file in files.documentation_pages()
        if file.page is not None and FACTS_KEY in file.page.meta
    }
    repeats = find_repeats(asked)
    if repeats:
        raise PluginError(
            "\n".join(
                f'{first} and {second} both ask the FAQ question "{question}"; keep it on one page and '
                "link to it from the other (search engines accept each question on one page only)."
                if first != second
                else f'{first} asks the FAQ question "{question}" twice; keep one of them.'
                for question, first, second in repeats
            )
        )
