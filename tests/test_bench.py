"""The benchmarks' building blocks (bench/): the synthetic sites still build with the project's real
configuration and hooks, the local server answers like GitHub Pages, and Lighthouse reports are read right.

The benchmarks themselves are not run here (they take minutes); these keep them runnable as the site grows.
"""

from __future__ import annotations

import gzip
import http.client
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

sys.path.append(str(ROOT / "bench"))

import benchlib
import ghpages_server
import synthetic

# The synthetic project's folder, and its configuration files with and without the hooks.
Synthetic = tuple[Path, Path, Path]


@pytest.fixture(scope="module")
def synthetic_project(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    project = tmp_path_factory.mktemp("synthetic") / "project"
    with_hooks, without_hooks = synthetic.make_project(project, 12)
    return project, with_hooks, without_hooks


def test_synthetic_site_has_the_requested_number_of_pages(synthetic_project: Synthetic) -> None:
    project, _, _ = synthetic_project
    assert synthetic.page_count(project / "docs") == 12


def test_synthetic_pages_carry_faqs_booking_marker_and_review_metadata(
    synthetic_project: Synthetic,
) -> None:
    project, _, _ = synthetic_project
    page = (project / "docs" / synthetic.topic_name(0)).read_text(encoding="utf-8")
    meta = synthetic.front_matter(page)
    assert {"reviewed_by", "last_reviewed", "references"} <= set(meta)
    assert "<!-- booking-cta -->" in page
    assert "\n## Frequently asked questions\n" in page
    assert len(re.findall(r"^### .+\?$", page, flags=re.MULTILINE)) == 3


def test_synthetic_faq_questions_are_unique_across_the_site(
    synthetic_project: Synthetic,
) -> None:
    project, _, _ = synthetic_project
    questions = [
        line
        for file in (project / "docs").glob("topic-*.md")
        for line in file.read_text(encoding="utf-8").splitlines()
        if line.startswith("### ")
    ]
    assert len(questions) > 3
    assert len(set(questions)) == len(questions)


@pytest.mark.parametrize("config", ["with", "without"])
def test_synthetic_site_builds_strictly_with_and_without_hooks(
    synthetic_project: Synthetic, config: str
) -> None:
    project, with_hooks, without_hooks = synthetic_project
    config_file = with_hooks if config == "with" else without_hooks
    run = benchlib.run_build(config_file, project / f"site-{config}", benchlib.build_env())
    assert run.returncode == 0, run.log
    assert (project / f"site-{config}" / "topic-0000" / "index.html").is_file()
    assert run.max_rss_mib > 10


def test_without_hooks_config_clears_only_the_hooks(synthetic_project: Synthetic) -> None:
    _, with_hooks, without_hooks = synthetic_project
    import json

    with_config = json.loads(with_hooks.read_text(encoding="utf-8"))
    without_config = json.loads(without_hooks.read_text(encoding="utf-8"))
    assert without_config == {**with_config, "hooks": []}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ghpages_server.Server]:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.html").write_text("<p>" + "guide " * 200 + "</p>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>Not here</p>", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(100))
    with ghpages_server.Server(tmp_path) as running:
        yield running


def fetch(url: str, **headers: str) -> http.client.HTTPResponse | urllib.error.HTTPError:
    request = urllib.request.Request(url, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_server_gzips_html_and_sets_github_pages_cache_headers(server: ghpages_server.Server) -> None:
    response = fetch(f"{server.origin}/guide/", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Cache-Control"] == "max-age=600"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert gzip.decompress(response.read()).decode() == "<p>" + "guide " * 200 + "</p>"


def test_server_leaves_images_and_non_gzip_clients_uncompressed(server: ghpages_server.Server) -> None:
    image = fetch(f"{server.origin}/logo.png", **{"Accept-Encoding": "gzip"})
    assert image.headers["Content-Encoding"] is None
    assert fetch(f"{server.origin}/guide/").headers["Content-Encoding"] is None


def test_server_redirects_to_the_trailing_slash_and_serves_404_page(server: ghpages_server.Server) -> None:
    request = urllib.request.Request(f"{server.origin}/guide", method="HEAD")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"] == "/guide/"
    missing = fetch(f"{server.origin}/nowhere/")
    assert missing.status == 404
    assert missing.read() == b"<p>Not here</p>"


def test_server_answers_304_when_the_etag_matches(server: ghpages_server.Server) -> None:
    etag = fetch(f"{server.origin}/guide/").headers["ETag"]
    assert fetch(f"{server.origin}/guide/", **{"If-None-Match": etag}).status == 304


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_report(requests: list[dict]) -> dict:
    """The parts of a Lighthouse report that pagespeed.metrics reads."""
    audit = {"numericValue": 0}
    return {
        "requestedUrl": "http://127.0.0.1:9000/faq/",
        "finalDisplayedUrl": "http://127.0.0.1:9000/faq/",
        "categories": {name: {"score": 1} for name in CATEGORIES},
        "audits": {
            "network-requests": {"details": {"items": requests}},
            "largest-contentful-paint": {"numericValue": 712.0},
            "first-contentful-paint": {"numericValue": 700.0},
            "cumulative-layout-shift": audit,
            "total-byte-weight": {"numericValue": 30 * 1024},
        },
    }


def test_pagespeed_counts_blocking_bytes_and_third_party_requests() -> None:
    import pagespeed

    report = lighthouse_report(
        [
            {"url": "http://127.0.0.1:9000/faq/", "resourceType": "Document", "transferSize": 6144},
            {"url": "http://127.0.0.1:9000/main.css", "resourceType": "Stylesheet", "transferSize": 2048},
            {"url": "http://127.0.0.1:9000/bundle.js", "resourceType": "Script", "transferSize": 9000},
            {"url": "https://fonts.googleapis.com/css", "resourceType": "Stylesheet", "transferSize": 0},
            {"url": "data:image/svg+xml,<svg/>", "resourceType": "Image", "transferSize": 0},
        ]
    )
    measured = pagespeed.metrics(report, {"http://127.0.0.1:9000/main.css"})
    assert measured["render_blocking_kb"] == 8.0
    assert measured["requests"] == 4
    assert measured["third_party_urls"] == ["https://fonts.googleapis.com/css"]
    assert measured["lcp_s"] == 0.712
    assert pagespeed.verdict(measured) == {
        "scores": True,
        "lcp": True,
        "cls": True,
        "third_party": False,
        "render_blocking": True,
        "transfer": True,
    }
    assert pagespeed.verdict({**measured, "lcp_s": 0.812})["lcp"] is False  # over the 0.8 s


def test_pagespeed_finds_stylesheets_and_head_scripts_that_block_first_paint(tmp_path: Path) -> None:
    import pagespeed

    (tmp_path / "faq").mkdir()
    (tmp_path / "faq" / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="../a.css">'
        '<link rel="stylesheet" media="print" href="p.css">'
        '<script src="../head.js"></script><script src="../d.js" defer></script></head>'
        '<body><script src="../body.js"></script></body></html>',
        encoding="utf-8",
    )
    found = pagespeed.blocking_resources(tmp_path, "faq/", "http://h.test/faq/")
    assert found == {"http://h.test/a.css", "http://h.test/head.js"}
