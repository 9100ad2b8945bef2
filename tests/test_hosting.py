"""The built site works wherever it is put: under a sub-path (GitHub project pages), at a domain's root,
and, for the pull-request preview, opened straight from an unzipped folder.

Each variant is built once. Every address in every page, stylesheet, search setting, structured data and
the sitemap is resolved against the page's own address, as a browser does, and must land on a file the
build wrote, inside the site's folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import SUB_PATH_CONFIG, Build, copy_project, one, run_build, site_config
from selectolax.lexbor import LexborHTMLParser

# Where the site may live. The preview is built without directory URLs (the workflow passes
# `--no-directory-urls`) and opened from the folder it was unzipped to.
HOSTS: dict[str, dict[str, Any]] = {
    # Shared with other tests (conftest's sub_path_site); its booking link names a page of the site.
    "project-pages": SUB_PATH_CONFIG,
    # The real site (conftest's site): mkdocs.yml's own address is the root of a domain.
    "domain-root": {"site_url": site_config()["site_url"]},
    "unzipped-preview": {"site_url": "https://www.clinic.test/", "use_directory_urls": False},
}
PREVIEW_FOLDER = "file:///home/editor/Downloads/site-preview/"
# Attributes that hold one address each.
ADDRESS_ATTRIBUTES = ("href", "src", "poster", "data", "action")
# Meta tags whose content is an address (link previews in social apps and messengers).
ADDRESS_META = 'meta[property="og:url"], meta[property="og:image"], meta[name="twitter:image"]'
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")
# Schemes a browser hands to another app, or that carry their data inline: nothing to find on disk.
NOT_FETCHED = ("mailto", "tel", "sms", "javascript", "data", "blob")


@dataclass
class Hosted:
    """A site built for one host: where its root is, as the browser sees it, and how it names pages."""

    name: str
    site_url: str
    root: str
    directory_urls: bool
    build: Build

    @property
    def site(self) -> Path:
        return self.build.site

    def html_files(self) -> Iterator[Path]:
        """Every page; the preview's 404 page is left out, since only a web server ever shows it."""
        for file in sorted(self.site.rglob("*.html")):
            if self.directory_urls or file.name != "404.html":
                yield file

    def address_of(self, file: Path) -> str:
        return page_address(self.root, file.relative_to(self.site).as_posix(), self.directory_urls)


@pytest.fixture(scope="module")
def domain_root_build(site: Build) -> Build:
    assert urlsplit(HOSTS["domain-root"]["site_url"]).path == "/", (
        "mkdocs.yml's site_url is not a domain root"
    )
    return site


@pytest.fixture(scope="module", params=list(HOSTS))
def hosted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Hosted:
    name = request.param
    config = HOSTS[name]
    if name == "project-pages":
        build = request.getfixturevalue("sub_path_site")
    elif name == "domain-root":
        build = request.getfixturevalue("domain_root_build")
    else:
        project = copy_project(tmp_path_factory.mktemp(f"project-{name}"))
        build = run_build(project, config=config, site=tmp_path_factory.mktemp(f"site-{name}"))
        assert build.ok, f"the site does not build for {name}:\n{build.log}"
    directory_urls = config.get("use_directory_urls", True)
    root = config["site_url"] if directory_urls else PREVIEW_FOLDER
    return Hosted(name, config["site_url"], root, directory_urls, build)


def test_every_address_in_every_page_leads_to_a_built_file(hosted: Hosted) -> None:
    broken = []
    for file in hosted.html_files():
        page = hosted.address_of(file)
        html = LexborHTMLParser(file.read_text(encoding="utf-8"))
        for ref in addresses_in_page(html):
            problem = check_address(urljoin(page, ref), hosted.root, hosted.site, hosted.directory_urls)
            if problem:
                broken.append(f"{file.relative_to(hosted.site)}: {ref} {problem}")
    assert broken == []


# Only a web server shows the 404 page; the unzipped preview never does.
@pytest.mark.parametrize("hosted", ["project-pages", "domain-root"], indirect=True)
def test_the_404_page_works_at_any_depth(hosted: Hosted) -> None:
    # A web server shows 404.html at whatever address was missing, however deep.
    missing = urljoin(hosted.root, "no/such/page/")
    html = LexborHTMLParser((hosted.site / "404.html").read_text(encoding="utf-8"))
    refs = addresses_in_page(html)
    broken = [ref for ref in refs if check_address(urljoin(missing, ref), hosted.root, hosted.site, True)]
    assert len(refs) > 5
    assert broken == []


