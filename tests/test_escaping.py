"""Every value from front matter or mkdocs.yml is escaped where it is printed (hooks/escaping.py,
overrides/main.html, overrides/partials/rj-cta.html): hostile text in any field leaves the page's structure
as it was and shows as text."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import jinja2
import pytest
from conftest import Build, BuildChanged, changed_site_part, needed, one, run_build
from escaping import mark_toc, on_env, plain_title
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from page_text import doc, site_config, with_front_matter
from selectolax.lexbor import LexborHTMLParser

from dev import copy_project

# Pieces that end an element or an attribute, open a comment, or look like a template.
HOSTILE = [
    "</title><script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "'><img src=x onerror=alert(3)>",
    "<svg onload=alert(4)>",
    "&amp;",
    "&",
    "<!--",
    "-->",
    "{{ config.site_name }}",
    "{% raw %}",
    "</textarea></style>",
    "`",
    "é",
    "中文",
    "☃",  # non-BMP characters cannot pass through conftest's JSON config (YAML reads \\ud83d pairs apart)
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(HOSTILE), st.text(alphabet="abXY<>\"'&;=/é中", min_size=1, max_size=6)),
    min_size=1,
    max_size=4,
).map(" ".join)

# The pages that print every field: a plain page (title, description, nav, footer, booking box), the Book
# page (address, booking link) and a medical page (reviewer, references).
PAGES = ["privacy/", "book/", "side-effects/"]
REFERENCE = "singh-2016"


def squash(text: str) -> str:
    return " ".join(text.split())


def fields(hostile: str) -> dict[str, str]:
    """One value per field, each labelled so the test can find it, within each field's length limits."""
    # Markup characters in a title are refused (hooks/front_matter.py; test below); the rest must be escaped.
    title = re.sub(r"[<>`*_\[\]]", "", hostile)
    return {
        "title": squash(f"Title {title}"),
        "description": squash(f"Description {hostile}")[:150].strip().ljust(60, "."),
        "site_name": squash(f"Site {hostile}"),
        "site_description": squash(f"About the site {hostile}"),
        "clinic_name": squash(f"Clinic {hostile}"),
        "cta_title": squash(f"Box {hostile}")[:80].strip(),
        "cta_text": squash(f"Box text {hostile}")[:200].strip(),
        "street": squash(f"Street {hostile}"),
        "locality": squash(f"Town {hostile}"),
        "booking_url": "https://booking.example.com/" + re.sub(r"\s", "", hostile),
        "reviewer": squash(f"Reviewer {hostile}"),
        "credentials": squash(f"Credentials {hostile}"),
        "about": squash(f"About {hostile}"),
        "authors": squash(f"Authors {hostile}"),
        "footer": squash(f"Footer {hostile}"),
        "nav": squash(f"Nav {hostile}"),
    }


def hostile_config(values: dict[str, str]) -> dict:
    config = site_config()
    nav = [{f"{values['nav']} {n}": next(iter(item.values()))} for n, item in enumerate(config["nav"])]
    footer = [
        {**link, "label": f"{values['footer']} {n}"} for n, link in enumerate(config["extra"]["footer_links"])
    ]
    reference = {
        **config["extra"]["references"][REFERENCE],
        "about": values["about"],
        "authors": values["authors"],
    }
    return {
        "site_name": values["site_name"],
        "site_description": values["site_description"],
        "nav": nav,
        "extra": {
            "clinic": {
                "name": values["clinic_name"],
                "booking_url": values["booking_url"],
                "cta": {"title": values["cta_title"], "text": values["cta_text"]},
                "address": {"street": values["street"], "locality": values["locality"]},
            },
            "reviewers": {
                "clinical-lead": {"name": values["reviewer"], "credentials": values["credentials"]}
            },
            "references": {REFERENCE: reference},
            "footer_links": footer,
        },
    }


def shape(tree: LexborHTMLParser) -> set[tuple[str, str]]:
    """Every (element, attribute name) pair in a page, and every element alone."""
    found: set[tuple[str, str]] = set()
    for node in needed(tree.root, "the page's root element").traverse():
        tag = node.tag or ""
        found.add((tag, ""))
        found.update((tag, name) for name in node.attributes)
    return found


def texts(tree: LexborHTMLParser, selector: str) -> list[str]:
    return [squash(node.text()) for node in tree.css(selector)]


def json_ld_strings(tree: LexborHTMLParser) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for script in tree.css('script[type="application/ld+json"]'):
        walk(json.loads(script.text()))
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("escaping") / "project")


def build_hostile(project: Path, values: dict[str, str]) -> Build:
    page = with_front_matter(
        doc("privacy.md"),
        title=json.dumps(values["title"], ensure_ascii=False),
        description=json.dumps(values["description"], ensure_ascii=False),
    )
    (project / "docs" / "privacy.md").write_text(page, encoding="utf-8")
    return run_build(project, config=hostile_config(values))


@settings(
    max_examples=2,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hostile=hostile_text)
