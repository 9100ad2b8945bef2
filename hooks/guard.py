"""The content guard and the Content-Security-Policy of every page, and a few settings that must be right.

Events: `on_config` (Material's `extra.analytics` is refused; the model's `extra.guard.allow` is read),
`on_page_markdown` (raw HTML in the Markdown left open or closed twice; ```mermaid blocks),
`on_post_page` and `on_post_template` (one parse of each final page: what `rj.guard.scan_page` refuses, then
the page's CSP as the first element of <head>; the 404 page too), `on_post_build` (unused allowances).
Reads: `site_url`, `extra.analytics`, and `extra.guard.allow` (checked by the model), the named exceptions:
    extra:
      guard:
        allow:
          - what: frame            # a rule (`frame`, `other-host`, ...) or a rule and its detail:
            page: videos.md        #   `other-host:www.youtube-nocookie.com`
            reason: the clinic's own video, reviewed for privacy on 2026-11-20
Produces: a warning naming the file, the line where it can, what was found and what to do instead (the
strict build then stops); an INFO line for each exception used; a warning for each exception never used.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from rj.build import site_of
from rj.csp import directive_for, policy, with_policy
from rj.front_matter import BLOCK
from rj.guard import Finding, line_in_source, mermaid_fences, scan_page, unbalanced_html

log = logging.getLogger("mkdocs.hooks.guard")

# One build's state: the allowances, which were used, and the template findings already reported.
STATE: dict[str, Any] = {}


@event_priority(-120)  # after hooks/site_model.py, which runs after mkdocs-static-i18n (each language's pass)
def on_config(config: MkDocsConfig) -> None:
    allow = [
        {"what": entry.what, "page": entry.page.removeprefix("docs/"), "reason": entry.reason}
        for entry in site_of(config).extra.guard.allow
    ]
    STATE.clear()
    STATE.update(allow=allow, used=set(), reported=set(), host=urlsplit(config.site_url or "").hostname)
    if config.extra.get("analytics") and not allowed(Finding("analytics", ""), "mkdocs.yml", line=None):
        raise PluginError(
            "mkdocs.yml `extra.analytics`: analytics need a privacy review first: on a health site they "
            "tell another company which conditions a visitor reads about. Delete `extra.analytics`; after a "
            "review, add an exception under `extra.guard.allow` "
            "(what: analytics, page: mkdocs.yml, reason: ...)."
        )


def allowed(finding: Finding, src_uri: str, *, line: int | None) -> bool:
    """True, with an INFO line saying so, when an entry of `extra.guard.allow` lets this page have it."""
    for index, entry in enumerate(STATE.get("allow", [])):
        if entry["page"] == src_uri and entry["what"] in finding.keys:
            STATE["used"].add(index)
            place = f"docs/{src_uri}" if src_uri != "mkdocs.yml" else src_uri
            place += f" line {line}" if line else ""
            log.info(
                f"{place}: {finding.what or finding.rule} allowed by extra.guard.allow "
                f"(what: {entry['what']}) because {entry['reason']}"
            )
            return True
    return False


@event_priority(-100)  # after the hooks that change the page's Markdown
def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    source = page.file.content_string
    # Blank the header, keeping its lines, so line numbers are the file's.
    if match := BLOCK.match(source):
        source = "\n" * match.group(0).count("\n") + source[match.end() :]
    for line, problem in unbalanced_html(source):
        log.warning(
            f"docs/{page.file.src_uri} line {line}: {problem}; close every HTML tag you open (or write the "
            "part in Markdown): an unclosed tag shows the rest of the page as raw text."
        )
    for line in mermaid_fences(source):
        finding = Finding("mermaid", "the page has a mermaid diagram (a ```mermaid block)", tag="pre")
        if not allowed(finding, page.file.src_uri, line=line):
            log.warning(finding.message(where=f"docs/{page.file.src_uri}", line=line))


@event_priority(-100)  # last: checks and protects the page as it will be written
def on_post_page(output: str, /, *, page: Page, config: MkDocsConfig) -> str:
    return guard(output, src_uri=page.file.src_uri, source=page.file.content_string)


def on_post_template(output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str | None:
    if not template_name.endswith(".html"):
        return None
    return guard(output_content, src_uri=f"overrides/{template_name}", source="")


def guard(html: str, *, src_uri: str, source: str) -> str:
    """Report what the page may not have, and return it with its Content-Security-Policy."""
    where = f"docs/{src_uri}" if not src_uri.startswith("overrides/") else src_uri
    scan = scan_page(html, site_host=STATE.get("host"))
    extra_sources: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for finding in scan.findings:
        line = None
        if finding.in_content:
            seen[finding.needle.lower()] = seen.get(finding.needle.lower(), 0) + 1
            line = line_in_source(source, finding.needle, occurrence=seen[finding.needle.lower()])
        if allowed(finding, src_uri, line=line):
            if finding.rule == "other-host":
                extra_sources.setdefault(directive_for(finding.tag), []).append(f"https://{finding.detail}")
            continue
        if not finding.in_content:
            # From the templates or mkdocs.yml: the same on every page, so said once.
            if (finding.rule, finding.what) in STATE.setdefault("reported", set()):
                continue
            STATE["reported"].add((finding.rule, finding.what))
        log.warning(finding.message(where=where, line=line))
    return with_policy(html, policy(scan.inline_scripts, extra_sources=extra_sources))


def on_post_build(config: MkDocsConfig) -> None:
    for index, entry in enumerate(STATE.get("allow", [])):
        if index not in STATE["used"]:
            log.warning(
                f"mkdocs.yml `extra.guard.allow`: the exception `{entry['what']}` for {entry['page']} was "
                "not needed in this build; delete it, so that exceptions stay deliberate."
            )
