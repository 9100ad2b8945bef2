"""Page speed (hooks/performance.py, partials/rj-defer.html) and rebuild speed (hooks/build_speed.py).

The built site: each page is complete with its HTML (the CSS its first view needs is inline, within the
render-blocking budget), loads no script until the visitor interacts, and keeps the full stylesheet for
later. The helpers: CSS parsing, "can this selector match?", purging, and the template cache.
"""

from __future__ import annotations

import gzip
import re

import build_speed
import jinja2
import pytest
from build_speed import MemoryBytecodeCache
from conftest import Build
from performance import (
    SITE_ROOT,
    Rule,
    SiteTokens,
    attribute_matches,
    local_stylesheets,
    parse_css,
    purge_css,
    rebase_urls,
    replace_links,
    selector_may_match,
)
from selectolax.lexbor import LexborHTMLParser

# Render-blocking bytes (gzip): the HTML, with its inline CSS, is all that blocks first paint. Issue 8
# asks for 15 KB; since the crisis callout, booking shortcuts, references, review and FDA notice landed,
# pages measure 15.2 to 18.1 KB (the FAQ page, whose structured data repeats every answer, is the largest).
# This budget keeps them from growing while the target is missed; see bench/README.md.
RENDER_BLOCKING_BUDGET = 19 * 1024


def tokens_of(html: str, script: str = "") -> SiteTokens:
    tokens = SiteTokens()
    tokens.add_page(html)
    return tokens.with_script_words(set(re.findall(r"[A-Za-z_][\w-]*", script)))


def inline_css(site: Build, path: str) -> str:
    styles = site.html(path).css("head style")
    assert len(styles) == 1, f"{path or 'home'}: {len(styles)} <style> elements"
    return styles[0].text()


# ---------------------------------------------------------------------------------------------------------
# The built site


def test_every_page_links_no_stylesheet_and_inlines_one(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        links = [node for node in html.css('link[rel="stylesheet"]') if node.parent.tag != "template"]
        assert links == [], f"{path or 'home'} still links a stylesheet"
        assert len(html.css("head style")) == 1


def test_every_page_fits_the_render_blocking_budget(site: Build) -> None:
    over = {}
    for path in site.pages():
        file = site.site / (path + "index.html" if path == "" or path.endswith("/") else path)
        size = len(gzip.compress(file.read_bytes(), 6))
        if size > RENDER_BLOCKING_BUDGET:
            over[path or "home"] = size
    assert over == {}


def test_no_script_file_loads_with_the_page(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        eager = [node.attributes["src"] for node in html.css("script[src]") if node.parent.tag != "template"]
        assert eager == [], f"{path or 'home'} loads {eager} with the page"


def test_theme_scripts_wait_in_a_deferred_template(site: Build) -> None:
    templates = site.html("faq/").css("template[data-rj-defer]")
    # A <template>'s content is a separate fragment: read it from the element's markup.
    markup = "".join(re.sub(r"</?template[^>]*>", "", template.html) for template in templates)
    content = LexborHTMLParser(markup)
    sources = [
        node.attributes.get("src") or node.attributes.get("href") for node in content.css("[src], [href]")
    ]
    assert sources[0].startswith("../assets/stylesheets/rj-site.")
    assert sources[1].startswith("../assets/javascripts/bundle.")


def test_full_stylesheet_is_written_and_holds_what_only_scripts_draw(site: Build) -> None:
    full = list((site.site / "assets" / "stylesheets").glob("rj-site.*.css"))
    assert len(full) == 1
    text = full[0].read_text(encoding="utf-8")
    assert ".md-search-result__article" in text  # search results are drawn by the script
    assert ".md-search-result__article" not in inline_css(site, "faq/")


def test_inline_css_keeps_what_the_page_shows_and_drops_what_the_site_never_has(site: Build) -> None:
    css = inline_css(site, "faq/")
    assert ".md-header{" in css
    assert '[data-md-color-primary="custom"]' in css  # the site's own palette
    assert "[data-md-color-primary=red]" not in css  # another palette
    assert ".md-typeset .tabbed-set" not in css  # content tabs: not used
    assert "@charset" not in css


def test_page_counts_as_scripted_from_the_start_with_its_sidebars_sized_by_css(site: Build) -> None:
    # Material's `no-js` styles would hide the search button until the deferred scripts run.
    head_scripts = [node.text() for node in site.html("").css("head script:not([src])")]
    assert any('classList.replace("no-js", "rj-deferred")' in text for text in head_scripts)
    assert ".rj-deferred .md-sidebar{height:auto}" in inline_css(site, "")


def test_search_dialog_has_an_accessible_name(site: Build) -> None:
    dialog = site.html("faq/").css_first('[role="dialog"].md-search')
    assert dialog.attributes.get("aria-label") == "Search"


# ---------------------------------------------------------------------------------------------------------
# Parsing CSS


def test_parse_css_nests_media_rules_and_skips_comments_and_braces_in_strings() -> None:
    rules = parse_css('/* a { } */ a{color:red} @media screen{.b{content:"}"}} @charset "UTF-8";')
    assert rules[0] == Rule("a", body="color:red")
    assert rules[1].prelude == "@media screen"
    assert rules[1].children == [Rule(".b", body='content:"}"')]
    assert rules[2] == Rule('@charset "UTF-8"')


def test_parse_css_keeps_keyframes_whole() -> None:
    rules = parse_css("@keyframes pulse{0%{opacity:0}to{opacity:1}}")
    assert rules == [Rule("@keyframes pulse", body="0%{opacity:0}to{opacity:1}")]


# ---------------------------------------------------------------------------------------------------------
# Can a selector match?

PAGE = (
    '<html class="no-js"><body data-md-color-scheme="default"><nav class="md-nav md-nav--primary">'
    '<a class="md-nav__link" href="#intro">x</a><details class="note"></details>'
    '<input type="checkbox" id="__drawer"></nav></body></html>'
)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (".md-nav", True),
        (".md-nav .md-nav__link:hover", True),
        (".md-nav--secondary", False),
        ("#__drawer:checked~.md-nav", True),
        ("#__search", False),
        ("table", False),
        ("nav > a::before", True),
        ('[data-md-color-scheme="default"] a', True),
        ("[data-md-color-scheme=slate] a", False),
        ('a[href^="#"]', True),
        ('a[href$=".pdf"]', False),
        (":is(.md-nav, .md-tabs) a", True),
        (":is(.md-tabs, .md-footer) a", False),
        (".md-nav:not(.md-tabs)", True),
        ("details[open] > summary", False),  # no summary in the page
        ("details[open]", True),  # the browser adds `open` when the visitor opens it
        ("[type=checkbox]", True),
        ("[type=radio]", False),
    ],
)
def test_selector_may_match(selector: str, expected: bool) -> None:
    assert selector_may_match(selector, tokens_of(PAGE)) is expected


