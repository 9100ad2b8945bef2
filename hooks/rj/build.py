"""Where hooks keep the model and each page's facts during a build; the one module that knows MkDocs.

The model is stored on the build's configuration (`config["rj_site"]`, made anew by every build) and each
page's facts in `page.meta["rj"]`, so nothing outlives a build and no hook imports another.
"""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from rj.i18n import base_name
from rj.model import Site
from rj.pages import FACTS_KEY, PageFacts

SITE_KEY = "rj_site"


def site_of(config: MkDocsConfig) -> Site:
    """The model read by hooks/site_model.py in on_config."""
    site = config.get(SITE_KEY)
    if not isinstance(site, Site):
        raise PluginError("mkdocs.yml: list hooks/site_model.py under `hooks:` before the other hooks.")
    return site


def facts_of(page: Page) -> PageFacts:
    """The page's facts, computed by hooks/pages.py in on_page_markdown."""
    facts = page.meta.get(FACTS_KEY)
    if not isinstance(facts, PageFacts):
        raise PluginError(
            f"docs/{page.file.src_uri}: the page's facts are missing; is hooks/pages.py listed?"
        )
    return facts


def docs_path(config: MkDocsConfig, src_uri: str) -> str:
    """The file as an editor finds it from the project folder, e.g. `docs/faq.md`."""
    root = os.path.dirname(config.config_file_path or "") or "."
    return os.path.relpath(os.path.join(config.docs_dir, src_uri), root).replace(os.sep, "/")


def theme_dirs(config: MkDocsConfig) -> list[str]:
    dirs: Any = config.theme.dirs
    return [config.docs_dir, *dirs]


def build_languages(config: MkDocsConfig, language: str) -> tuple[str, tuple[str, ...]]:
    """The main language and every language built (main first), from mkdocs-static-i18n if it is listed."""
    plugin: Any = config.plugins.get("i18n")
    if plugin is None:
        return language, (language,)
    main = str(plugin.default_language)
    others = [str(code) for code in plugin.build_languages if code != main]
    return main, (main, *others)


def page_name(site: Site, src_uri: str) -> str:
    """The page's name in every language (`index.es.md` -> `index.md`), as mkdocs.yml names pages."""
    return base_name(src_uri, site.languages[1:])
