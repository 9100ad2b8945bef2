"""References (hooks/pages.py, rj/references.py, the model): one list of sources in mkdocs.yml, a list at the
foot of each medical page in the order its front matter gives, and build errors for unknown keys and unlisted
DOI links."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest
from babel.dates import format_date
from conftest import MEDICAL_PAGES, Build, BuildChanged, broken_page_files, needed, one, twins
from page_text import doc, site_config, with_front_matter
from rj.model import Reference, SettingsError, read_extra
from rj.references import resolve_references, unlisted_doi_links

ARTICLE: dict[str, Any] = {
    "authors": "Singh et al.",
    "journal": "American Journal of Psychiatry",
    "year": 2016,
    "doi": "10.1176/appi.ajp.2016.16010037",
    "about": "A trial.",
}
DOCUMENT: dict[str, Any] = {
    "agency": "U.S. Food and Drug Administration",
    "dates": [date(2019, 3, 5)],
    "about": "Approval.",
}
REFERENCES = {"singh-2016": Reference(**ARTICLE), "fda": Reference(**DOCUMENT)}


def read_reference(entry: dict) -> Reference:
    """The source "x" as the model reads it from extra.references in mkdocs.yml."""
    extra = copy.deepcopy(dict(site_config()["extra"]))
    extra["references"] = {"x": entry}
    return read_extra(extra).references["x"]


# Reading the list in mkdocs.yml


def test_every_source_in_mkdocs_yml_is_complete() -> None:
    references = read_extra(site_config()["extra"]).references
    assert sorted(references) == [
        "anand-2023",
        "ekstrand-2022",
        "fava-2018",
        "fda-compounded-ketamine",
        "fda-compounded-ketamine-2022",
        "fda-esketamine-2019",
        "fda-ketamine-label",
        "sanacora-2017",
        "sharp-2025",
        "singh-2016",
    ]


def test_every_source_in_mkdocs_yml_links_to_it() -> None:
    references = read_extra(site_config()["extra"]).references
    for key, ref in references.items():
        assert ref.doi or (ref.url or "").startswith("https://"), key


def test_the_dois_are_those_of_the_facts_file() -> None:
    references = site_config()["extra"]["references"]
    assert {key: ref.get("doi") for key, ref in references.items() if ref.get("doi")} == {
        "fava-2018": "10.1038/s41380-018-0256-5",
        "singh-2016": "10.1176/appi.ajp.2016.16010037",
        "sanacora-2017": "10.1001/jamapsychiatry.2017.0080",
        "anand-2023": "10.1056/NEJMoa2302399",
        "ekstrand-2022": "10.1093/ijnp/pyab088",
    }


def test_a_journal_article_and_an_agency_document_are_read() -> None:
    article = read_reference(ARTICLE)
    assert (article.authors, article.journal, article.year, article.doi, article.about, article.dates) == (
        ARTICLE["authors"],
        ARTICLE["journal"],
        ARTICLE["year"],
        ARTICLE["doi"],
        ARTICLE["about"],
        [],
    )
    document = read_reference(DOCUMENT)
    assert (document.agency, document.dates, document.about) == (
        DOCUMENT["agency"],
        DOCUMENT["dates"],
        DOCUMENT["about"],
    )


def test_dates_written_as_text_are_read_as_dates() -> None:
    assert read_reference({**DOCUMENT, "dates": ["2019-03-05"]}).dates == [date(2019, 3, 5)]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {**ARTICLE, "doi": None},
            "mkdocs.yml: `extra.references.x`: is a journal article without a doi; give authors, journal, "
            "year and a doi (or url).",
        ),
        (
            {key: value for key, value in ARTICLE.items() if key != "authors"},
            "mkdocs.yml: `extra.references.x`: is a journal article without authors; give authors, journal, "
            "year and a doi (or url).",
        ),
        (
            {**ARTICLE, "doi": "doi.org/10.1176"},
            'mkdocs.yml: `extra.references.x.doi`: doi "doi.org/10.1176" is not a DOI; write it like '
            "10.1176/appi.ajp.2016.16010037.",
        ),
        (
            {key: value for key, value in ARTICLE.items() if key != "about"},
            "mkdocs.yml: `extra.references.x.about` is missing; add `about:` under `extra.references.x`.",
        ),
        (
            {"agency": "FDA", "about": "Approval."},
            "mkdocs.yml: `extra.references.x`: is neither an article nor an official document; write "
            '"journal:" (with authors, year, doi) for an article, or "agency:" with "dates:" (or "year:") '
            "for an official document.",
        ),
        (
            {**DOCUMENT, "dates": ["March 2019"]},
            'mkdocs.yml: `extra.references.x.dates[1]` ("March 2019") must be a real date written '
            "YYYY-MM-DD, e.g. 2026-11-16.",
        ),
        (
            {**DOCUMENT, "url": "http://fda.example/"},
            'mkdocs.yml: `extra.references.x.url`: url "http://fda.example/" does not start with https://; '
            "give the https:// address.",
        ),
    ],
)
def test_an_incomplete_source_is_refused_with_the_fix(entry: dict, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        read_reference({key: value for key, value in entry.items() if value is not None})
    assert str(error.value) == message


# Resolving a page's keys


def test_a_page_gets_its_sources_in_its_own_order_once_each() -> None:
    assert resolve_references(["fda", "singh-2016", "fda"], references=REFERENCES) == (
        ["fda", "singh-2016"],
        [],
    )


def test_an_unknown_key_is_a_problem_naming_the_key() -> None:
    assert resolve_references(["singh-2061"], references=REFERENCES)[1] == [
        'the front matter lists the reference "singh-2061", which is not under extra.references '
        "in mkdocs.yml. Correct the key (known: fda, singh-2016) or add the source there first."
    ]


def test_references_that_are_not_a_list_of_keys_are_a_problem() -> None:
    assert resolve_references("singh-2016", references=REFERENCES)[1] == [
        "references in the front matter must be a list of keys, e.g. [singh-2016]."
    ]


def test_a_doi_link_to_a_listed_source_is_fine() -> None:
    text = "Line one.\nSee ([Singh](https://doi.org/10.1176/appi.ajp.2016.16010037)).\n"
    assert unlisted_doi_links(text, listed=["singh-2016"], references=REFERENCES) == []


def test_a_doi_link_to_a_known_source_the_page_does_not_list_is_reported_with_its_line() -> None:
    text = "Line one.\nSee ([Singh](https://doi.org/10.1176/APPI.AJP.2016.16010037)).\n"
    assert unlisted_doi_links(text, listed=[], references=REFERENCES) == [
        (
            2,
            'the text links to doi.org/10.1176/APPI.AJP.2016.16010037 ("singh-2016"), but the front '
            "matter's references do not list it; add singh-2016 to references.",
        )
    ]


def test_a_doi_link_to_an_unknown_source_is_reported() -> None:
    text = "[x](https://dx.doi.org/10.1000/xyz123)."
    assert unlisted_doi_links(text, listed=[], references=REFERENCES) == [
        (
            1,
            "the link to doi.org/10.1000/xyz123 is not a source under extra.references in mkdocs.yml; add it "
            "there, then to the page's references.",
        )
    ]


# The built site


def reference_items(site: Build, path: str) -> list[tuple[str, str]]:
    items = site.html(path).css("article .rj-references li")
    return [
        (needed(item.attributes["id"], "a reference's id"), " ".join(item.text().split())) for item in items
    ]


def about(key: str) -> str:
    return " ".join(site_config()["extra"]["references"][key]["about"].split())


def test_a_medical_page_lists_its_sources_in_its_front_matter_order(site: Build) -> None:
    assert reference_items(site, "how-ketamine-works/") == [
        (
            "ref-sanacora-2017",
            "Sanacora et al. JAMA Psychiatry. 2017;74(4):399\N{EN DASH}405. Consensus statement on the use "
            "of ketamine for mood disorders. doi:10.1001/jamapsychiatry.2017.0080",
        ),
        (
            "ref-fava-2018",
            f"Fava et al. Molecular Psychiatry. 2018. {about('fava-2018')} doi:10.1038/s41380-018-0256-5",
        ),
        (
            "ref-fda-ketamine-label",
            f"U.S. Food and Drug Administration. 2024. {about('fda-ketamine-label')} "
            + site_config()["extra"]["references"]["fda-ketamine-label"]["url"],
        ),
    ]


def test_an_agency_document_shows_its_dates_in_words(site: Build) -> None:
    config = site_config()
    language = config["theme"]["language"]
    reference = config["extra"]["references"]["fda-compounded-ketamine-2022"]
    days = "; ".join(format_date(day, "long", locale=language) for day in reference["dates"])
    items = dict(reference_items(site, "side-effects/"))
    assert items["ref-fda-compounded-ketamine-2022"] == (
        f"{reference['agency']}. {days}. {reference['about']} {reference['url']}"
    )


def test_every_reference_item_on_every_page_links_to_its_source(site: Build) -> None:
    for path in site.pages():
        for item in site.html(path).css("article .rj-references li"):
            links = [a.attributes.get("href") or "" for a in item.css("a")]
            assert len(links) == 1 and links[0].startswith("https://"), (path, item.attributes["id"])


def test_an_article_links_to_its_doi(site: Build) -> None:
    link = one(site.html("faq/"), "#ref-singh-2016 a")
    assert link.attributes["href"] == "https://doi.org/10.1176/appi.ajp.2016.16010037"


def test_the_list_has_a_named_heading(site: Build) -> None:
    section = one(site.html("faq/"), "article section.rj-references")
    assert section.attributes["aria-labelledby"] == "rj-references-title"
    assert one(section, "h2#rj-references-title").text() == "References"


def test_every_page_with_references_shows_them_and_others_do_not(site: Build) -> None:
    with_list = {path for path in site.pages() if site.html(path).css("article .rj-references")}
    assert with_list == twins(MEDICAL_PAGES)


def test_an_unknown_reference_key_stops_the_build_naming_the_page_and_the_key(
    build_changed: BuildChanged,
) -> None:
    faq = with_front_matter(doc("faq.md"), references="[fda-ketamine-label, singh-2061]")
    build = build_changed(files={"docs/faq.md": faq})
    assert not build.ok
    assert (
        'docs/faq.md: the front matter lists the reference "singh-2061", which is not under extra.references '
        "in mkdocs.yml." in build.log
    )


def test_a_doi_link_without_its_reference_stops_the_build(broken_pages: Build) -> None:
    # conftest.broken_page_files: the FAQ lists only fda-ketamine-label, and links to singh-2016's DOI.
    build = broken_pages
    faq = broken_page_files()["faq.md"]
    doi = site_config()["extra"]["references"]["singh-2016"]["doi"]
    line = next(n for n, text in enumerate(faq.splitlines(), 1) if f"doi.org/{doi}" in text)
    assert not build.ok
    assert (
        f'WARNING -  docs/faq.md:{line}: the text links to doi.org/{doi} ("singh-2016"), '
        "but the front matter's references do not list it; add singh-2016 to references." in build.log
    )