def test_stylesheets_point_at_files_that_exist(hosted: Hosted) -> None:
    broken = []
    for css in sorted(hosted.site.rglob("*.css")):
        address = urljoin(hosted.root, css.relative_to(hosted.site).as_posix())
        for ref in CSS_URL.findall(css.read_text(encoding="utf-8")):
            problem = check_address(urljoin(address, ref), hosted.root, hosted.site, hosted.directory_urls)
            if problem:
                broken.append(f"{css.relative_to(hosted.site)}: {ref} {problem}")
    assert broken == []


def test_search_finds_its_worker_and_its_index_from_every_page(hosted: Hosted) -> None:
    broken = []
    for file in hosted.html_files():
        page = hosted.address_of(file)
        node = one(LexborHTMLParser(file.read_text(encoding="utf-8")), "script#__config")
        settings = json.loads(node.text())
        base = urljoin(page, settings["base"].rstrip("/") + "/")
        assert base == hosted.root, f"{file.relative_to(hosted.site)}: the site's base is {base}"
        for ref in (urljoin(page, settings["search"]), urljoin(base, "search/search_index.json")):
            if check_address(ref, hosted.root, hosted.site, hosted.directory_urls):
                broken.append(f"{file.relative_to(hosted.site)}: {ref}")
    assert broken == []


def test_canonical_and_shared_addresses_start_with_site_url(hosted: Hosted) -> None:
    wrong = []
    canonicals = 0
    for file in hosted.html_files():
        html = LexborHTMLParser(file.read_text(encoding="utf-8"))
        found = [node.attributes.get("href") or "" for node in html.css('link[rel="canonical"]')]
        canonicals += len(found)
        found += [node.attributes.get("content") or "" for node in html.css(ADDRESS_META)]
        found += [url for url in structured_data_urls(html) if same_site(url, hosted.site_url)]
        wrong += [
            f"{file.relative_to(hosted.site)}: {url}" for url in found if not url.startswith(hosted.site_url)
        ]
    assert canonicals >= 8
    assert wrong == []


def test_canonical_address_of_a_page_is_its_address_under_site_url(hosted: Hosted) -> None:
    file = hosted.site / ("faq/index.html" if hosted.directory_urls else "faq.html")
    canonical = one(LexborHTMLParser(file.read_text(encoding="utf-8")), 'link[rel="canonical"]')
    expected = hosted.site_url + ("faq/" if hosted.directory_urls else "faq.html")
    assert canonical.attributes["href"] == expected


