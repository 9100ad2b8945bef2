"""Footer links: the pages every page's footer links to (medical disclaimer, privacy, accessibility, crisis).

Event: `on_env`. Reads `extra.footer_links` in mkdocs.yml, a list of `{page: file.md, label: text}`.
Produces: the Jinja global `footer_links`, a list of `{"url", "label"}` that partials/copyright.html shows
with the disclaimer sentence; a PluginError naming a listed page that does not exist.
"""

from __future__ import annotations

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
    urls = {file.src_uri: file.url for file in files.documentation_pages()}
    env.globals["footer_links"] = resolve_footer_links(config.extra.get("footer_links"), urls=urls)


def resolve_footer_links(value: object, *, urls: dict[str, str]) -> list[dict[str, str]]:
    """Each listed page's address and label, or a PluginError saying what to fix."""
    if not isinstance(value, list):
        raise PluginError(
            "mkdocs.yml: extra.footer_links must be a list of '- page: privacy.md' entries, each with a "
            "label."
        )
    links = []
    for entry in value:
        page = entry.get("page") if isinstance(entry, dict) else None
        label = entry.get("label") if isinstance(entry, dict) else None
        if not isinstance(page, str) or not isinstance(label, str) or not label.strip():
            raise PluginError(
                "mkdocs.yml: each entry of extra.footer_links needs a page and a label, e.g. "
                '"- {page: privacy.md, label: Privacy notice}".'
            )
        if page not in urls:
            raise PluginError(
                f'mkdocs.yml: extra.footer_links lists "{page}", which is not a page in docs/; correct the '
                "file name or remove the entry."
            )
        links.append({"url": urls[page], "label": label.strip()})
    return links
