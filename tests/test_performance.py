"""Page speed (hooks/performance.py, partials/rj-defer.html) and rebuild speed (hooks/build_speed.py).

The built site: each page is complete with its HTML (the CSS its first view needs is inline, within the
render-blocking budget), loads no script until the visitor interacts, and keeps the full stylesheet for
later; each page inlines the rules its own elements can use, and nothing the site no longer loads is
deployed. The helpers (rj/css.py): which selectors can match a page, and what is kept; and the template cache.
"""

from __future__ import annotations

import re
import sys
from typing import Any
from urllib.parse import urljoin, urlsplit

import build_speed
import jinja2
import pytest
import tinycss2
from build_speed import MemoryBytecodeCache
from conftest import ROOT, Build, element_sibling, needed, one, site_config
from performance import AFTER_SCRIPTS, local_stylesheets
from rj.css import SITE_ROOT, generous, naming, parse, read_page, serialise, site_selectors
from selectolax.lexbor import LexborHTMLParser

# One round trip (bench/page_weight.py): a page's whole HTML, inline CSS included, fits a new connection's
# first flight (14,336 bytes of gzip); a page listed in bench/page-weight.toml, with the reason its content
# makes that impossible, must still fit its first view (up to the article's first paragraph).
sys.path.append(str(ROOT / "bench"))
import page_weight


def inline_css(site: Build, path: str) -> str:
    styles = site.html(path).css("head style")
    assert len(styles) == 1, f"{path or 'home'}: {len(styles)} <style> elements"
    return styles[0].text()


# ---------------------------------------------------------------------------------------------------------
# The built site