def test_sitemap_lists_only_pages_under_site_url_that_exist(hosted: Hosted) -> None:
    sitemap = (hosted.site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert page_address(hosted.site_url, "index.html", hosted.directory_urls) in locations
    problems = {
        loc: check_address(loc, hosted.site_url, hosted.site, hosted.directory_urls) for loc in locations
    }
    assert {loc: problem for loc, problem in problems.items() if problem} == {}


def test_a_site_built_for_the_domain_root_breaks_under_a_sub_path(domain_root_build: Build) -> None:
    # Why the workflow sets SITE_URL from GitHub Pages: the 404 page's addresses start at the site's root.
    root = urljoin(HOSTS["domain-root"]["site_url"], "clinic-site/")
    html = LexborHTMLParser((domain_root_build.site / "404.html").read_text(encoding="utf-8"))
    missing = urljoin(root, "no/such/page/")
    broken = [
        ref
        for ref in addresses_in_page(html)
        if check_address(urljoin(missing, ref), root, domain_root_build.site, True)
    ]
    assert "/assets/images/favicon.svg" in broken


# Pure helpers: addresses in, verdicts out.


def page_address(root: str, relative_file: str, directory_urls: bool) -> str:
    """The address a browser shows for a built file: `faq/index.html` is `ROOT/faq/` on a web server."""
    if directory_urls and (relative_file == "index.html" or relative_file.endswith("/index.html")):
        relative_file = relative_file[: -len("index.html")]
    return root + relative_file


def check_address(address: str, root: str, site: Path, directory_urls: bool) -> str | None:
    """What is wrong with fetching `address` from a site whose root is `root`, or None if nothing is."""
    parts = urlsplit(address)
    if parts.scheme in NOT_FETCHED or not same_site(address, root):
        return None
    path = parts._replace(query="", fragment="").geturl()
    if not path.startswith(root):
        return f"(resolves to {path}, outside the site at {root})"
    rest = unquote(path[len(root) :])
    if rest == "" or rest.endswith("/"):
        if not directory_urls:
            return "(a folder: opened from files, a browser shows a listing instead of the page)"
        rest += "index.html"
    if not (site / rest).is_file():
        return "(no such file)"
    return None


def same_site(address: str, root: str) -> bool:
    """Whether `address` is on the same host (or, for files, the same disk) as `root`."""
    a, b = urlsplit(address), urlsplit(root)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def addresses_in_page(html: LexborHTMLParser) -> list[str]:
    """Every address a page's markup points at: links, sources, responsive images, link previews."""
    found = []
    for attribute in ADDRESS_ATTRIBUTES:
        found += [node.attributes.get(attribute) or "" for node in html.css(f"[{attribute}]")]
    for node in html.css("[srcset]"):
        found += srcset_addresses(node.attributes.get("srcset") or "")
    found += [node.attributes.get("content") or "" for node in html.css(ADDRESS_META)]
    return [ref for ref in found if ref.strip() and not ref.startswith("#")]


def srcset_addresses(srcset: str) -> list[str]:
    """The addresses in a `srcset` (`a.png 1x, b.png 2x`)."""
    return [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]


def structured_data_urls(html: LexborHTMLParser) -> list[str]:
    """Every http(s) address inside the page's JSON-LD."""
    found: list[str] = []
    for node in html.css('script[type="application/ld+json"]'):
        found += urls_in(json.loads(node.text()))
    return found


def urls_in(data: object) -> list[str]:
    if isinstance(data, str):
        return [data] if data.startswith(("https://", "http://")) else []
    if isinstance(data, dict):
        return [url for value in data.values() for url in urls_in(value)]
    if isinstance(data, list):
        return [url for value in data for url in urls_in(value)]
    return []


# Unit tests of the helpers.


def test_page_address_names_folders_on_a_server_and_files_in_a_preview() -> None:
    root = "https://org.github.io/clinic-site/"
    assert page_address(root, "faq/index.html", True) == "https://org.github.io/clinic-site/faq/"
    assert page_address(root, "index.html", True) == "https://org.github.io/clinic-site/"
    assert page_address(root, "404.html", True) == "https://org.github.io/clinic-site/404.html"
    assert page_address(PREVIEW_FOLDER, "faq.html", False) == PREVIEW_FOLDER + "faq.html"


def test_check_address_accepts_a_file_under_the_root(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "index.html").write_text("x")
    root = "https://org.github.io/clinic-site/"
    assert check_address(root + "faq/#costs", root, tmp_path, True) is None
    assert check_address(root + "faq/index.html?x=1", root, tmp_path, True) is None


def test_check_address_refuses_a_root_absolute_path_under_a_sub_path(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("x")
    root = "https://org.github.io/clinic-site/"
    problem = check_address("https://org.github.io/assets/site.css", root, tmp_path, True)
    assert problem == "(resolves to https://org.github.io/assets/site.css, outside the site at " + root + ")"


def test_check_address_refuses_missing_files_and_folders_opened_from_disk(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "index.html").write_text("x")
    assert check_address(PREVIEW_FOLDER + "nope.html", PREVIEW_FOLDER, tmp_path, False) == "(no such file)"
    problem = check_address(PREVIEW_FOLDER + "faq/", PREVIEW_FOLDER, tmp_path, False)
    assert problem == "(a folder: opened from files, a browser shows a listing instead of the page)"


def test_check_address_leaves_other_hosts_and_phone_links_alone(tmp_path: Path) -> None:
    root = "https://www.clinic.test/"
    assert check_address("https://988lifeline.org/chat/", root, tmp_path, True) is None
    assert check_address("tel:988", root, tmp_path, True) is None
    assert check_address("https://www.clinic.test/missing/", "https://www.clinic.test/", tmp_path, True) == (
        "(no such file)"
    )


def test_srcset_addresses_reads_every_candidate() -> None:
    assert srcset_addresses("a.png 1x, images/b.png 2x,c.png") == ["a.png", "images/b.png", "c.png"]


def test_addresses_in_page_reads_links_sources_srcsets_and_previews() -> None:
    html = LexborHTMLParser(
        '<head><link rel="icon" href="i.svg"><meta property="og:image" content="https://x.test/o.png">'
        '</head><body><a href="#top">t</a><a href="faq/">f</a><img src="a.png" srcset="b.png 2x">'
        '<script src="s.js"></script></body>'
    )
    assert sorted(addresses_in_page(html)) == sorted(
        ["i.svg", "faq/", "a.png", "s.js", "b.png", "https://x.test/o.png"]
    )


def test_urls_in_finds_addresses_at_any_depth() -> None:
    data = {"@id": "https://a.test/#org", "n": [{"url": "https://a.test/faq/"}, "plain"], "k": 3}
    assert urls_in(data) == ["https://a.test/#org", "https://a.test/faq/"]
