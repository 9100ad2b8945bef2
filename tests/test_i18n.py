"""The Spanish edition's machinery: page names, per-language settings, hreflang, 404s, checks in Spanish,
and translations that cannot fall behind silently.

Builds use copies with the short Spanish pages of tests/i18n_pages.py (the real pages live on another
branch) and the i18n plugin's Spanish build switched on.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from conftest import ROOT, Build, BuildChanged, build_copy, extra_in, one, site_config
from i18n_pages import as_files, spanish_config, spanish_pages
from page_text import meta, source_of
from rj.i18n import (
    Translation,
    base_name,
    content_hash,
    deep_merge,
    header_value,
    hreflang_links,
    language_extra,
    missing_twins,
    nav_without,
    split_name,
    translation_action,
    with_translation_hash,
)
from selectolax.lexbor import LexborHTMLParser, LexborNode

import dev

SPANISH = "es"


def words(text: str) -> str:
    return " ".join(text.split())


def es_extra() -> dict:
    return site_config()["extra"]["languages"][SPANISH]


def attr(node: LexborNode, name: str) -> str:
    return node.attributes.get(name) or ""


@pytest.fixture(scope="session")
def bilingual(site: Build) -> Build:
    """The real site: both languages are built from the pages in docs/."""
    return site


# Plain functions.


def test_page_names_drop_only_known_language_suffixes() -> None:
    assert split_name("faq.es.md", ["es"]) == ("faq.md", "es")
    assert split_name("guides/visit.es.md", ["es"]) == ("guides/visit.md", "es")
    assert split_name("faq.md", ["es"]) == ("faq.md", None)
    assert split_name("faq.fr.md", ["es"]) == ("faq.fr.md", None)
    assert base_name("index.es.md", ["es"]) == "index.md"


def test_a_language_merges_its_words_over_the_shared_facts() -> None:
    merged = deep_merge(
        {"clinic": {"phone": "1", "cta": {"title": "A", "text": "B"}}, "l": [1]},
        {
            "clinic": {"cta": {"title": "C"}},
            "l": [2],
        },
    )
    assert merged == {"clinic": {"phone": "1", "cta": {"title": "C", "text": "B"}}, "l": [2]}
    extra = site_config()["extra"]
    spanish = language_extra(extra, SPANISH)
    assert spanish["clinic"]["phone"] == extra["clinic"]["phone"]
    assert spanish["clinic"]["hours"] == extra["clinic"]["hours"]
    assert spanish["faq"]["headings"] == es_extra()["overrides"]["faq"]["headings"]
    assert language_extra(extra, "en") == extra


def test_a_list_of_settings_takes_its_words_item_by_item() -> None:
    from rj.i18n import MergeProblem

    base = {"links": [{"page": "a.md", "label": "A"}, {"page": "b.md", "label": "B"}]}
    merged = deep_merge(base, {"links": [{"label": "Ah"}, {"label": "Be"}]})
    assert merged == {"links": [{"page": "a.md", "label": "Ah"}, {"page": "b.md", "label": "Be"}]}
    extra: dict[str, Any] = {
        "fda": {"approvals": [{"date": "2019-03-05", "use": "x"}] * 3},
        "languages": {SPANISH: {"overrides": {"fda": {"approvals": [{"use": "y"}] * 2}}}},
    }
    with pytest.raises(MergeProblem) as problem:
        language_extra(extra, SPANISH)
    assert str(problem.value) == (
        "`extra.languages.es.overrides.fda.approvals` has 2 items where `extra.fda.approvals` has 3; "
        "write one item for each, in the same order"
    )
    real = site_config()["extra"]
    spanish = language_extra(real, SPANISH)
    assert [a.get("date") for a in spanish["fda"]["esketamine"]["approvals"]] == [
        a.get("date") for a in real["fda"]["esketamine"]["approvals"]
    ]
    assert [link["page"] for link in spanish["footer_links"]] == [
        link["page"] for link in real["footer_links"]
    ]


def test_no_clinic_fact_is_written_twice() -> None:
    overrides = es_extra()["overrides"]
    clinic = overrides.get("clinic", {})
    for fact in ("name", "phone", "booking_url", "address", "hours", "locality"):
        assert fact not in clinic, fact
    assert "year" not in overrides.get("fda", {}).get("ketamine", {})
    assert all(
        "date" not in item for item in overrides.get("fda", {}).get("esketamine", {}).get("approvals", [])
    )
    assert all("page" not in item for item in overrides.get("footer_links", []))


def test_the_hash_ignores_the_header_and_line_ends_but_not_the_text() -> None:
    page = "---\ntitle: A\nlast_reviewed: 2026-01-01\n---\n\n# A\n\nText.\n"
    assert content_hash(page) == content_hash(page.replace("2026-01-01", "2026-02-02"))
    assert content_hash(page) == content_hash(page.replace("\n", "\r\n"))
    assert content_hash(page) != content_hash(page.replace("Text.", "Text changed."))


def test_the_command_writes_only_the_hash() -> None:
    page = "---\ntitle: A\ntranslation_of: 0000\ntranslated_by: t\n---\n\n# A\n"
    updated = with_translation_hash(page, "abcd")
    assert updated == page.replace("translation_of: 0000", "translation_of: abcd")
    added = with_translation_hash("---\ntitle: A\n---\n\n# A\n", "abcd")
    assert added == "---\ntitle: A\ntranslation_of: abcd\n---\n\n# A\n"
    assert header_value(added, "translation_of") == "abcd"


def test_a_stale_translation_is_recorded_only_after_its_review() -> None:
    stale = Translation("docs/a.md", "docs/a.es.md", recorded="old", current="new")
    changed = datetime.date(2026, 11, 20)
    assert (
        translation_action(stale, reviewed=datetime.date(2026, 11, 19), english_changed=changed) == "review"
    )
    assert translation_action(stale, reviewed=None, english_changed=changed) == "review"
    assert translation_action(stale, reviewed=changed, english_changed=changed) == "record"
    current = Translation("docs/a.md", "docs/a.es.md", recorded="new", current="new")
    assert translation_action(current, reviewed=None, english_changed=changed) == "current"


def test_a_page_in_one_language_needs_a_listed_reason() -> None:
    pages = ["index.md", "index.es.md", "faq.md", "old.es.md"]
    problems = missing_twins(pages, languages=["en", "es"], main="en", untranslated={})
    assert {(p.page, p.language) for p in problems} == {("faq.md", "es"), ("old.md", "en")}
    listed = missing_twins(pages, languages=["en", "es"], main="en", untranslated={"es": ["faq.md"]})
    assert {(p.page, p.language) for p in listed} == {("old.md", "en")}


def test_hreflang_pairs_list_every_language_then_x_default() -> None:
    links = hreflang_links({"es": "https://x/es/a/", "en": "https://x/a/"}, main="en")
    assert links == [("en", "https://x/a/"), ("es", "https://x/es/a/"), ("x-default", "https://x/a/")]
    assert hreflang_links({"en": "https://x/a/"}, main="en") == []


def test_untranslated_pages_leave_that_language_s_menu() -> None:
    nav = [{"Home": "index.md"}, {"FAQ": "faq.md"}, {"Part": [{"A": "a.md"}]}]
    assert nav_without(nav, ["faq.md", "a.md"]) == [{"Home": "index.md"}]


def test_both_word_lists_have_the_same_keys() -> None:
    def keys(language: str) -> set[str]:
        text = (ROOT / "overrides" / "partials" / "rj-words" / f"{language}.html").read_text(encoding="utf-8")
        import jinja2

        module = jinja2.Environment().from_string(text).module
        found: dict = module.words  # type: ignore[attr-defined]
        return {f"{group}.{key}" for group, entries in found.items() for key in entries}

    assert keys("en") == keys(SPANISH)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("La ketamina está aprobada por la FDA para la depresión.", True),
        ("La ketamina no está aprobada por la FDA para la depresión.", False),
        ("Es una cura garantizada.", True),
        ("No hay cura.", False),
        ("Sin efectos secundarios.", True),
        ("No solo es seguro: es totalmente seguro.", True),
    ],
)
def test_the_spanish_claims_list_and_its_denials(text: str, found: bool) -> None:
    from rj.claims import denials, find_claims, read_claims
    from rj.text import normalise

    overrides = es_extra()["overrides"]
    negations = overrides["claims_negations"]
    rules = denials(negations["words"], negations["not_after"])
    assert bool(find_claims(normalise(text), read_claims(overrides["claims_check"]), rules)) is found


def test_a_mistake_in_a_language_s_words_is_named_where_it_is_written() -> None:
    from rj.model import SettingsError, read_extra

    extra = json.loads(json.dumps(site_config()["extra"], default=str))
    extra["languages"][SPANISH]["overrides"]["clinic"]["cta"]["title"] = "x" * 81
    read_extra(extra)  # the English pages do not read the Spanish words
    with pytest.raises(SettingsError) as error:
        read_extra(extra, SPANISH)
    assert "mkdocs.yml: `extra.languages.es.overrides.clinic.cta.title`" in str(error.value)
    assert "at most 80 characters" in str(error.value)


def test_a_translation_names_its_translator_and_review_day() -> None:
    from rj.model import Reviewer
    from rj.translation import check_translation

    translators = {"medical-translator": Reviewer(name="T")}
    english = "---\ntitle: A\n---\n\n# A\n"
    record, problems = check_translation(
        {"translated_by": "someone"},
        where="docs/a.es.md",
        original="docs/a.md",
        original_source=english,
        translators=translators,
    )
    assert record.recorded is None and record.current == content_hash(english)
    assert any(
        "`translated_by: someone` is not a translator" in p and "medical-translator" in p for p in problems
    )
    assert any("translation_reviewed" in p for p in problems)
    _, fine = check_translation(
        {"translated_by": "medical-translator", "translation_reviewed": datetime.date(2026, 11, 20)},
        where="docs/a.es.md",
        original="docs/a.md",
        original_source=english,
        translators=translators,
    )
    assert fine == []


# The real site.


def test_every_page_has_its_twin_or_a_listed_reason() -> None:
    english = {p.name for p in (ROOT / "docs").glob("*.md") if p.name.count(".") == 1}
    translated = {p.name.replace(".es.md", ".md") for p in (ROOT / "docs").glob("*.es.md")}
    listed = {item["page"]: item["reason"] for item in es_extra().get("untranslated", [])}
    for page in english:
        assert page in translated or listed.get(page, "").strip(), page
    assert not translated & set(listed), "a translated page is still listed as untranslated"


def test_the_translator_placeholder_is_refused_in_production(build_changed: BuildChanged) -> None:
    config = {
        "site_url": "https://www.clinic.test/",
        "extra": {
            "clinic": {
                "placeholders": [],
                "phone": "+44 20 7946 0018",
                "booking_url": "https://b.clinic.test/",
            },
            "reviewers": {"clinical-lead": {"placeholder": False, "name": "Test Reviewer"}},
        },
    }
    build = build_changed(config=config, env={"SITE_ENV": "production"})
    assert not build.ok
    assert 'extra.translators "medical-translator" is a placeholder' in build.log


# A bilingual copy.


def test_html_lang_follows_the_page_language(bilingual: Build) -> None:
    for path in bilingual.pages():
        if not path.endswith((".html", "/")) and path != "":
            continue
        expected = SPANISH if path.startswith("es/") else "en"
        assert attr(one(bilingual.html(path), "html"), "lang") == expected, path


def test_hreflang_links_are_absolute_reciprocal_and_have_x_default(bilingual: Build) -> None:
    site_url = site_config()["site_url"]
    twins = [name.removeprefix("docs/").replace(".es.md", ".md") for name in spanish_pages()]
    assert twins
    for name in twins:
        stem = "" if name == "index.md" else name[:-3] + "/"
        pairs = {}
        for path in (stem, f"es/{stem}"):
            links = bilingual.html(path).css('head link[rel="alternate"][hreflang]')
            pairs[path] = {attr(link, "hreflang"): attr(link, "href") for link in links}
        assert pairs[stem] == pairs[f"es/{stem}"], name
        assert pairs[stem] == {
            "en": f"{site_url}{stem}",
            SPANISH: f"{site_url}es/{stem}",
            "x-default": f"{site_url}{stem}",
        }


def test_the_sitemap_lists_alternates(bilingual: Build) -> None:
    sitemap = (bilingual.site / "sitemap.xml").read_text(encoding="utf-8")
    site_url = site_config()["site_url"]
    assert f'hreflang="{SPANISH}" href="{site_url}es/faq/"' in sitemap
    assert f'hreflang="en" href="{site_url}faq/"' in sitemap


def test_each_home_offers_the_other_language_in_its_own_words(bilingual: Build) -> None:
    english = one(bilingual.html(""), ".rj-language a")
    assert attr(english, "lang") == SPANISH and words(english.text()) == es_extra()["name"]
    spanish = one(bilingual.html("es/"), ".rj-language a")
    assert attr(spanish, "lang") == "en" and attr(spanish, "href") == "../"


def test_the_root_404_is_english_and_the_spanish_one_is_under_es(bilingual: Build) -> None:
    root = bilingual.html("404.html")
    spanish = bilingual.html("es/404.html")
    assert attr(one(root, "html"), "lang") == "en"
    assert attr(one(spanish, "html"), "lang") == SPANISH
    assert one(root, "article h1").text() != one(spanish, "article h1").text()
    assert attr(one(spanish, "article p a"), "href").endswith("/es/")


def json_ld(page: LexborHTMLParser) -> dict:
    return json.loads(one(page, 'script[type="application/ld+json"]').text())


def test_the_spanish_json_ld_is_in_spanish(bilingual: Build) -> None:
    overrides = es_extra()["overrides"]
    graph = json_ld(bilingual.html("es/faq/"))["@graph"]
    languages = {node["inLanguage"] for node in graph if "inLanguage" in node}
    assert languages == {SPANISH}
    faq = next(node for node in graph if "FAQPage" in str(node.get("@type")))
    questions = [q["name"] for q in faq["mainEntity"]]
    written = [
        line[3:].strip() for line in spanish_pages()["docs/faq.es.md"].splitlines() if line.startswith("## ")
    ]
    assert questions == written
    therapy = next(node for node in graph if node.get("@type") == "MedicalTherapy")
    assert therapy["name"] == overrides["therapy"]["name"]
    assert "/es/" in therapy["url"] or site_config()["extra"]["therapy"]["page"] in [
        item["page"] for item in es_extra()["untranslated"]
    ]
    page = bilingual.html("es/faq/")
    assert attr(one(page, 'meta[property="og:locale"]'), "content") == "es_US"
    assert attr(one(page, 'meta[property="og:image:alt"]'), "content") == overrides["social_card"]["alt"]


def test_the_spanish_boxes_and_footer_are_in_spanish(bilingual: Build) -> None:
    overrides = es_extra()["overrides"]
    home = bilingual.html("es/")
    crisis = one(home, "aside.rj-crisis")
    assert crisis is not None, "the Spanish home page must carry the crisis callout"
    actions = [words(a.text()) for a in crisis.css(".rj-crisis__actions a")]
    assert actions[0].endswith("2") and "AYUDA" in actions[1]
    box = one(home, "aside.rj-cta--full")
    assert words(one(box, ".rj-cta__title").text()) == overrides["clinic"]["cta"]["title"]
    call = one(box, "a.rj-cta__call")
    assert words(call.text()).startswith("Llamar al (")
    labels = [words(a.text()) for a in home.css(".rj-footer__link")]
    assert labels == [link["label"] for link in overrides["footer_links"]]
    book = bilingual.html("es/book/")
    hours = words(one(book, ".rj-cta__details").text())
    assert "lunes" in hours.lower() and "Monday" not in hours
    rules = [words(dt.text()) for dt in book.css(".rj-visit-rules__list dt")]
    assert rules == [item["topic"] for item in overrides["clinic"]["visit_rules"]]
    help_box = one(book, ".rj-language-help p")
    assert words(help_box.text()) == words(overrides["clinic"]["language_help"])


def without_spanish(name: str) -> dict[str, str | None]:
    """The Spanish pages with `name`'s twin deleted, and no Spanish page linking to it (a Spanish page may not
    link a page that has no Spanish twin: the strict build says so)."""
    files: dict[str, str | None] = {f"docs/{name[:-3]}.es.md": None}
    for path, text in spanish_pages().items():
        if f"]({name}" in text:
            files[path] = "\n".join(line for line in text.splitlines() if f"]({name}" not in line) + "\n"
    return files


def test_untranslated_pages_are_linked_in_english(build_changed: BuildChanged) -> None:
    untranslated = [{"page": "accessibility.md", "reason": "a test of a page not translated yet"}]
    build = build_changed(
        files=without_spanish("accessibility.md"),
        config={"extra": {"languages": {SPANISH: {"untranslated": untranslated}}}},
    )
    assert build.ok, build.log
    hrefs = [attr(a, "href") for a in build.html("es/").css(".rj-footer__link")]
    assert "../accessibility/" in hrefs
    assert "../es/privacy/" not in hrefs and "privacy/" in hrefs
    # A page with no Spanish twin claims none.
    assert not build.html("accessibility/").css('head link[rel="alternate"][hreflang]')


# Checks in Spanish, and the drift check.


def test_spanish_claims_are_caught_and_denials_pass(build_changed: BuildChanged) -> None:
    faq = spanish_pages()["docs/faq.es.md"]
    files = spanish_pages() | {
        "docs/faq.es.md": faq + "\n## ¿Es segura?\n\nEs una cura garantizada, sin efectos secundarios.\n",
        "docs/privacy.es.md": spanish_pages()["docs/privacy.es.md"]
        + "\nLa ketamina no está aprobada por la FDA para la depresión.\n",
    }
    build = build_changed(files=files, config=spanish_config())
    assert not build.ok
    flagged = [
        line for line in build.log.splitlines() if line.startswith("WARNING") and "docs/faq.es.md" in line
    ]
    assert any("cura garantizada" in line for line in flagged), build.log
    assert any("sin efectos secundarios" in line for line in flagged), build.log
    # The honest denial on the privacy page is no claim.
    assert not [
        line for line in build.log.splitlines() if line.startswith("WARNING") and "privacy.es.md" in line
    ]


def test_spanish_crisis_words_bring_the_urgent_callout(build_changed: BuildChanged) -> None:
    privacy = spanish_pages()["docs/privacy.es.md"] + "\nSi piensa en quitarse la vida, llame al 988.\n"
    build = build_changed(files=spanish_pages() | {"docs/privacy.es.md": privacy}, config=spanish_config())
    assert build.ok, build.log
    callout = one(build.html("es/privacy/"), "aside.rj-crisis")
    assert "rj-crisis--urgent" in attr(callout, "class")
    assert build.html("privacy/").css_first("aside.rj-crisis") is None


def test_a_changed_english_page_marks_its_translation_without_failing(tmp_path: Path) -> None:
    faq = (ROOT / "docs" / "faq.md").read_text(encoding="utf-8")
    changed = faq.replace("## Can I drive home?", "## Can I drive myself home?", 1)
    assert changed != faq
    build = build_copy(
        tmp_path / "project",
        files=as_files(spanish_pages() | {"docs/faq.md": changed}),
        config=spanish_config(),
    )
    assert build.ok, build.log
    info = [line for line in build.log.splitlines() if "docs/faq.es.md" in line and "docs/faq.md" in line]
    assert info and all(line.startswith("INFO") for line in info), build.log
    notice = one(build.html("es/faq/"), ".rj-translation-notice")
    assert notice is not None
    assert attr(one(notice, "a"), "href") == "../../faq/"
    assert build.html("es/privacy/").css_first(".rj-translation-notice") is None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = dev.translations(check=True, docs=tmp_path / "project" / "docs")
    assert code == 1
    assert "docs/faq.es.md" in out.getvalue() and "docs/faq.md" in out.getvalue()
    assert "privacy" not in out.getvalue()


def test_translation_keys_belong_on_translations_only(build_changed: BuildChanged) -> None:
    faq = (
        (ROOT / "docs" / "faq.md")
        .read_text(encoding="utf-8")
        .replace("---\n", "---\ntranslated_by: medical-translator\n", 1)
    )
    build = build_changed(files={"docs/faq.md": faq})
    assert not build.ok
    assert "docs/faq.md" in build.log and "translated_by" in build.log


def test_an_unlisted_english_only_page_stops_the_bilingual_build(build_changed: BuildChanged) -> None:
    build = build_changed(files=without_spanish("accessibility.md"))
    assert not build.ok
    assert "docs/accessibility.md has no translation" in build.log and "docs/accessibility.es.md" in build.log


def spanish_fda_pages(site: Build) -> list[str]:
    """The Spanish pages whose Markdown says they explain the FDA facts themselves (`fda_explained`)."""
    return sorted(
        path
        for path in site.pages_in(SPANISH)
        if not site.is_404(path) and meta(source_of(path)).get("fda_explained") is True
    )


def test_a_spanish_page_that_explains_the_fda_facts_gives_them_and_shows_no_box(site: Build) -> None:
    fda = extra_in(SPANISH)["fda"]
    assert spanish_fda_pages(site)
    for path in spanish_fda_pages(site):
        article = one(site.html(path), "article")
        assert article.css(".rj-notice") == [], path
        text = words(article.text())
        assert str(fda["ketamine"]["year"]) in text, path
        for approval in fda["esketamine"]["approvals"]:
            if "date" in approval:
                day = datetime.date.fromisoformat(approval["date"])
                assert format_date(day, "long", locale=SPANISH) in text, path


def test_a_spanish_page_that_explains_the_fda_facts_uses_the_words_of_mkdocs_yml(site: Build) -> None:
    fda = extra_in(SPANISH)["fda"]
    for path in spanish_fda_pages(site):
        text = words(one(site.html(path), "article").text())
        assert words(fda["ketamine"]["approved_for"]) in text, path
        for approval in fda["esketamine"]["approvals"]:
            assert words(approval["use"]) in text, (path, approval["use"])
        assert words(fda["esketamine"]["rems"]) in text, path
