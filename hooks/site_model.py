"""The site model: mkdocs.yml read and checked once per build and language, for every other hook and template.

Events: `on_config` (read and check `extra` for the language being built; in production, drop the edit
link and refuse placeholders), `on_files` (pages named in mkdocs.yml exist; every page has its translation
or is listed as untranslated), `on_env` (the model, the footer links and the date and time filters for
templates). Must be listed before the hooks that read the model.
mkdocs-static-i18n builds the site once per language with the same configuration; its `on_config`
(priority -100) sets `theme.language` for that language, so ours runs after it (-110) and every value is
made anew in each language's pass.
Reads: everything under `extra` that rj/model.py describes (with `extra.languages.<language>.overrides`
merged over it for that language), `site_url`, `site_name`, `site_description`, `theme.language`, the
i18n plugin's languages; `SITE_ENV=production` (through `extra.site_env`) marks the public build.
Produces: `config["rj_site"]` (an `rj.model.Site`); Jinja globals `rj_site` and `footer_links` and the
filter `rj_date` (a date in words in the page's language) and the functions `rj_time` and `rj_days`
(opening hours in that language); or a build error naming the key and the fix.
"""

from __future__ import annotations

import os
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from rj.build import SITE_KEY, build_languages, page_name, site_of, theme_dirs
from rj.claims import read_claims
from rj.dates import day_names, long_date, short_time
from rj.i18n import missing_twins, nav_without, twin_message, unneeded_untranslated
from rj.model import SettingsError, Site, png_size, read_extra
from rj.production import production_problems
from rj.readability import read_limits
from rj.urls import is_page_of, site_path


@event_priority(-110)  # after mkdocs-static-i18n has set this pass's language (see above)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    language = config.theme.get("language") or "en"
    main, languages = build_languages(config, language)
    try:
        extra = read_extra(config.extra, language)
        readability = read_limits(extra.readability, language)
        claims = read_claims(extra.claims_check)
    except (SettingsError, ValueError) as error:
        raise PluginError(str(error)) from None
    if not config.site_url:
        raise PluginError(
            "mkdocs.yml: `site_url` is missing; set it to the site's public address, "
            "e.g. `site_url: https://www.example.com/`."
        )
    site = Site(
        url=config.site_url,
        name=config.site_name,
        description=config.site_description or "",
        language=language,
        use_directory_urls=config.use_directory_urls,
        extra=extra,
        card_size=card_size(extra.social_card.image, theme_dirs(config)),
        readability=readability,
        claims=claims,
        main_language=main,
        languages=languages,
    )
    if site.production:
        config.edit_uri = None
        config.edit_uri_template = None
        problems = production_problems(site)
        if problems:
            raise PluginError(
                "mkdocs.yml: the public site cannot be built while anything in it is made up:\n  - "
                + "\n  - ".join(problems)
                + '\nPut in the real value for each (see README, "Before the first deploy").'
            )
    # The same configuration serves every language's pass: keep the whole navigation, and give a
    # translation's pass the menu without its untranslated pages (MkDocs would report them as missing).
    whole_nav = config.get(WHOLE_NAV, config.nav)
    config[WHOLE_NAV] = whole_nav
    config.nav = nav_without(whole_nav, site.untranslated) if site.translated and whole_nav else whole_nav
    config[SITE_KEY] = site
    return config


WHOLE_NAV = "rj_whole_nav"


@event_priority(-110)  # after mkdocs-static-i18n has sorted this pass's files (`book.es.md` -> `es/book/`)
def on_files(files: Files, *, config: MkDocsConfig) -> None:
    site = site_of(config)
    pages = {page_name(site, file.src_uri) for file in files.documentation_pages()}
    if site.language == site.main_language and len(site.languages) > 1:
        check_twins(site, config)
    urls = [file.url for file in files.documentation_pages()]
    if site.booking_path and not is_page_of(site.booking_path, urls):
        raise missing_page("extra.clinic.booking_url", site.clinic.booking_url, "book.md")
    extra = site.extra
    named = [
        ("extra.therapy.page", extra.therapy.page),
        *(("extra.crisis_help.pages", name) for name in extra.crisis_help.pages),
        *(("extra.crisis_help.page", name) for name in [extra.crisis_help.page] if name),
        *(("extra.footer_links", link.page) for link in extra.footer_links),
    ]
    for key, name in named:
        if name not in pages and name not in site.untranslated:
            raise missing_page(key, name, "faq.md")


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    site = site_of(config)
    urls = {page_name(site, file.src_uri): file.url for file in files.documentation_pages()}
    env.globals["rj_site"] = site
    # A page not translated yet is linked in the main language.
    env.globals["footer_links"] = [
        {
            "url": urls.get(link.page) or site_path(link.page, use_directory_urls=site.use_directory_urls),
            "label": link.label,
        }
        for link in site.extra.footer_links
    ]
    env.filters["rj_date"] = long_date
    # Functions, not filters: a filter must exist when a template is compiled, and the theme builds
    # without the hooks for the benchmarks (partials/rj-cta.html renders nothing then).
    env.globals["rj_time"] = short_time
    env.globals["rj_days"] = day_names


def check_twins(site: Site, config: MkDocsConfig) -> None:
    """Every page in every language built, or listed under `extra.languages.<code>.untranslated` with a
    reason.

    Read from docs/ itself: in each pass the i18n plugin hands the hooks only that language's pages.
    """
    docs = config.docs_dir
    names = [
        os.path.relpath(os.path.join(folder, name), docs).replace(os.sep, "/")
        for folder, _, filenames in os.walk(docs)
        for name in filenames
        if name.endswith(".md")
    ]
    untranslated = {
        code: [item.page for item in entry.untranslated] for code, entry in site.extra.languages.items()
    }
    codes = list(site.languages)
    problems = [
        twin_message(problem, main=site.main_language)
        for problem in missing_twins(
            names, languages=codes, main=site.main_language, untranslated=untranslated
        )
    ]
    for code in codes[1:]:
        for base in unneeded_untranslated(names, language=code, untranslated=untranslated.get(code, [])):
            problems.append(
                f"mkdocs.yml: `extra.languages.{code}.untranslated` lists {base}, but its translation exists "
                "now; delete that entry."
            )
    if problems:
        raise PluginError("\n".join(problems))


def card_size(image: str, folders: list[str]) -> tuple[int, int]:
    """The sharing picture's width and height, or a build error if it is not a PNG file."""
    for folder in folders:
        candidate = os.path.join(folder, *image.strip("/").split("/"))
        if os.path.isfile(candidate):
            with open(candidate, "rb") as stream:
                size = png_size(stream.read(32))
            if size:
                return size
    raise PluginError(
        f'mkdocs.yml: `extra.social_card.image` ("{image}") is not a PNG file in overrides/ or docs/; give '
        "the path of the 1200x630 PNG, e.g. `assets/images/social-card.png`."
    )


def missing_page(key: str, name: Any, example: str) -> PluginError:
    return PluginError(
        f'mkdocs.yml: `{key}` names "{name}", which is not a page in docs/; correct the file name '
        f"(e.g. {example}) or remove it."
    )
