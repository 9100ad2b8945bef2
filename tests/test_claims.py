"""Claims check (hooks/claims.py, hooks/rj/claims.py): risky marketing language in what visitors read stops a
strict build, naming the page's line or the mkdocs.yml key and a suggested rewording, unless the page allows
the phrase with a reason. Denials ("not FDA-approved for depression") pass."""

from __future__ import annotations

import copy
import re

import pytest
from conftest import Build, BuildChanged, broken_site_part
from page_text import doc, site_config, with_front_matter
from rj.claims import (
    Allowance,
    Claim,
    Flag,
    check_page,
    claim_message,
    config_texts,
    find_claims,
    negated,
    normalise_config,
    read_allowances,
    read_claims,
    visible_text,
)
from rj.text import normalise

CLAIMS = [Claim("cure", "may ease symptoms"), Claim("no side effects", "side effects are possible")]


def listed() -> list[Claim]:
    return read_claims(site_config()["extra"]["claims_check"])


def flagged(text: str) -> list[str]:
    """The words of `text` that the site's list flags, normalised."""
    return [found.text for found in find_claims(normalise(text), listed())]


# The normaliser


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("\uff23\uff35\uff32\uff25", "cure"),  # full-width letters
        ("c&#117;re", "cure"),  # an HTML entity
        ("c&amp;re", "c&re"),
        ("cu\u00adre", "cure"),  # soft hyphen
        ("c\u200bure", "cure"),  # zero-width space
        ("F.D.A. approved", "fda approved"),
        ("U.S. F.D.A-approved", "us fda approved"),
        ("100 %", "100%"),
        ("100\u00a0%", "100%"),
        ("one hundred percent", "100%"),
        ("One Hundred per cent", "100%"),
        ("100 percent", "100%"),
        ("risk\u2011free", "risk free"),
        ("risk\u2014free", "risk free"),
        ("no\u00a0side\u00a0effects", "no side effects"),
        ("doesn\u2019t", "doesn't"),
        ("a   b", "a b"),
    ],
)
def test_the_normaliser_reads_every_spelling_the_same(written: str, read: str) -> None:
    assert normalise(written) == read


def test_the_normaliser_keeps_line_breaks_so_lines_stay_the_same() -> None:
    assert normalise("One\nF.D.A.\n\ncu\u00adre").split("\n") == ["one", "fda", "", "cure"]


def test_percentages_other_than_whole_words_are_left_alone() -> None:
    assert normalise("1100 % and 5.5 percent") == "1100% and 5.5%"
    assert normalise("someone hundred percent") == "someone hundred percent"


# Matching and denials


@pytest.mark.parametrize(
    "text",
    [
        "Our infusions are F.D.A. approved for depression.",
        "Ketamine is approved by the FDA for depression.",
        "Ketamine is approved by the U.S. FDA for treating severe depression.",
        "It is perfectly safe.",
        "Zero side effects.",
        "Side effects? None at all.",
        "Results: 100 % of patients.",
        "It works one hundred percent of the time.",
        "Ketamine eliminates depression permanently.",
        "A \uff43\uff55\uff52\uff45 at last.",
        "A c&#117;re at last.",
        "A cu\u00adre at last.",
        "I was cured after two sessions.",
        "It cured my depression.",
        "Risk-free and harmless.",
        "No waiting, and a cure.",
        "No doubt a cure.",
        "Not only safe: completely safe.",
    ],
)
def test_each_variant_of_a_listed_claim_is_found(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "IV ketamine is not FDA-approved for depression.",
        "It is not approved by the FDA for depression.",
        "There is no cure for depression.",
        "There is no guarantee that it will help.",
        "Ketamine isn't a cure.",
        "Ketamine was approved by the FDA in 1970 as an anesthetic; it is not FDA-approved for depression.",
        "Esketamine (Spravato) is FDA-approved for major depressive disorder.",
        "Nobody can promise instant relief.",
    ],
)
def test_a_denial_or_an_honest_statement_is_not_a_claim(text: str) -> None:
    assert flagged(text) == []


def test_a_denial_counts_only_in_its_own_clause_and_close_before_the_phrase() -> None:
    text = normalise("This is not new. It is a cure.")
    assert not negated(text, text.index("cure"))
    text = normalise("Not that we would say it, but we believe it is a cure.")
    assert not negated(text, text.index("cure"))
    text = normalise("It will never be a cure.")
    assert negated(text, text.index("cure"))


def test_overlapping_phrases_are_reported_once_with_the_longest() -> None:
    found = find_claims(normalise("I was cured."), [Claim("cured", "a"), Claim("I was cured", "b")])
    assert [(item.claim.phrase, item.text) for item in found] == [("I was cured", "i was cured")]