def test_every_page_links_no_stylesheet_and_inlines_one(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        links = [
            node
            for node in html.css('link[rel="stylesheet"]')
            if needed(node.parent, "a parent").tag != "template"
        ]
        assert links == [], f"{path or 'home'} still links a stylesheet"
        assert len(html.css("head style")) == 1


def test_every_page_fits_one_round_trip_or_is_listed_and_its_first_view_fits(production_site: Build) -> None:
    # What visitors download: the production build (no staff "edit this page" button), in both languages.
    site, budget, listed = production_site, page_weight.BUDGET, page_weight.listed()
    weights = {path: page_weight.weigh(site.file(path).read_text("utf-8")) for path in site.pages()}
    over = {path or "home": w.total for path, w in weights.items() if w.total > budget and path not in listed}
    assert over == {}, (
        f"these pages are over {budget:,} bytes once compressed, more than a phone receives in its first "
        "round trip (README, 'Page weight'): shorten the page, or add it to bench/page-weight.toml with one "
        "line saying why it needs its length"
    )
    fits_again = sorted(path or "home" for path, w in weights.items() if path in listed and w.total <= budget)
    assert fits_again == [], "these pages fit the budget now: take them out of bench/page-weight.toml"
    assert sorted(set(listed) - set(weights)) == [], "bench/page-weight.toml lists pages the site lacks"
    first_views = {path or "home": w.first_view for path, w in weights.items() if w.first_view > budget}
    assert first_views == {}, (
        f"the start of these pages, up to the first paragraph after the title, is over {budget:,} bytes once "
        "compressed: shorten the first paragraph or what comes before it"
    )


def test_first_view_ends_with_the_first_paragraph_after_the_title() -> None:
    html = (
        '<html><head><style>p{}</style></head><body><article class="md-content__inner">'
        '<p class="rj-language">Español</p><h1>Title</h1><p>First.</p><p>Second.</p></article></body></html>'
    )
    assert page_weight.first_view(html).endswith("<h1>Title</h1><p>First.</p>")
    no_article = "<html><body><p>Only.</p></body></html>"
    assert page_weight.first_view(no_article) == no_article
    weight = page_weight.weigh(html)
    assert weight.first_view < weight.total
    assert weight.frame < weight.total and weight.article == weight.total - weight.frame


def test_first_paint_waits_for_the_header_and_sidebars_and_no_more(site: Build) -> None:
    # The head's script makes the browser paint nothing before the element it names (partials/rj-defer.html):
    # it must come right before the page's own content (past the header and both sidebars), within the first
    # view, which fits the first round trip; with no such element on the page, the first paint would wait
    # for the whole page.
    for path in site.pages():
        text = site.file(path).read_text("utf-8")
        html = LexborHTMLParser(text)
        code = " ".join(node.text() for node in html.css("head script"))
        targets = re.findall(r'\.rel = "expect"\s+link\.href = "#([^"]+)"', code)
        assert len(targets) == 1, f"{path or 'home'}: the head's script names {targets} for the first paint"
        target = needed(html.css_first(f"#{targets[0]}"), f"{path or 'home'}: #{targets[0]}")
        after = needed(element_sibling(target, "next"), f"{path or 'home'}: an element after #{targets[0]}")
        assert "md-content" in (after.attributes.get("class") or "").split(), path
        at = needed(re.search(f"""id=["']?{targets[0]}\\b""", text), f"{path}: where #{targets[0]} is")
        assert at.start() < len(page_weight.first_view(text)), (
            f"{path or 'home'}: #{targets[0]} is past its first view"
        )


def test_no_script_file_loads_with_the_page(site: Build) -> None:
    for path in site.pages():
        html = site.html(path)
        eager = [
            node.attributes["src"]
            for node in html.css("script[src]")
            if needed(node.parent, "a parent").tag != "template"
        ]
        assert eager == [], f"{path or 'home'} loads {eager} with the page"


def test_theme_scripts_wait_in_a_deferred_template(site: Build) -> None:
    templates = site.html("faq/").css("template[data-rj-defer]")
    # A <template>'s content is a separate fragment: read it from the element's markup.
    markup = "".join(re.sub(r"</?template[^>]*>", "", template.html or "") for template in templates)
    content = LexborHTMLParser(markup)
    sources = [
        node.attributes.get("src") or node.attributes.get("href") or ""
        for node in content.css("[src], [href]")
    ]
    assert sources[0].startswith("../assets/stylesheets/rj-site.")
    assert sources[1].startswith("../assets/javascripts/bundle.")


def test_full_stylesheet_is_written_and_holds_what_only_scripts_draw(site: Build) -> None:
    full = list((site.site / "assets" / "stylesheets").glob("rj-site.*.css"))
    assert len(full) == 1
    text = full[0].read_text(encoding="utf-8")
    assert ".md-search-result__article" in text  # search results are drawn by the script
    assert ".md-search-result__article" not in inline_css(site, "faq/")


def selector_classes(css: str) -> set[str]:
    """Every class named in the selectors of `css` (inside @media and @supports too)."""
    found: set[str] = set()

    def names(tokens: list) -> None:
        for before, token in zip([None, *tokens], tokens, strict=False):
            if (
                token.type == "ident"
                and before is not None
                and before.type == "literal"
                and before.value == "."
            ):
                found.add(token.value)
            elif token.type == "function":
                names(token.arguments)

    def walk(nodes: list) -> None:
        for node in nodes:
            if node.type == "qualified-rule":
                names(node.prelude)
            elif (
                node.type == "at-rule"
                and node.content is not None
                and node.lower_at_keyword in ("media", "supports")
            ):
                walk(tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def page_classes(site: Build, path: str) -> set[str]:
    return {
        name
        for node in site.html(path).css("body [class]")
        for name in (node.attributes["class"] or "").split()
    }


def full_stylesheet(site: Build) -> str:
    (full,) = (site.site / "assets" / "stylesheets").glob("rj-site.*.css")
    return full.read_text(encoding="utf-8")


# Classes of what only the theme's scripts show (performance.AFTER_SCRIPTS): styled by the full stylesheet.
AFTER_SCRIPTS_CLASSES = {marker[1:] for marker in AFTER_SCRIPTS if marker.startswith(".")}


def test_every_class_a_page_uses_has_its_rules_inline(site: Build) -> None:
    styled = selector_classes(full_stylesheet(site))
    missing = {}
    for path in site.pages():
        lost = (page_classes(site, path) & styled) - selector_classes(inline_css(site, path))
        if lost - AFTER_SCRIPTS_CLASSES:
            missing[path or "home"] = sorted(lost)
    assert missing == {}


def test_what_only_the_scripts_show_is_styled_by_the_full_stylesheet_alone(site: Build) -> None:
    full = full_stylesheet(site)
    assert selector_classes(full) >= AFTER_SCRIPTS_CLASSES
    for path in site.pages():
        html = site.html(path)
        assert html.css(".md-top[hidden]") and html.css(".md-dialog"), path or "home"
        css = inline_css(site, path)
        assert not AFTER_SCRIPTS_CLASSES & selector_classes(css), path or "home"
        assert "[data-md-toggle=search]:checked" in css, path or "home"  # a tap opens the search at once


def test_a_component_is_styled_inline_only_on_the_pages_that_have_it(site: Build) -> None:
    # The site's own components that some pages have and others lack (the crisis callout, the booking
    # details, the references ...), found in the built pages.
    classes = {path: page_classes(site, path) for path in site.pages()}
    styled = selector_classes(full_stylesheet(site))
    components = {name for names in classes.values() for name in names if name.startswith("rj-")} & styled
    components = {name for name in components if not all(name in names for names in classes.values())}
    assert {"rj-crisis", "rj-cta__details"} <= components
    inline = {path: selector_classes(inline_css(site, path)) for path in classes}
    for component in sorted(components):
        for path, names in classes.items():
            assert (component in inline[path]) is (component in names), f"{component} on {path or 'home'}"


def test_inline_css_parses_without_errors(site: Build) -> None:
    for path in site.pages():
        errors = []
        css = inline_css(site, path)
        # Inside <style> nothing is decoded: an escaped `>` (`&gt;`) would break every child selector.
        assert not re.search(r"&(gt|lt|amp|quot|#\d+);", css), path or "home"
        nodes = tinycss2.parse_stylesheet(css)
        while nodes:
            node = nodes.pop()
            if node.type == "error":
                errors.append(node.message)
            elif node.type == "qualified-rule" or (node.type == "at-rule" and node.content is not None):
                inner = tinycss2.parse_blocks_contents(node.content)
                errors += [item.message for item in inner if item.type == "error"]
                nodes += [item for item in inner if item.type in ("qualified-rule", "at-rule")]
        assert errors == [], path or "home"


def test_unreferenced_stylesheets_and_source_maps_are_not_deployed(site: Build) -> None:
    stylesheets = site.site / "assets" / "stylesheets"
    assert [file.name for file in stylesheets.iterdir()] == [next(stylesheets.glob("rj-site.*.css")).name]
    assert list(site.site.rglob("*.map")) == []
    for extra in site_config()["extra_css"]:
        assert not (site.site / extra).exists(), extra
    # Material's bundle and search worker are loaded by the deferred scripts: they stay.
    assert list(site.site.glob("assets/javascripts/bundle.*.min.js"))
    assert list(site.site.glob("assets/javascripts/workers/search.*.min.js"))


def test_every_stylesheet_and_script_a_page_loads_exists(site: Build) -> None:
    missing = []
    for path in site.pages():
        html = site.html(path)
        markup = (html.html or "") + "".join(template.html or "" for template in html.css("template"))
        nodes = LexborHTMLParser(re.sub(r"</?template[^>]*>", "", markup)).css("link[href], script[src]")
        for node in nodes:
            address = node.attributes.get("href") or node.attributes.get("src") or ""
            if node.tag == "link" and "stylesheet" not in (node.attributes.get("rel") or ""):
                continue
            page_url = "/" + (path if path.endswith((".html", "/")) or not path else path + "/")
            target = urlsplit(urljoin(page_url, address)).path.lstrip("/")
            if not (site.site / target).is_file():
                missing.append(f"{path or 'home'}: {address}")
    assert missing == []


def test_inline_css_keeps_what_the_page_shows_and_drops_what_the_site_never_has(site: Build) -> None:
    css = inline_css(site, "faq/")
    assert ".md-header{" in css
    assert "[data-md-color-primary=custom]" in css  # the site's own palette
    assert "[data-md-color-scheme=slate]" in css  # the other scheme: the toggle switches to it
    assert "[data-md-color-primary=red]" not in css  # another palette
    assert ".md-typeset .tabbed-set" not in css  # content tabs: not used
    assert "@charset" not in css


def test_page_counts_as_scripted_from_the_start_with_its_sidebars_sized_by_css(site: Build) -> None:
    # Material's `no-js` styles would hide the search button until the deferred scripts run.
    head_scripts = [node.text() for node in site.html("").css("head script:not([src])")]
    assert any('classList.replace("no-js", "rj-deferred")' in text for text in head_scripts)
    assert ".rj-deferred .md-sidebar{height:auto}" in inline_css(site, "")


def test_search_dialog_has_an_accessible_name(site: Build) -> None:
    dialog = one(site.html("faq/"), '[role="dialog"].md-search')
    assert dialog.attributes.get("aria-label") == "Search"


# ---------------------------------------------------------------------------------------------------------
# Per-page CSS (rj/css.py)

PAGE = (
    '<html class="no-js"><head><script>document.documentElement.classList.add("rj-ready")</script></head>'
    '<body data-md-color-scheme="default"><input type="checkbox" id="__drawer">'
    '<nav class="md-nav md-nav--primary"><a class="md-nav__link" href="#intro">x</a></nav>'
    '<details class="note"><summary>s</summary></details>'
    '<p class="lead" style="color: var(--page-colour)">t</p></body></html>'
)
TOGGLED = frozenset({"[data-md-color-scheme=slate]", "[data-md-color-scheme=default]"})


def kept(css: str, page: str = PAGE) -> str:
    """`css` as inlined for `page`."""
    sheet = parse([("assets/stylesheets/x.css", css)], TOGGLED)
    read = read_page(sheet, page)
    return serialise(sheet, read.selectors, read.variables)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (".md-nav", True),
        (".md-nav .md-nav__link:hover", True),
        (".md-nav__link:focus-visible", True),
        (".md-nav--secondary", False),
        ("#__drawer:checked~.md-nav", True),
        ("#__search:checked~.md-nav", False),
        ("table", False),
        ("nav>a::before", True),
        (".md-nav::-webkit-scrollbar", True),
        (".md-tabs::-moz-selection", False),
        ("[data-md-color-scheme=default] a", True),
        ("[data-md-color-scheme=slate] a", True),  # the toggle sets it on <body>
        ("[data-md-color-scheme=red] a", False),
        ('a[href^="#"]', True),
        ('a[href$=".pdf"]', False),
        (":is(.md-nav,.md-tabs) a", True),
        (":is(.md-tabs,.md-footer) a", False),
        (".md-nav:not(.md-nav--primary)", True),  # :not() is generous: the script may change classes
        ("details[open]>summary", True),  # the visitor opens it
        ("details>table", False),
        (".rj-ready .lead", True),  # named by the page's own script
        ("[type=checkbox]", True),
        ("[type=radio]", False),
        ("a:first-child", True),
        ("p:first-child", False),
    ],
)
def test_a_selector_is_inlined_only_if_it_can_match_the_page(selector: str, expected: bool) -> None:
    assert (kept(f"{selector}{{color:red}}") != "") is expected


