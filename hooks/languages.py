"""The language editions' own files: each language keeps its 404 page.

Event: `on_post_template` (last). mkdocs-static-i18n builds each language into the same site folder and
MkDocs writes a theme's static templates at the folder's root, so the last language built would replace
the root `404.html`. In a translation's pass the page is written to `<language>/404.html` instead and the
root keeps the main language's, kept from its own pass.
Reads: the model (which language this pass builds). Produces: `404.html` (main language) and
`<language>/404.html`.
"""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from rj.build import site_of

NOT_FOUND = "404.html"
KEPT = "rj_main_404"


@event_priority(-200)  # after every hook that changes the page (the content guard adds its policy)
def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
    if template_name != NOT_FOUND:
        return None
    site = site_of(config)
    if not site.translated:
        config[KEPT] = output_content
        return None
    folder = os.path.join(config.site_dir, site.language)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, NOT_FOUND), "w", encoding="utf-8") as stream:
        stream.write(output_content)
    return config.get(KEPT) or output_content
