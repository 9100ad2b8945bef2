"""Claims check: risky marketing language ("cure", "FDA approved"...) in what visitors read, on every page.

Events: `on_config` (notes the mkdocs.yml values pages show; the list itself is checked by the model),
`on_post_page` (reads each rendered page: its title, meta description and the text of its body).
Reads: `extra.claims_check` in mkdocs.yml, a list of `{phrase, suggestion}` that staff extend (each
language's own list and negation words, `extra.claims_negations`, under
`extra.languages.<code>.overrides`); a page's optional front matter `allowed_claims: [{phrase, reason}]`
for a phrase it quotes on purpose; the page's Markdown file and the shown mkdocs.yml values (`site_name`,
`site_description`, `copyright`, `nav` titles, `extra`, with the language's words), only to say where a
phrase was written.
Produces: a warning for each risky phrase (so a strict build fails), naming `docs/<file>:<line>` for words
from the page's Markdown, or the mkdocs.yml key (once per build) for words from the configuration, with a
suggested rewording; a warning for an allowance the page no longer needs. Pages are never changed.
The matching rules (normalised text, denials such as "not FDA-approved" pass) are in hooks/rj/claims.py.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from rj.build import docs_path, site_of
from rj.claims import (
    ENGLISH,
    FRONT_MATTER_KEY,
    Denials,
    check_rendered_page,
    claim_message,
    config_message,
    denials,
    normalise_config,
    read_allowances,
    unused_message,
)
from rj.i18n import language_extra

log = logging.getLogger("mkdocs.hooks.claims")


@dataclass
class BuildState:
    """The shown mkdocs.yml texts (normalised) and the mkdocs.yml problems reported, made anew each build."""

    config: list[tuple[str, str, str]] = field(default_factory=list)
    reported: set[tuple[str, str]] = field(default_factory=set)
    rules: Denials = ENGLISH


STATE = BuildState()


# After hooks/site_model.py (-110), itself after mkdocs-static-i18n: the words of the language being built.
@event_priority(-120)
def on_config(config: MkDocsConfig) -> None:
    site = site_of(config)
    shown = {
        "site_name": config.site_name,
        "site_description": config.site_description,
        "copyright": config.copyright,
        "nav": config.nav,
        "extra": language_extra(config.extra, site.language),
    }
    negations = site.extra.claims_negations
    STATE.config, STATE.reported = normalise_config(shown), set()
    STATE.rules = denials(negations.words, negations.not_after)


# Last: the page as visitors get it, after every other hook has added its boxes.
@event_priority(-100)
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> None:
    path = docs_path(config, page.file.src_uri)
    try:
        allowed = read_allowances(page.meta.get(FRONT_MATTER_KEY), path=path)
    except ValueError as error:
        raise PluginError(str(error)) from None
    report = check_rendered_page(
        output,
        source=page.file.content_string,
        claims=site_of(config).claims,
        allowed=allowed,
        config=STATE.config,
        rules=STATE.rules,
    )
    for flag in report.in_markdown + report.elsewhere:
        log.warning(claim_message(path, flag))
    for config_flag in report.in_config:
        if (config_flag.key, config_flag.phrase) not in STATE.reported:
            STATE.reported.add((config_flag.key, config_flag.phrase))
            log.warning(config_message(config_flag))
    for allowance in report.unused:
        log.warning(unused_message(path, allowance))