def test_naming_finds_selectors_by_a_whole_name_only() -> None:
    css = ".md-top{a:b}.md-topic,.x .md-top:hover{c:d}[data-x=y]:checked~p{e:f}[data-x=y] p{g:h}"
    sheet = parse([("x.css", css)])
    named = {sheet.selectors[index] for index in naming(sheet, (".md-top", "[data-x=y]:checked"))}
    assert named == {".md-top", ".x .md-top:hover", "[data-x=y]:checked~p"}
    assert naming(sheet, ()) == frozenset()


def test_generous_drops_pseudo_elements_and_makes_states_always_true() -> None:
    def rewrite(selector: str) -> str:
        return tinycss2.serialize(generous(tinycss2.parse_component_value_list(selector), TOGGLED))

    assert rewrite(".a::-webkit-scrollbar") == ".a"
    assert rewrite(".a:hover>.b:nth-child(2)") == ".a:not(#rj--never)>.b:nth-child(2)"
    assert rewrite(":is(.a:focus,.b) c") == ":is(.a:not(#rj--never),.b) c"
    assert rewrite("[data-md-color-scheme=slate] .a") == ":not(#rj--never) .a"
    assert rewrite("::selection") == "*"


def test_only_the_matching_selectors_of_a_rule_are_kept_in_order() -> None:
    css = ".md-tabs,.md-nav{margin:0}.lead{color:red}.md-tabs{color:blue}.md-nav__link{color:green}"
    assert kept(css) == ".md-nav{margin:0}.lead{color:red}.md-nav__link{color:green}"