def test_selector_may_match_names_the_script_uses() -> None:
    assert selector_may_match(".md-search-result__item", tokens_of(PAGE)) is False
    script = 'e.className="md-search-result__item"'
    assert selector_may_match(".md-search-result__item", tokens_of(PAGE, script)) is True


def test_words_of_inline_scripts_count_as_page_names() -> None:
    page = '<html><head><script>document.documentElement.classList.add("rj-ready")</script></head></html>'
    assert selector_may_match(".rj-ready .x", tokens_of(page + '<p class="x">')) is True
    json_page = '<script type="application/ld+json">{"rj-data": 1}</script><p class="x">'
    assert selector_may_match(".rj-data", tokens_of(json_page)) is False


@pytest.mark.parametrize(
    ("candidate", "operator", "value", "expected"),
    [
        ("a b", "~=", "b", True),
        ("en-US", "|=", "en", True),
        ("https://x", "^=", "https:", True),
        ("file.PDF", "$=", ".pdf", False),
        ("abc", "*=", "", False),
    ],
)
def test_attribute_matches(candidate: str, operator: str, value: str, expected: bool) -> None:
    assert attribute_matches(candidate, operator, value, ignore_case=False) is expected


def test_attribute_matches_ignores_case_with_the_i_flag() -> None:
    assert attribute_matches("file.PDF", "$=", ".pdf", ignore_case=True) is True


# ---------------------------------------------------------------------------------------------------------
# Purging


def test_purge_drops_rules_for_absent_things_and_empty_media_blocks() -> None:
    css = ".md-nav{color:red}.md-tabs{color:blue}@media print{.md-tabs{display:none}}"
    assert purge_css(css, tokens_of(PAGE)) == ".md-nav{color:red}"


def test_purge_keeps_only_the_matching_selectors_of_a_rule() -> None:
    assert purge_css(".md-tabs,.md-nav{margin:0}", tokens_of(PAGE)) == ".md-nav{margin:0}"


def test_purge_drops_custom_properties_nobody_reads_but_follows_var_chains() -> None:
    css = ":root{--a:1px;--b:var(--c);--c:2px;--unused:3px}.md-nav{margin:var(--a) var(--b)}"
    assert (
        purge_css(css, tokens_of(PAGE))
        == ":root{--a:1px;--b:var(--c);--c:2px}.md-nav{margin:var(--a) var(--b)}"
    )