@example(hostile=" ".join(HOSTILE))
def test_hostile_text_in_every_field_stays_text(site: Build, project: Path, hostile: str) -> None:
    values = fields(hostile)
    build = build_hostile(project, values)
    assert build.ok, build.log
    for path in PAGES:
        before, after = site.html(path), build.html(path)
        # Still one page: one title, one main heading, the same scripts, no element or attribute added.
        assert len(after.css("head > title")) == 1
        assert len(after.css("article h1")) == 1
        assert len(after.css("script")) == len(before.css("script"))
        assert shape(after) - shape(before) == set()
        assert Counter(node.tag for node in after.css("body *")) == Counter(
            node.tag for node in before.css("body *")
        )
        # Every value shows as the text that was written.
        assert values["site_name"] in texts(after, ".md-header__topic .md-ellipsis")
        assert [
            f"{values['footer']} {n}" for n in range(len(site_config()["extra"]["footer_links"]))
        ] == texts(after, ".rj-footer__link")
        nav = texts(after, ".md-nav--primary .md-nav__link")
        assert all(f"{values['nav']} {n}" in nav for n in range(len(site_config()["nav"])))
        assert values["clinic_name"] in squash(one(after, ".rj-footer__disclaimer").text())
        assert values["booking_url"] in [node.attributes["href"] for node in after.css("a.rj-cta__book")]
        assert values["booking_url"] in squash(one(after, ".rj-print-contact").text())
        assert values["site_description"] in json_ld_strings(after)
    privacy = build.html("privacy/")
    assert texts(privacy, "head > title") == [f"{values['title']} - {values['site_name']}"]
    assert one(privacy, 'meta[name="description"]').attributes["content"] == values["description"]
    assert values["title"] in texts(privacy, ".md-header__topic .md-ellipsis")
    assert texts(privacy, ".rj-cta--full .rj-cta__title") == [values["cta_title"]]
    assert texts(privacy, ".rj-cta--full .rj-cta__text") == [values["cta_text"]]
    book = build.html("book/")
    address = site_config()["extra"]["clinic"]["address"]
    expected = f"{values['street']}{values['locality']}, {address['region']} {address['postal_code']}"
    assert texts(book, ".rj-cta__details address") == [expected]
    medical = build.html("side-effects/")
    reviewer = texts(medical, ".rj-review__reviewer")[0]
    assert values["reviewer"] in reviewer and values["credentials"] in reviewer
    assert values["about"] in texts(medical, ".rj-references__about")
    assert any(values["authors"] in item for item in texts(medical, ".rj-references__item"))


def test_a_title_with_markup_is_refused_or_shown_as_text(build_changed: BuildChanged) -> None:
    title = "</title><script>alert(1)</script>"
    build = build_changed(
        files={"docs/privacy.md": with_front_matter(doc("privacy.md"), title=json.dumps(title))}
    )
    assert "Traceback" not in build.log
    if build.ok:
        page = build.html("privacy/")
        assert len(page.css("head > title")) == 1
        assert texts(page, "head > title")[0].startswith(title)
        assert len(page.css("script")) == len(
            LexborHTMLParser(build.site.joinpath("book/index.html").read_text()).css("script")
        )
    else:
        assert "docs/privacy.md" in build.log


QUOTED_DESCRIPTION = (
    'The clinic\'s "accessibility" statement: how this site works with screen readers, '
    "& how to report a problem."
)
changed_site_part(
    files={
        "docs/accessibility.md": with_front_matter(
            doc("accessibility.md"), description=json.dumps(QUOTED_DESCRIPTION)
        )
    }
)


def test_a_quote_in_a_description_is_escaped_not_refused(changed_site: Build) -> None:
    description = QUOTED_DESCRIPTION
    page = changed_site.html("accessibility/")
    assert one(page, 'meta[name="description"]').attributes["content"] == description
    assert one(page, 'meta[property="og:description"]').attributes["content"] == description


def test_a_title_from_a_heading_is_shown_as_its_text() -> None:
    assert plain_title("A &amp; B &lt;C&gt;") == "A & B <C>"


def test_table_of_contents_titles_are_marked_as_html_so_their_entities_stay_single() -> None:
    from mkdocs.structure.toc import AnchorLink

    item = AnchorLink("A &amp; B", "a", 2)
    item.children = [AnchorLink("C &lt;D&gt;", "c", 3)]
    mark_toc([item])
    assert isinstance(item.title, Markup) and isinstance(item.children[0].title, Markup)
    assert str(Markup("{}").format(item.children[0].title)) == "C &lt;D&gt;"


def test_the_theme_escapes_html_and_xml_templates_but_not_plain_text() -> None:
    templates = {"page.html": "{{ v }}", "sitemap.xml": "{{ v }}", "robots.txt": "{{ v }}"}
    env = on_env(jinja2.Environment(loader=jinja2.DictLoader(templates)))
    rendered = {name: env.get_template(name).render(v='<a href="x">&') for name in templates}
    assert rendered == {
        "page.html": "&lt;a href=&#34;x&#34;&gt;&amp;",
        "sitemap.xml": "&lt;a href=&#34;x&#34;&gt;&amp;",
        "robots.txt": '<a href="x">&',
    }