def test_media_and_supports_blocks_keep_only_matching_rules_and_empty_ones_go() -> None:
    css = "@media print{.md-tabs{display:none}.lead{color:#000}}@supports (display:grid){.md-tabs{x:y}}"
    assert kept(css) == "@media print{.lead{color:#000}}"


def test_custom_properties_are_kept_only_when_read_following_var_chains() -> None:
    css = ":root{--a:1px;--b:var(--c);--c:2px;--unused:3px;--page-colour:red}.md-nav{margin:var(--a)var(--b)}"
    assert (
        kept(css) == ":root{--a:1px;--b:var(--c);--c:2px;--page-colour:red}.md-nav{margin:var(--a)var(--b)}"
    )


def test_keyframes_and_font_faces_are_kept_only_when_named() -> None:
    css = (
        "@keyframes spin{to{rotate:1turn}}@keyframes fade{to{opacity:0}}.md-nav{animation:spin 1s}"
        '@font-face{font-family:"Used";src:url(a.woff2)}@font-face{font-family:Unused;src:url(b.woff2)}'
        '.lead{font-family:"Used",sans-serif}'
    )
    css = kept(css)
    assert "spin" in css and "fade" not in css
    assert "Used" in css and "Unused" not in css and f"url({SITE_ROOT}assets/stylesheets/a.woff2)" in css


