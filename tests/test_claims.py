"""Claims check (hooks/claims.py): risky marketing language stops a strict build with the file, line,
phrase and a suggested rewording, unless the page allows the phrase with a reason."""

from __future__ import annotations

import pytest
from claims import (
    Allowance,
    Claim,
    Flag,
    claim_message,
    flag_claims,
    read_allowances,
    read_claims,
    unused_allowances,
)
from conftest import ROOT
from front_matter import doc, site_config, with_front_matter
from mkdocs.exceptions import PluginError

CLAIMS = [Claim("cure", "may ease symptoms"), Claim("no side effects", "side effects are possible")]


# Pure helpers


def test_the_list_in_mkdocs_yml_holds_the_phrases_the_ftc_guidance_warns_about() -> None:
    phrases = {claim.phrase for claim in read_claims(site_config()["extra"]["claims_check"])}
    expected = {
        "cure",
        "guaranteed",
        "100%",
        "no side effects",
        "completely safe",
        "instant relief",
        "FDA-approved for depression",
        "miracle",
    }
    assert expected <= phrases


def test_the_current_pages_make_no_risky_claim() -> None:
    claims = read_claims(site_config()["extra"]["claims_check"])
    flagged = {
        file.name: flag_claims(file.read_text(encoding="utf-8"), claims=claims, allowed=[])
        for file in sorted((ROOT / "docs").glob("*.md"))
    }
    assert {name: flags for name, flags in flagged.items() if flags} == {}


def test_a_risky_phrase_is_flagged_with_its_line_and_suggestion() -> None:
    text = "---\ntitle: T\n---\n\nKetamine is a Cure.\n"
    assert flag_claims(text, claims=CLAIMS, allowed=[]) == [
        Flag(line=5, phrase="cure", found="Cure", suggestion="may ease symptoms")
    ]


def test_an_allowed_phrase_is_not_flagged_but_others_still_are() -> None:
    text = '> "A cure", said the headline.\nIt has no side effects.'
    allowed = [Allowance("CURE", "quotes a headline we correct")]
    flags = flag_claims(text, claims=CLAIMS, allowed=allowed)
    assert [(flag.line, flag.phrase) for flag in flags] == [(2, "no side effects")]


def test_the_message_names_the_file_line_phrase_rewording_and_the_way_to_allow_it() -> None:
    flag = Flag(line=12, phrase="cure", found="Cure", suggestion='"may ease symptoms"')
    assert claim_message("docs/index.md", flag) == (
        'docs/index.md:12: "Cure" is a risky claim (listed as "cure" in extra.claims_check). Suggested '
        'rewording: "may ease symptoms". If the page quotes it on purpose, allow it in the front matter: '
        'allowed_claims: [{phrase: "cure", reason: "..."}]'
    )


def test_an_allowance_the_page_no_longer_needs_is_found() -> None:
    allowed = [Allowance("cure", "quotation"), Allowance("miracle", "quotation")]
    assert unused_allowances("A cure, they said.", allowed) == [Allowance("miracle", "quotation")]


def test_allowances_are_read_from_the_front_matter() -> None:
    value = [{"phrase": "cure", "reason": " quotes the FDA "}]
    assert read_allowances(value, path="docs/p.md") == [Allowance("cure", "quotes the FDA")]
    assert read_allowances(None, path="docs/p.md") == []


def test_an_allowance_without_a_reason_is_refused() -> None:
    with pytest.raises(PluginError) as error:
        read_allowances([{"phrase": "cure"}], path="docs/p.md")
    assert str(error.value) == (
        'docs/p.md: allowed_claims allows "cure" without a reason; add "reason:" saying why the page may use '
        'it (for example, it is a quotation), e.g. allowed_claims: [{phrase: "cure", reason: "quotes the FDA '
        'warning"}]'
    )


def test_a_phrase_without_a_suggestion_is_refused() -> None:
    with pytest.raises(PluginError) as error:
        read_claims([{"phrase": "best clinic"}])
    assert str(error.value) == (
        'mkdocs.yml: the phrase "best clinic" in extra.claims_check has no suggestion; add "suggestion: ..." '
        "saying what to write instead."
    )


def test_a_number_phrase_is_read_as_text() -> None:
    assert read_claims([{"phrase": 100, "suggestion": "x"}]) == [Claim("100", "x")]


# The build


def test_a_risky_phrase_stops_the_strict_build_naming_file_line_phrase_and_rewording(build_changed) -> None:
    text = doc("book.md").replace(
        "It does not commit you", "Ketamine offers instant relief. It does not commit you"
    )
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "instant relief" in row)
    build = build_changed(files={"docs/book.md": text})
    assert not build.ok
    assert (
        f'WARNING -  docs/book.md:{line}: "instant relief" is a risky claim (listed as "instant relief" in '
        'extra.claims_check). Suggested rewording: "results vary from person to person"; say what studies '
        "found, with the source. If the page quotes it on purpose, allow it in the front matter: "
        'allowed_claims: [{phrase: "instant relief", reason: "..."}]' in build.log
    )


def test_a_risky_phrase_in_the_description_is_flagged_too(build_changed) -> None:
    text = with_front_matter(
        doc("privacy.md"), description="A guaranteed private site, with nothing collected."
    )
    build = build_changed(files={"docs/privacy.md": text})
    assert not build.ok
    assert 'docs/privacy.md:3: "guaranteed" is a risky claim' in build.log


def test_an_allowed_phrase_in_a_quotation_passes(build_changed) -> None:
    quote = '\n> "Ketamine is a miracle," one headline said. The evidence is more careful than that.\n'
    text = with_front_matter(
        doc("book.md") + quote,
        allowed_claims='[{phrase: miracle, reason: "quotes a headline the page corrects"}]',
    )
    build = build_changed(files={"docs/book.md": text})
    assert build.ok, build.log
    assert "miracle" in build.html("book/").css_first("article blockquote").text()


def test_an_allowance_without_a_reason_stops_the_build(build_changed) -> None:
    text = with_front_matter(doc("book.md") + "\n> A miracle.\n", allowed_claims="[{phrase: miracle}]")
    build = build_changed(files={"docs/book.md": text})
    assert not build.ok
    assert 'docs/book.md: allowed_claims allows "miracle" without a reason; add "reason:"' in build.log


def test_an_allowance_left_behind_stops_the_build(build_changed) -> None:
    text = with_front_matter(doc("book.md"), allowed_claims='[{phrase: miracle, reason: "old quote"}]')
    build = build_changed(files={"docs/book.md": text})
    assert not build.ok
    assert (
        'WARNING -  docs/book.md: the front matter allows "miracle" (allowed_claims), but the page no longer '
        "uses it; delete that entry." in build.log
    )


def test_staff_can_add_a_phrase_in_mkdocs_yml(build_changed) -> None:
    claims = [*site_config()["extra"]["claims_check"], {"phrase": "photo ID", "suggestion": "identity card"}]
    build = build_changed(config={"extra": {"claims_check": claims}})
    assert not build.ok
    line = next(n for n, row in enumerate(doc("book.md").splitlines(), start=1) if "Photo ID" in row)
    assert f'docs/book.md:{line}: "Photo ID" is a risky claim' in build.log