def test_a_gap_in_a_phrase_stays_within_the_sentence() -> None:
    claims = [Claim("approved by the FDA ... depression", "x")]
    assert find_claims(normalise("approved by the FDA for adult depression"), claims)
    assert not find_claims(normalise("approved by the FDA. It helps depression"), claims)
    assert not find_claims(
        normalise("approved by the FDA in 1970 for use in surgery, not depression"), claims
    )


# Reading the list and the allowances


def test_the_list_covers_safety_efficacy_approval_and_testimonials() -> None:
    examples = [
        "It is completely safe.",
        "No side effects.",
        "A miracle.",
        "A guaranteed result.",
        "Instant relief.",
        "FDA-approved for depression.",
        "Clinically proven.",
        "It works for everyone.",
    ]
    assert [text for text in examples if not flagged(text)] == []


def test_a_phrase_without_a_suggestion_is_refused() -> None:
    with pytest.raises(ValueError) as error:
        read_claims([{"phrase": "best clinic"}])
    assert str(error.value) == (
        'mkdocs.yml: the phrase "best clinic" in extra.claims_check has no suggestion; add "suggestion: ..." '
        "saying what to write instead."
    )


def test_a_phrase_that_starts_with_a_gap_is_refused() -> None:
    with pytest.raises(ValueError, match=r'extra.claims_check starts or ends with "\.\.\."'):
        read_claims([{"phrase": "... depression", "suggestion": "x"}])


def test_a_number_phrase_is_read_as_text() -> None:
    assert read_claims([{"phrase": 100, "suggestion": "x"}]) == [Claim("100", "x")]


def test_allowances_are_read_from_the_front_matter() -> None:
    value = [{"phrase": "cure", "reason": " quotes the FDA "}]
    assert read_allowances(value, path="docs/p.md") == [Allowance("cure", "quotes the FDA")]
    assert read_allowances(None, path="docs/p.md") == []


def test_an_allowance_without_a_reason_is_refused() -> None:
    with pytest.raises(ValueError) as error:
        read_allowances([{"phrase": "cure"}], path="docs/p.md")
    assert str(error.value).startswith(
        'docs/p.md: allowed_claims allows "cure" without a reason; add "reason:"'
    )


# Reading a rendered page and placing what is found


def test_visible_text_reads_title_description_structured_data_and_body_but_not_scripts() -> None:
    html = (
        '<html><head><title>T &amp; C</title><meta name="description" content="D &quot;x&quot;">'
        '<script type="application/ld+json">{"a": {"b": ["J1", "J2"]}}</script></head>'
        "<body><p>one</p><p>two</p><p>c<b>ure</b></p><script>hidden1</script><style>hidden2</style>"
        "<template><p>hidden3</p></template><noscript>hidden4</noscript></body></html>"
    )
    lines = [line for line in visible_text(html).splitlines() if line.strip()]
    assert lines == ["T & C", 'D "x"', "J1", "J2", "one", "two", "cure"]


def test_config_texts_name_each_key_and_nav_titles() -> None:
    values = {
        "site_name": "S",
        "nav": [{"Home": "index.md"}, {"Part": [{"Sub": "a.md"}]}],
        "extra": {"clinic": {"cta": {"text": "T"}}, "claims_check": [{"phrase": "cure"}], "list": ["L"]},
    }
    assert sorted(config_texts(values)) == sorted(
        [
            ("site_name", "S"),
            ("nav", "Home"),
            ("nav", "index.md"),
            ("nav", "Part"),
            ("nav", "Sub"),
            ("nav", "a.md"),
            ("extra.clinic.cta.text", "T"),
            ("extra.list[0]", "L"),
        ]
    )


def test_a_claim_is_placed_at_its_markdown_line_as_the_editor_wrote_it() -> None:
    source = "---\ntitle: T\n---\n\nIt is F.D.A.\napproved for Depression.\n"
    report = check_page(
        "It is FDA approved for depression.",
        source=source,
        claims=listed(),
        allowed=[],
        config=[],
    )
    assert [(flag.line, flag.found) for flag in report.in_markdown] == [(5, "F.D.A. approved for Depression")]
    assert report.in_config == []
    assert report.elsewhere == []


def test_a_claim_from_mkdocs_yml_names_the_key_and_not_the_page() -> None:
    config = normalise_config({"extra": {"clinic": {"cta": {"text": "Book for instant relief."}}}})
    report = check_page("Book for instant relief.", source="", claims=listed(), allowed=[], config=config)
    assert [(flag.key, flag.found) for flag in report.in_config] == [
        ("extra.clinic.cta.text", "instant relief")
    ]
    assert report.in_markdown == report.elsewhere == []