def test_relative_urls_are_rebased_and_data_urls_left_alone() -> None:
    css = '.md-nav{background:url(../images/a.svg)}.lead{background:url("data:image/svg+xml;utf8,<svg/>")}'
    assert f"url({SITE_ROOT}assets/images/a.svg)" in kept(css)
    assert "url(data:image/svg+xml;utf8,<svg/>)" in kept(css)  # unquoted by the minifier, as it may be


def test_hand_written_css_is_minified_and_charset_dropped() -> None:
    css = '@charset "UTF-8";\n/* note */\n.md-nav  >  a {\n  color : red ;\n  content: "a  b";\n}\n'
    assert kept(css) == '.md-nav>a{color:red;content:"a  b"}'


def test_the_site_stylesheet_keeps_what_pages_match_or_scripts_can_draw() -> None:
    css = ".md-nav{a:b}.md-search-result__item{c:d}.md-tabs{e:f}[data-md-state=lock]{g:h}[data-x=none]{i:j}"
    sheet = parse([("x.css", css)])
    page = read_page(sheet, PAGE)
    words = {"md-search-result__item", "data-md-state", "lock"}
    assert serialise(sheet, site_selectors(sheet, set(page.selectors), set(page.names), words)) == (
        ".md-nav{a:b}.md-search-result__item{c:d}[data-md-state=lock]{g:h}"
    )
    assert (
        serialise(sheet, site_selectors(sheet, set(page.selectors), set(page.names), set())) == ".md-nav{a:b}"
    )


# ---------------------------------------------------------------------------------------------------------
# Finding the links


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


# ---------------------------------------------------------------------------------------------------------
# The template cache (hooks/build_speed.py)


def test_template_cache_compiles_a_template_once_and_again_when_it_changes() -> None:
    sources = {"page.html": "Hello {{ name }}"}
    cache = MemoryBytecodeCache()
    compiled = []

    class CountingEnvironment(jinja2.Environment):
        def _compile(self, source: str, filename: str) -> Any:
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