def test_purge_keeps_custom_properties_the_script_sets() -> None:
    css = ":root{--md-tooltip-x:0}"
    script = 'el.style.setProperty("--md-tooltip-x", "1px")'
    assert purge_css(css, tokens_of(PAGE, script)) == ":root{--md-tooltip-x:0}"


def test_purge_keeps_used_keyframes_and_drops_unused_ones() -> None:
    css = "@keyframes spin{to{rotate:1turn}}@keyframes fade{to{opacity:0}}.md-nav{animation:spin 1s}"
    assert purge_css(css, tokens_of(PAGE)) == "@keyframes spin{to{rotate:1turn}}.md-nav{animation:spin 1s}"


def test_purge_minifies_hand_written_css_without_touching_strings() -> None:
    css = '/* note */\n.md-nav  >  a {\n  color : red ;\n  content: "a  b";\n}\n'
    assert purge_css(css, tokens_of(PAGE)) == '.md-nav>a{color:red;content:"a  b"}'


# ---------------------------------------------------------------------------------------------------------
# Finding and replacing the links


HEAD = (
    '<html><head><link rel="stylesheet" href="../assets/main.css">'
    '<link rel="stylesheet" href="https://fonts.example/css">'
    '<link rel="stylesheet" media="print" href="p.css"><link rel="icon" href="../favicon.svg">'
    '</head><body><link rel="stylesheet" href="late.css"></body></html>'
)


def test_local_stylesheets_are_the_head_links_to_this_site_for_the_screen() -> None:
    assert local_stylesheets(HEAD, "faq/index.html") == [
        ('<link rel="stylesheet" href="../assets/main.css">', "assets/main.css")
    ]


def test_local_stylesheets_follow_the_sites_path_on_its_host() -> None:
    page = '<head><link rel="stylesheet" href="/clinic/assets/main.css"></head>'
    assert local_stylesheets(page, "404.html", "/clinic/") == [
        ('<link rel="stylesheet" href="/clinic/assets/main.css">', "assets/main.css")
    ]


def test_local_stylesheets_skip_a_page_already_done() -> None:
    page = (
        '<head><style>a{}</style><template data-rj-defer><link rel="stylesheet" href="full.css"></template>'
        "</head>"
    )
    assert local_stylesheets(page, "index.html") == []


def test_replace_links_puts_the_markup_where_the_first_link_was() -> None:
    html = "<head><meta><link a><link b><title>t</title></head>"
    assert replace_links(html, ["<link a>", "<link b>"], "<style>x</style>") == (
        "<head><meta><style>x</style><title>t</title></head>"
    )


def test_rebase_urls_points_relative_urls_at_the_site_root_and_leaves_data_alone() -> None:
    css = 'a{background:url(../images/a.svg)}b{background:url("data:image/svg+xml;charset=utf-8,<svg/>")}'
    assert rebase_urls(css, "assets/stylesheets/x.css") == (
        f'a{{background:url({SITE_ROOT}assets/images/a.svg)}}b{{background:url("data:image/svg+xml;charset=utf-8,<svg/>")}}'
    )


# ---------------------------------------------------------------------------------------------------------
# The template cache (hooks/build_speed.py)


def test_template_cache_compiles_a_template_once_and_again_when_it_changes() -> None:
    sources = {"page.html": "Hello {{ name }}"}
    cache = MemoryBytecodeCache()
    compiled = []

    class CountingEnvironment(jinja2.Environment):
        def _compile(self, source: str, filename: str):
            compiled.append(filename)
            return super()._compile(source, filename)

    def render() -> str:
        env = CountingEnvironment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)
        return env.get_template("page.html").render(name="you")

    assert render() == "Hello you"
    assert render() == "Hello you"
    assert len(compiled) == 1
    sources["page.html"] = "Hi {{ name }}"
    assert render() == "Hi you"
    assert len(compiled) == 2
    assert len(cache.compiled) == 1


@pytest.mark.parametrize(("command", "cached"), [("serve", True), ("build", False), ("gh-deploy", False)])
def test_template_cache_is_used_only_by_mkdocs_serve(command: str, cached: bool) -> None:
    build_speed.on_startup(command=command, dirty=False)
    try:
        env = build_speed.on_env(jinja2.Environment())
        assert (env.bytecode_cache is build_speed.TEMPLATES) is cached
    finally:
        build_speed.on_startup(command="build", dirty=False)
