"""The built site as a whole: every section page, its metadata, its links, and what it loads."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import ARTICLE_PAGES, ROOT, Build, changed_site_part, one, site_config
from page_text import meta, source_of

# Elements and `rel` values that make the browser fetch something while the page loads.
FETCHING = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
    "track": "src",
}
FETCHING_RELS = {
    "stylesheet",
    "icon",
    "apple-touch-icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "mask-icon",
}
BASE = "http://site.test/"


def test_every_section_of_the_article_has_its_page(site: Build) -> None:
    pages = set(site.pages())
    missing = [path for path in ARTICLE_PAGES if path not in pages]
    assert missing == []


@pytest.mark.parametrize("path", ARTICLE_PAGES)
def test_section_page_has_its_own_title_and_heading(site: Build, path: str) -> None:
    html = site.html(path)
    document_title = one(html, "title").text()
    assert meta(source_of(path))["title"].lower() in document_title.lower()
    assert document_title.endswith(site_config()["site_name"])
    h1s = html.css("article h1")
    assert len(h1s) == 1, f"{path or 'home'} needs exactly one top heading"


def test_every_page_has_a_distinct_meta_description(site: Build) -> None:
    descriptions = {}
    for path in site.pages():
        if site.is_404(path):
            continue
        meta = one(site.html(path), 'meta[name="description"]')
        content = meta.attributes.get("content") or ""
        assert 50 <= len(content) <= 170, f"{path}: description of {len(content)} characters"
        descriptions[path] = content
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"


def test_navigation_links_every_section_page(site: Build) -> None:
    nav = one(site.html(""), "nav.md-nav--primary")
    targets = {normalise(urljoin(BASE, a.attributes["href"] or "")) for a in nav.css("a.md-nav__link[href]")}
    for path in ARTICLE_PAGES:
        assert BASE + path in targets, f"the navigation does not link to /{path}"


def test_no_link_or_anchor_is_broken(site: Build) -> None:
    ids = {path: ids_of(site, path) for path in site.pages()}
    broken = []
    for path in site.pages():
        page_url = BASE + path
        for node in site.html(path).css("a[href], link[href], script[src], img[src]"):
            ref = node.attributes.get("href") or node.attributes.get("src") or ""
            if node.tag == "link" and (node.attributes.get("rel") or "") == "canonical":
                continue
            url = urlsplit(urljoin(page_url, ref))
            if url.scheme in ("mailto", "tel") or not ref or not urljoin(page_url, ref).startswith(BASE):
                continue
            target = unquote(url.path[len("/") :])
            file = site.site / target
            if target == "" or target.endswith("/"):
                file = file / "index.html"
            if not file.is_file():
                broken.append(f"{path or 'home'}: {ref} (no such file)")
            elif url.fragment and file.suffix == ".html":
                key = target if not target.endswith("index.html") else target[: -len("index.html")]
                if url.fragment not in ids.get(key, set()):
                    broken.append(f"{path or 'home'}: {ref} (no such anchor)")
    assert broken == []


def test_no_page_loads_anything_from_another_host(site: Build) -> None:
    foreign = []
    for path in site.pages():
        html = site.html(path)
        for tag, attribute in FETCHING.items():
            for node in html.css(f"{tag}[{attribute}]"):
                if is_foreign(node.attributes[attribute] or ""):
                    foreign.append(f"{path}: <{tag} {attribute}={node.attributes[attribute]}>")
        for node in html.css("link[href]"):
            rels = set((node.attributes.get("rel") or "").lower().split())
            if rels & FETCHING_RELS and is_foreign(node.attributes["href"] or ""):
                foreign.append(f"{path}: <link rel={rels} href={node.attributes['href']}>")
        for node in html.css("[style]"):
            if re.search(r"url\(\s*['\"]?(https?:)?//", node.attributes["style"] or ""):
                foreign.append(f"{path}: inline style loads from another host")
    assert foreign == []


def test_stylesheets_load_nothing_from_another_host(site: Build) -> None:
    pattern = re.compile(r"(@import|url\()\s*['\"]?(https?:)?//")
    offenders = [
        css.relative_to(site.site).as_posix()
        for css in site.site.rglob("*.css")
        if pattern.search(css.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_theme_offers_light_and_dark_palettes_with_a_toggle(site: Build) -> None:
    html = site.html("")
    schemes = [
        node.attributes.get("data-md-color-scheme") for node in html.css("input[data-md-color-scheme]")
    ]
    assert schemes == ["default", "slate"]
    toggles = html.css("form[data-md-component=palette] label[title]")
    names = [scheme["toggle"]["name"] for scheme in site_config()["theme"]["palette"]]
    assert [label.attributes["title"] for label in toggles] == names


def test_no_web_font_and_no_repository_widget(site: Build) -> None:
    html = site.html("")
    assert html.css('link[href*="fonts.googleapis"], link[href*="fonts.gstatic"]') == []
    # Material's repository widget calls the GitHub API from every visitor's browser.
    assert html.css("[data-md-component=source], .md-source") == []


def test_favicon_and_touch_icon_are_served_from_the_site(site: Build) -> None:
    html = site.html("faq/")
    for rel in ("icon", "apple-touch-icon"):
        node = one(html, f'link[rel="{rel}"]')
        file = site.site / urlsplit(urljoin(BASE + "faq/", node.attributes["href"])).path.lstrip("/")
        assert file.is_file() and file.stat().st_size > 0


def test_site_url_gives_a_canonical_address(site: Build) -> None:
    canonical = one(site.html("faq/"), 'link[rel="canonical"]')
    href = canonical.attributes["href"] or ""
    assert href.endswith("/faq/")
    assert href.startswith("https://")


def test_edit_link_helps_staff_outside_production(site: Build) -> None:
    edit = one(site.html("faq/"), "a.md-content__button[href]")
    assert (edit.attributes["href"] or "").endswith("/edit/main/docs/faq.md")


def test_production_build_has_no_edit_link(production_site: Build) -> None:
    html = production_site.html("faq/")
    assert html.css("a.md-content__button") == []
    assert html.css("a[href*='/edit/']") == []


def test_the_clinic_name_comes_from_one_place(changed_site: Build) -> None:
    # changed_site's mkdocs.yml is renamed_clinic().
    html = changed_site.html("")
    title, header = one(html, "title"), one(html, "header")
    assert title.text().endswith("Test Clinic Name")
    assert site_config()["site_name"] not in header.text()


def renamed_clinic() -> str:
    """mkdocs.yml with another clinic name on the one line that names it."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    name = f"site_name: &clinic_name {site_config()['site_name']}\n"
    if name not in text:
        pytest.fail("mkdocs.yml no longer names the clinic on its site_name line", pytrace=False)
    return text.replace(name, "site_name: &clinic_name Test Clinic Name\n")


changed_site_part(files={"mkdocs.yml": renamed_clinic()})


def ids_of(site: Build, path: str) -> set[str]:
    html = site.html(path)
    return {node.attributes["id"] or "" for node in html.css("[id]")} | {
        node.attributes["name"] or "" for node in html.css("a[name]")
    }


def normalise(url: str) -> str:
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") else "")
    return f"{parts.scheme}://{parts.netloc}{path.replace('//', '/')}"


def is_foreign(ref: str) -> bool:
    parts = urlsplit(ref)
    return bool(parts.netloc) or ref.startswith("//")


def test_every_stylesheet_of_ours_closes_every_block() -> None:
    # A lost brace silently moves every later rule into the block before it (a media query, say).
    from conftest import ROOT

    for css in (ROOT / "overrides").rglob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for number, line in enumerate(text.splitlines(), start=1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{css.name}:{number} closes a block that was never opened"
        assert depth == 0, f"{css.name} leaves {depth} block(s) open"