def test_a_claim_split_by_markup_is_reported_on_the_page_without_a_line() -> None:
    report = check_page("A cure.", source="A c<b>ure</b>.", claims=CLAIMS, allowed=[], config=[])
    assert report.elsewhere == [Flag(None, "cure", "cure", "may ease symptoms")]
    assert "look for it split by markup" in claim_message("docs/p.md", report.elsewhere[0])


def test_an_allowed_phrase_is_not_flagged_and_an_unused_allowance_is_reported() -> None:
    allowed = [Allowance("CURE", "quotes a headline"), Allowance("miracle", "old quote")]
    report = check_page(
        "A cure. No side effects.",
        source="A cure.\nNo side effects.",
        claims=CLAIMS,
        allowed=allowed,
        config=[],
    )
    assert [(flag.line, flag.phrase) for flag in report.in_markdown] == [(2, "no side effects")]
    assert report.unused == [Allowance("miracle", "old quote")]


def test_the_message_names_the_file_line_phrase_rewording_and_the_way_to_allow_it() -> None:
    flag = Flag(line=12, phrase="cure", found="Cure", suggestion='"may ease symptoms"')
    assert claim_message("docs/index.md", flag) == (
        'docs/index.md:12: "Cure" is a risky claim (listed as "cure" in extra.claims_check). Suggested '
        'rewording: "may ease symptoms". If the page quotes it on purpose, allow it in the front matter: '
        'allowed_claims: [{phrase: "cure", reason: "..."}]'
    )


# The build: one changed copy of the site, shared by the tests below.

VARIANTS = {
    "fda-dots": "Our infusions are F.D.A. approved for depression.",
    "fda-by": "Ketamine is approved by the FDA for depression.",
    "perfectly-safe": "The treatment is perfectly safe.",
    "zero": "Patients report zero side effects.",
    "none": "Side effects? None at all.",
    "percent-space": "Results in 100 % of patients.",
    "percent-words": "It works one hundred percent of the time.",
    "permanently": "Ketamine eliminates depression permanently.",
    "full-width": "A \uff43\uff55\uff52\uff45 at last.",
    "entity": "A c&#117;re at last.",
    "soft-hyphen": "A cu\u00adre at last.",
    "testimonial": '"I was cured after two sessions," one patient said.',
    "cured-my": '"It cured my depression," said another.',
    "risk-free": "Risk-free and harmless.",
    "emphasis": "It is **completely** safe.",
}
DENIALS = [
    "IV ketamine is not FDA-approved for depression.",
    "It is not approved by the FDA for depression.",
    "There is no cure for depression, and there is no guarantee that ketamine will help.",
]
CTA_TEXT = "Book a consultation for instant relief from depression."
NAV_TITLE = "Book now: guaranteed results"
SITE_DESCRIPTION = "Ketamine infusions that cure depression, at a clinic in Spring, Texas."
QUOTE = '> "Ketamine is a miracle," one headline said. The evidence is more careful than that.'
WARNING = re.compile(
    r"WARNING -  (docs/[\w.-]+|mkdocs\.yml)(?::(\d+))?: (?:([\w.\[\]]+|a page title in nav): )?"
    r'"([^"]*)" is a risky claim \(listed as "([^"]*)"'
)


def marked(key: str) -> str:
    """A variant's line, marked so the test can find its line number."""
    return f"{VARIANTS[key]} <!-- case {list(VARIANTS).index(key)} -->"


def privacy_page() -> str:
    lines = [marked(key) for key in VARIANTS]
    return doc("privacy.md") + "\n" + "\n\n".join(lines) + "\n"


def book_page() -> str:
    return with_front_matter(
        doc("book.md") + "\n" + QUOTE + "\n",
        allowed_claims='[{phrase: miracle, reason: "quotes a headline the page corrects"}]',
    )


def claims_part() -> None:
    """Claims on four pages and in mkdocs.yml, added to the shared build of broken pages (claims_build)."""
    nav = copy.deepcopy(site_config()["nav"])
    nav[-1] = {NAV_TITLE: next(iter(nav[-1].values()))}
    claims = [*site_config()["extra"]["claims_check"], {"phrase": "photo ID", "suggestion": "identity card"}]
    broken_site_part(
        {
            "privacy.md": privacy_page(),
            "accessibility.md": doc("accessibility.md") + "\n" + "\n\n".join(DENIALS) + "\n",
            "book.md": book_page(),
            "medical-disclaimer.md": with_front_matter(
                doc("medical-disclaimer.md"), allowed_claims='[{phrase: miracle, reason: "an old quote"}]'
            ),
        },
        config={
            "site_description": SITE_DESCRIPTION,
            "nav": nav,
            "extra": {"claims_check": claims, "clinic": {"cta": {"text": CTA_TEXT}}},
        },
    )


