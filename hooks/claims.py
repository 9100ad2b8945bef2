"""Claims check: flags risky marketing language ("cure", "guaranteed", "no side effects"...) on every page.

Events: `on_config` (checks the list), `on_page_markdown` (checks each page).
Reads: `extra.claims_check` in mkdocs.yml, a list of `{phrase, suggestion}` that staff extend; a page's
optional front matter `allowed_claims: [{phrase, reason}]` for a phrase it quotes on purpose.
Produces: a warning for each risky phrase, naming the file, line, phrase and a suggested rewording (so a
strict build fails); a warning for an allowance the page no longer needs. Pages are never changed.
Matching is whole words, in any case (see phrases.py), over the whole file, title and description included.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from phrases import find_phrases, same_phrase

log = logging.getLogger("mkdocs.hooks.claims")

CONFIG_KEY = "claims_check"
FRONT_MATTER_KEY = "allowed_claims"


def on_config(config: MkDocsConfig) -> None:
    read_claims(config.extra.get(CONFIG_KEY))


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    path = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    claims = read_claims(config.extra.get(CONFIG_KEY))
    allowed = read_allowances(page.meta.get(FRONT_MATTER_KEY), path=path)
    source = page.file.content_string
    for flag in flag_claims(source, claims=claims, allowed=allowed):
        log.warning(claim_message(path, flag))
    # The front matter names each allowed phrase itself, so look for it in what visitors read.
    visible = "\n".join([str(page.meta.get("title", "")), str(page.meta.get("description", "")), markdown])
    for allowance in unused_allowances(visible, allowed):
        log.warning(
            f'{path}: the front matter allows "{allowance.phrase}" ({FRONT_MATTER_KEY}), but the page no '
            "longer uses it; delete that entry."
        )


@dataclass(frozen=True)
class Claim:
    """A risky phrase from mkdocs.yml and what to write instead."""

    phrase: str
    suggestion: str


@dataclass(frozen=True)
class Allowance:
    """A risky phrase one page may use, and why (for example, it quotes it)."""

    phrase: str
    reason: str


@dataclass(frozen=True)
class Flag:
    """A risky phrase found on a page."""

    line: int
    phrase: str
    found: str
    suggestion: str


def read_claims(value: object) -> list[Claim]:
    """The risky phrases listed under `extra.claims_check`, or a PluginError saying what to fix."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise PluginError(f"mkdocs.yml: extra.{CONFIG_KEY} must be a list of '- phrase: ...' entries.")
    claims = []
    for number, entry in enumerate(value, start=1):
        phrase = entry.get("phrase") if isinstance(entry, dict) else None
        suggestion = entry.get("suggestion") if isinstance(entry, dict) else None
        if not isinstance(phrase, str | int) or not str(phrase).strip():
            raise PluginError(
                f"mkdocs.yml: entry {number} of extra.{CONFIG_KEY} has no phrase; write it as "
                '"- phrase: cure" with "suggestion: ..." on the next line.'
            )
        if not isinstance(suggestion, str) or not suggestion.strip():
            raise PluginError(
                f'mkdocs.yml: the phrase "{phrase}" in extra.{CONFIG_KEY} has no suggestion; add '
                '"suggestion: ..." saying what to write instead.'
            )
        claims.append(Claim(phrase=str(phrase).strip(), suggestion=suggestion.strip()))
    return claims


def read_allowances(value: object, *, path: str) -> list[Allowance]:
    """A page's `allowed_claims` front matter, or a PluginError saying what to fix."""
    if value is None:
        return []
    example = f'{FRONT_MATTER_KEY}: [{{phrase: "cure", reason: "quotes the FDA warning"}}]'
    if not isinstance(value, list):
        raise PluginError(f"{path}: {FRONT_MATTER_KEY} in the front matter must be a list, e.g. {example}")
    allowances = []
    for entry in value:
        phrase = entry.get("phrase") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not isinstance(phrase, str | int) or not str(phrase).strip():
            raise PluginError(f"{path}: an entry of {FRONT_MATTER_KEY} has no phrase; write e.g. {example}")
        if not isinstance(reason, str) or not reason.strip():
            raise PluginError(
                f'{path}: {FRONT_MATTER_KEY} allows "{phrase}" without a reason; add "reason:" saying why '
                f"the page may use it (for example, it is a quotation), e.g. {example}"
            )
        allowances.append(Allowance(phrase=str(phrase).strip(), reason=reason.strip()))
    return allowances


def flag_claims(text: str, *, claims: list[Claim], allowed: list[Allowance]) -> list[Flag]:
    """Every risky phrase in `text` that the page has not allowed, in reading order."""
    suggestions = {claim.phrase: claim.suggestion for claim in claims}
    checked = [
        claim.phrase
        for claim in claims
        if not any(same_phrase(claim.phrase, allowance.phrase) for allowance in allowed)
    ]
    return [
        Flag(line=match.line, phrase=match.phrase, found=match.found, suggestion=suggestions[match.phrase])
        for match in find_phrases(text, checked)
    ]


def unused_allowances(text: str, allowed: list[Allowance]) -> list[Allowance]:
    """The allowances whose phrase no longer appears in `text`."""
    return [allowance for allowance in allowed if not find_phrases(text, [allowance.phrase])]


def claim_message(path: str, flag: Flag) -> str:
    """The warning for one risky phrase, written for the person editing the page."""
    return (
        f'{path}:{flag.line}: "{flag.found}" is a risky claim (listed as "{flag.phrase}" in '
        f"extra.{CONFIG_KEY}). Suggested rewording: {flag.suggestion}. If the page quotes it on purpose, "
        f'allow it in the front matter: {FRONT_MATTER_KEY}: [{{phrase: "{flag.phrase}", reason: "..."}}]'
    )
