"""The pure helpers of the guard (hooks/rj/front_matter.py, hooks/rj/guard.py, hooks/rj/csp.py), and the CSP
of every page of the real site."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

import pytest
from conftest import Build, one, site_config
from hypothesis import given, settings
from hypothesis import strategies as st
from rj.csp import policy, script_hash, with_policy
from rj.front_matter import (
    KEYS,
    check_meta,
    encoding_problem,
    find_block,
    has_body_text,
    parse_header,
)
from rj.guard import (
    css_urls,
    host_of,
    line_in_source,
    mermaid_fences,
    scan_page,
    scheme_of,
    srcset_urls,
    unbalanced_html,
)
from selectolax.lexbor import LexborHTMLParser

DESCRIPTION = "x" * 80


def article(body: str, head: str = "") -> str:
    return f'<html><head>{head}</head><body><article class="md-content__inner">{body}</article></body></html>'


# Front matter.


def test_a_header_mkdocs_reads_is_found_with_its_first_line() -> None:
    block = find_block("---\ntitle: A\n---\n\ntext")
    assert block is not None and block.found_by_mkdocs and block.first_line == 2


def test_a_header_after_an_empty_line_is_one_mkdocs_would_show_as_text() -> None:
    _, problems = parse_header("\n---\ntitle: A\n---\ntext\n", where="docs/a.md")
    assert problems and "docs/a.md line 2" in problems[0] and "very first line" in problems[0]


def test_a_header_that_is_not_key_value_lines_is_refused() -> None:
    _, problems = parse_header("---\n- a list\n---\ntext\n", where="docs/a.md")
    assert problems and "`key: value`" in problems[0]


def test_a_tab_in_the_header_names_its_line() -> None:
    _, problems = parse_header("---\ntitle: A\n\tdescription: B\n---\ntext\n", where="docs/a.md")
    assert problems and "docs/a.md line 3" in problems[0]


def test_a_good_header_has_no_problem() -> None:
    meta, problems = parse_header(f"---\ntitle: A page\ndescription: {DESCRIPTION}\n---\ntext\n", where="d")
    assert problems == [] and check_meta(meta, source="", where="d") == []


@pytest.mark.parametrize(
    "key", ["fda_explained", "visit_rules", "show_price", "hide", "search", "allowed_claims", "cta"]
)
def test_the_schema_knows_the_keys_pages_and_the_theme_read(key: str) -> None:
    assert key in KEYS


def test_allowed_claims_need_a_phrase_and_a_reason() -> None:
    meta = {"title": "A", "description": DESCRIPTION, "allowed_claims": [{"phrase": "miracle"}]}
    problems = check_meta(meta, source="", where="docs/a.md")
    assert problems and "reason" in problems[0]


def test_a_title_that_is_not_text_is_refused() -> None:
    problems = check_meta({"title": 2026, "description": DESCRIPTION}, source="", where="docs/a.md")
    assert problems and "`title: 2026`" in problems[0] and "double quotes" in problems[0]


@pytest.mark.parametrize("length", [50, 160])
def test_descriptions_of_50_and_160_characters_pass(length: int) -> None:
    assert check_meta({"title": "A", "description": "d" * length}, source="", where="d") == []


@pytest.mark.parametrize("length", [49, 161])
def test_descriptions_just_outside_the_range_are_refused(length: int) -> None:
    assert check_meta({"title": "A", "description": "d" * length}, source="", where="d")


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# T\n\n<!-- booking-cta -->\n", False),
        ("# T\n\n## U\n", False),
        ("# T\n\nHello.", True),
        ("", False),
    ],
)
def test_body_text_is_words_besides_headings_and_comments(markdown: str, expected: bool) -> None:
    assert has_body_text(markdown) is expected


def test_utf8_with_or_without_a_bom_passes_and_latin1_names_its_line() -> None:
    assert encoding_problem("é".encode(), where="d") is None
    assert encoding_problem(b"\xef\xbb\xbf" + "é".encode(), where="d") is None
    problem = encoding_problem("a\nb\né".encode("cp1252"), where="docs/a.md")
    assert problem is not None and "docs/a.md line 3" in problem


# The guard's parts.


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("assets/a.png", None),
        ("/a.png", None),
        ("#top", None),
        ("https://x.org/a", "x.org"),
        ("//cdn.x.org/a", "cdn.x.org"),
        ("HTTPS://X.ORG/a", "x.org"),
    ],
)
def test_host_of(url: str, host: str | None) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript:"),
        (" JaVa\tScRiPt:x", "javascript:"),
        ("page.md", ""),
        ("data:,", "data:"),
    ],
)
def test_scheme_of_reads_addresses_as_browsers_do(url: str, scheme: str) -> None:
    assert scheme_of(url) == scheme


def test_srcset_candidates() -> None:
    assert srcset_urls("a.png 1x, https://x.org/b.png 2x,c.png") == ["a.png", "https://x.org/b.png", "c.png"]


def test_css_urls_finds_url_import_and_escaped_url() -> None:
    css = (
        '@import "https://a.org/x.css"; p { background: url(https://b.org/i.png) } q { b: u\\72l(//c.org/j) }'
    )
    assert set(css_urls(css, declarations=False)) == {
        "https://a.org/x.css",
        "https://b.org/i.png",
        "//c.org/j",
    }
    assert css_urls("color: red", declarations=True) == []


def test_a_script_inside_the_article_is_the_editors_and_one_outside_is_the_sites() -> None:
    html = article("<script>pasted()</script>", head="<script>theme()</script>")
    scan = scan_page(html, site_host="site.test")
    assert [f.rule for f in scan.findings] == ["script"]
    assert scan.inline_scripts == ["theme()", "pasted()"]


def test_scripts_in_templates_are_hashed_and_their_hosts_checked() -> None:
    html = "<html><head></head><body><template data-rj-defer><script>later()</script>"
    html += '<script src="https://cdn.x.org/a.js"></script></template></body></html>'
    scan = scan_page(html, site_host="site.test")
    assert scan.inline_scripts == ["later()"]
    assert [(f.rule, f.detail, f.in_content) for f in scan.findings] == [("other-host", "cdn.x.org", False)]


def test_json_data_scripts_are_not_in_the_policy() -> None:
    scan = scan_page(article("", head='<script type="application/ld+json">{}</script>'), site_host=None)
    assert scan.inline_scripts == [] and scan.findings == []


def test_links_to_other_sites_and_local_images_pass() -> None:
    body = '<a href="https://www.fda.gov/x">FDA</a><img src="../assets/a.png" alt="">'
    body += '<img src="data:image/png;b" alt="">'
    assert scan_page(article(body), site_host="site.test").findings == []


def test_the_sites_own_host_is_not_another_host() -> None:
    scan = scan_page(article('<img src="https://site.test/a.png" alt="">'), site_host="site.test")
    assert scan.findings == []


def test_line_in_source_skips_code_and_counts_occurrences() -> None:
    source = "```\n<iframe>\n```\n<iframe a>\ntext\n<IFRAME b>\n"
    assert line_in_source(source, "<iframe") == 4
    assert line_in_source(source, "<iframe", occurrence=2) == 6
    assert line_in_source(source, "<video") is None


def test_mermaid_fences() -> None:
    assert mermaid_fences("a\n```mermaid\nx\n```\n~~~ {.mermaid}\n```python\n") == [2, 5]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("<div markdown>\n\ntext\n\n</div>\n", []),
        ("<div>\n\ntext\n", [(1, "<div> opened here is never closed")]),
        ("text\n\n</div>\n", [(3, "</div> closes a <div> that was not opened")]),
        ("```\n<div>\n```\n`<div>`\n<!--\n<div>\n-->\n<p>a", []),
        ("<div><span>x</div>\n", [(1, "<span> opened here is not closed before </div>")]),
        ("Visit <https://www.fda.gov> and a < b > c\n<br>\n<img src=x>\n", []),
    ],
)
def test_unbalanced_html(markdown: str, expected: list[tuple[int, str]]) -> None:
    assert unbalanced_html(markdown) == expected


# The policy.


def test_script_hash_is_sha256_of_the_exact_text() -> None:
    digest = base64.b64encode(hashlib.sha256(b"a()\n").digest()).decode()
    assert script_hash("a()\n") == f"'sha256-{digest}'"


def test_the_policy_has_the_required_directives_and_no_unsafe_inline_for_scripts() -> None:
    directives = dict(part.strip().split(" ", 1) for part in policy(["a()"]).split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'" and directives["form-action"] == "'self'"
    assert directives["script-src"] == f"'self' {script_hash('a()')}"


def test_an_allowed_host_is_added_to_its_directive_only() -> None:
    directives = dict(
        part.strip().split(" ", 1)
        for part in policy([], extra_sources={"frame-src": ["https://v.org"]}).split(";")
    )
    assert directives["frame-src"] == "https://v.org"
    assert "v.org" not in directives["script-src"]


def test_with_policy_puts_the_meta_first_in_head() -> None:
    html = with_policy('<html><head lang="en"><meta charset="utf-8"></head></html>', "default-src 'self'")
    head = one(LexborHTMLParser(html), "head")
    first = head.child
    while first is not None and first.tag == "-text":
        first = first.next
    assert first is not None and first.attributes.get("http-equiv") == "Content-Security-Policy"


# The real site.


def csp_of(document: LexborHTMLParser) -> dict[str, list[str]]:
    meta = document.css('meta[http-equiv="Content-Security-Policy"]')
    assert len(meta) == 1
    content = meta[0].attributes["content"] or ""
    return {part.split()[0]: part.split()[1:] for part in content.split(";") if part.strip()}


def executed_inline_scripts(html: str) -> list[str]:
    """Inline scripts a browser would run, in the page and in its templates (read here independently)."""
    texts = []
    pending = [html]
    while pending:
        document = LexborHTMLParser(pending.pop())
        for script in document.css("script"):
            kind = (script.attributes.get("type") or "").lower()
            if "src" not in script.attributes and kind in ("", "text/javascript", "module"):
                texts.append(script.text(deep=True))
        for template in document.css("template"):
            outer = template.html or ""
            pending.append(outer[outer.find(">") + 1 : outer.rfind("</template>")])
    return texts


def test_every_page_has_a_policy_first_in_head_hashing_each_inline_script(site: Build) -> None:
    # The pages as deployed: minified after the guard hashed their scripts (rj/minify.py keeps scripts whole).
    host = urlsplit(site_config()["site_url"]).hostname
    for path in site.pages():
        html = site.file(path).read_text()
        document = LexborHTMLParser(html)
        head = one(document, "head")
        first = head.child
        while first is not None and first.tag == "-text":
            first = first.next
        assert first is not None and first.attributes.get("http-equiv") == "Content-Security-Policy", path
        csp = csp_of(document)
        assert "'unsafe-inline'" not in csp["script-src"], path
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"], path
        scripts = executed_inline_scripts(html)
        assert scripts, path
        for text in scripts:
            assert script_hash(text) in csp["script-src"], (path, text[:60])
        assert scan_page(html, site_host=host).findings == [], path


# Whatever an editor types, the checks answer with messages, never a traceback.

HOSTILE = st.text(alphabet=st.sampled_from(list("<>/=\"' -:\n\t`#*_[]{}a1é\u00ad\u200b&;()!.")), max_size=200)


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_header_checks_never_raise(text: str) -> None:
    meta, problems = parse_header("---\n" + text + "\n---\nbody\n", where="docs/a.md")
    assert all(problem.startswith("docs/a.md") for problem in problems)
    for problem in check_meta(meta, source=text, where="docs/a.md"):
        assert problem.startswith("docs/a.md")


@settings(max_examples=200, deadline=None)
@given(HOSTILE)
def test_the_guard_never_raises_and_finds_pasted_script_tags(text: str) -> None:
    scan_page(article(text), site_host="site.test")
    unbalanced_html(text)
    scan = scan_page(article(text + "<script>x()</script>"), site_host="site.test")
    # Whatever came before, the pasted script is either seen as a script or swallowed as text by an
    # unclosed raw-text element (which the Markdown check then reports as unclosed).
    assert any(f.rule == "script" for f in scan.findings) or "x()" not in scan.inline_scripts


def test_a_malformed_declaration_in_markdown_is_text_not_a_crash() -> None:
    # Python's HTML parser raises on `<![1`; the check must report tags, never stop with a traceback.
    assert unbalanced_html("Text <![1 more\n\n<div>\n") == [(3, "<div> opened here is never closed")]