claims_part()


@pytest.fixture
def claims_build(broken_pages: Build) -> Build:
    return broken_pages


def warnings(build: Build) -> list[tuple[str, int | None, str | None, str, str]]:
    """(file, line, key, found, listed) of each claims warning in the log."""
    return [
        (file, int(line) if line else None, key or None, found, phrase)
        for file, line, key, found, phrase in WARNING.findall(build.log)
    ]


@pytest.mark.parametrize("key", list(VARIANTS))
def test_each_variant_stops_the_build_at_its_line(claims_build: Build, key: str) -> None:
    assert not claims_build.ok
    line = privacy_page().splitlines().index(marked(key)) + 1
    found = [item for item in warnings(claims_build) if item[:2] == ("docs/privacy.md", line)]
    assert found, claims_build.log
    phrases = {claim.phrase for claim in listed()}
    assert all(phrase in phrases for *_, phrase in found)
    # The quoted words are those of the line, as written (without Markdown's marks) or normalised.
    assert all(normalise(written) in normalise(VARIANTS[key].replace("*", "")) for *_, written, _ in found)


def test_two_claims_on_one_line_are_both_reported(claims_build: Build) -> None:
    line = privacy_page().splitlines().index(marked("permanently")) + 1
    found = {
        written
        for file, at, _, written, _ in warnings(claims_build)
        if (file, at) == ("docs/privacy.md", line)
    }
    assert found == {"eliminates depression", "permanently"}


def test_the_full_message_names_the_line_words_rewording_and_allowance(claims_build: Build) -> None:
    line = privacy_page().splitlines().index(marked("fda-dots")) + 1
    claim = next(c for c in listed() if find_claims(normalise("F.D.A. approved for depression"), [c]))
    assert (
        f'WARNING -  docs/privacy.md:{line}: "F.D.A. approved for depression" is a risky claim (listed as '
        f'"{claim.phrase}" in extra.claims_check). Suggested rewording: {claim.suggestion}. If the page '
        "quotes it on purpose, allow it in the front matter: allowed_claims: "
        f'[{{phrase: "{claim.phrase}", reason: "..."}}]' in claims_build.log
    )


def test_denials_pass(claims_build: Build) -> None:
    assert [item for item in warnings(claims_build) if item[0] == "docs/accessibility.md"] == []


def test_text_from_mkdocs_yml_is_reported_once_with_its_key(claims_build: Build) -> None:
    found = [(key, written) for file, _, key, written, _ in warnings(claims_build) if file == "mkdocs.yml"]
    assert sorted(found) == sorted(
        [
            ("extra.clinic.cta.text", "instant relief"),
            ("a page title in nav", "guaranteed"),
            ("site_description", "cure"),
        ]
    )


def test_an_allowed_quotation_passes_and_an_unused_allowance_is_reported(claims_build: Build) -> None:
    assert [
        item for item in warnings(claims_build) if item[0] == "docs/book.md" and "iracle" in item[3]
    ] == []
    assert (
        'WARNING -  docs/medical-disclaimer.md: the front matter allows "miracle" (allowed_claims), but the '
        "page no longer uses it; delete that entry." in claims_build.log
    )
    assert "docs/book.md: the front matter allows" not in claims_build.log


def test_staff_can_add_a_phrase_in_mkdocs_yml(claims_build: Build) -> None:
    line = next(n for n, row in enumerate(book_page().splitlines(), 1) if "Photo ID" in row)
    assert ("docs/book.md", line, None, "Photo ID", "photo ID") in warnings(claims_build)


def test_the_real_site_makes_no_risky_claim(site: Build) -> None:
    assert "risky claim" not in site.log
    assert "allowed_claims" not in site.log


def test_an_allowance_without_a_reason_stops_the_build(build_changed: BuildChanged) -> None:
    text = with_front_matter(doc("book.md") + "\n> A miracle.\n", allowed_claims="[{phrase: miracle}]")
    build = build_changed(files={"docs/book.md": text})
    assert not build.ok
    assert 'docs/book.md: allowed_claims allows "miracle" without a reason; add "reason:"' in build.log
    assert "Traceback" not in build.log
