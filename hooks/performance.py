"""Page speed: each page carries inline the CSS it can use; the rest waits for the scripts.

Events: `on_env` (keeps the theme's Jinja environment of this build) and `on_post_build`. Reads every built
HTML page, the local stylesheets its `<head>` links (Material's main and palette CSS, then `extra_css`, in
order), and the theme's scripts (Material's bundle and `extra_javascript`) for the names they add. The
CSS work is in `rj/css.py` (tinycss2, cssselect2, minify-html). Produces, per set of linked stylesheets:
- inline in each page, in place of its `<link>`s: the rules that can match that page's elements (with their
  hover, focus, checked, open and print states, both colour schemes, and the custom properties, keyframes
  and fonts they use), written by `partials/rj-styles.html`;
- `assets/stylesheets/rj-site.<hash>.css`: every rule any page or script can use (search results,
  tooltips, the `.js` states ...), in the theme's order, loaded with the scripts on the visitor's first
  interaction (`partials/rj-defer.html`), so the cascade then ends exactly as the theme wrote it.
Each page is then minified as a whole (`rj/minify.py`: white space and quotes of the markup; scripts, whose
hashes the Content-Security-Policy lists, stay byte for byte). Then it deletes what no page, and not the
full stylesheet, names any more: the inlined stylesheets and every source map (`.map`; a script's
`sourceMappingURL` comment only serves developer tools). What stays: Material's bundle and search worker
with its lunr languages (loaded by the scripts), images and icons (named by pages or by the CSS), and any
stylesheet a page still links (one for print only, say).
Under `mkdocs serve --dirty` a page already done keeps its links in a `<template>`: it is left as it is.
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from rj.css import SITE_ROOT, WORD, Page, Sheet, naming, parse, read_page, serialise, site_selectors
from rj.minify import minify_page
from selectolax.lexbor import LexborHTMLParser

STYLES_TEMPLATE = "partials/rj-styles.html"
FULL_CSS = "assets/stylesheets/rj-site.{hash}.css"
# This build's theme environment (replaced by every build, so nothing accumulates under `mkdocs serve`).
THEME: dict[str, jinja2.Environment] = {}
# What only the theme's scripts show: the back-to-top button (`hidden` until the script shows it) and the
# script's notices (an empty box until then). Their rules are left to the full stylesheet, which the loader
# has applied before any script runs (partials/rj-defer.html): about 0.2 KB of gzip per page.
AFTER_SCRIPTS = (".md-top", ".md-dialog")
LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
TEMPLATE = re.compile(r"<template\b.*?</template>", re.DOTALL | re.IGNORECASE)


def on_env(env: jinja2.Environment, /, *, config: MkDocsConfig, files: Any) -> jinja2.Environment:
    THEME.clear()
    THEME["env"] = env
    return env


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    scripts = [
        *site.glob("assets/javascripts/bundle.*.js"),
        *(site / str(path) for path in config.extra_javascript),
    ]
    script_words = {
        word for file in scripts if file.is_file() for word in WORD.findall(file.read_text("utf-8"))
    }
    palette = config.theme.get("palette") or []
    toggled = toggled_by(palette if isinstance(palette, list) else [palette])
    sheets: dict[tuple[str, ...], Sheet] = {}
    seen: dict[tuple[str, ...], tuple[set[int], set[str], set[str]]] = {}  # matched, names, variables
    done: dict[Path, tuple[tuple[str, ...], list[str], Page]] = {}
    pages: dict[Page, Page] = {}  # one copy of each distinct result: pages are alike
    for file in sorted(site.rglob("*.html")):
        # Pages are read twice rather than held: memory stays that of one page, whatever the site's size.
        links = local_stylesheets(file.read_text("utf-8"), file.relative_to(site).as_posix(), base)
        links = [(tag, path) for tag, path in links if (site / path).is_file()]
        if not links:
            continue
        key = tuple(path for _, path in links)
        if key not in sheets:
            sheets[key] = parsed(tuple((path, (site / path).read_text("utf-8")) for path in key), toggled)
        page = read_page(sheets[key], file.read_text("utf-8"))
        matched, names, variables = seen.setdefault(key, (set(), set(), set()))
        matched |= page.selectors
        names |= page.names
        variables |= page.variables
        page = Page(page.selectors, frozenset(), page.variables)
        done[file] = key, [tag for tag, _ in links], pages.setdefault(page, page)
    unused = {path for key in sheets for path in key} | {
        p.relative_to(site).as_posix() for p in site.rglob("*.map")
    }
    unused |= {path + ".map" for path in unused}
    full_paths = {}
    for key, (matched, names, variables) in seen.items():
        variables |= {"--" + word for word in script_words if word.startswith("md-")}  # set by the script
        text = serialise(sheets[key], site_selectors(sheets[key], matched, names, script_words), variables)
        text = text.replace(SITE_ROOT, "../../")  # from assets/stylesheets/ to the site's root
        full_paths[key] = FULL_CSS.format(hash=hashlib.sha256(text.encode()).hexdigest()[:8])
        (site / full_paths[key]).write_text(text, encoding="utf-8")
        unused = {path for path in unused if path.rpartition("/")[2] not in text}
    template = THEME["env"].get_template(STYLES_TEMPLATE)
    for file, (key, tags, page) in done.items():
        page_path = file.relative_to(site).as_posix()
        # 404.html is served at any depth, so MkDocs gives it absolute links: so do its url()s.
        root = base if page_path == "404.html" else "../" * page_path.count("/")
        css = inline_css(sheets[key], page).replace(SITE_ROOT, root).replace("</", "<\\/")
        markup = template.render(css=css, href=root + full_paths[key], config=config)
        text = file.read_text("utf-8").replace(tags[0], markup, 1)
        for tag in tags[1:]:
            text = text.replace(tag, "", 1)
        file.write_text(minify_page(text), encoding="utf-8")
        unused = {path for path in unused if path.rpartition("/")[2] not in text}
    for path in sorted(unused):
        (site / path).unlink(missing_ok=True)


@functools.lru_cache(maxsize=64)
def inline_css(sheet: Sheet, page: Page) -> str:
    """Pages that can use the same rules share one result; kept for the next rebuild under `mkdocs serve`."""
    return serialise(sheet, page.selectors - after_scripts(sheet), page.variables)


@functools.lru_cache(maxsize=2)
def after_scripts(sheet: Sheet) -> frozenset[int]:
    return naming(sheet, AFTER_SCRIPTS)


def toggled_by(palette: list[dict[str, Any]]) -> frozenset[str]:
    """The `data-md-color-*` values the palette toggle gives `<body>`, one scheme after another."""
    return frozenset(
        f"[data-md-color-{name}={str(entry[name]).replace(' ', '-').lower()}]"
        for entry in palette
        for name in ("scheme", "primary", "accent")
        if entry.get(name)
    )


@functools.lru_cache(maxsize=2)
def parsed(sources: tuple[tuple[str, str], ...], toggled: frozenset[str]) -> Sheet:
    """Parsing and compiling the theme's selectors is done once per build (or `mkdocs serve` session)."""
    return parse(list(sources), toggled)


def local_stylesheets(html: str, page_path: str, base: str = "/") -> list[tuple[str, str]]:
    """Each `<link rel=stylesheet>` of the head, outside a `<template>`, that loads a file of this site for
    the screen: (tag, path in the site). `page_path`: the page's file (`faq/index.html`); `base`: the site's
    path on its host."""
    head = TEMPLATE.sub("", html.partition("</head>")[0])
    found = []
    for tag in LINK.findall(head):
        attributes = link_attributes(tag)
        href, media = attributes.get("href") or "", (attributes.get("media") or "all").strip().lower()
        if "stylesheet" not in (attributes.get("rel") or "").lower().split() or media not in (
            "all",
            "screen",
        ):
            continue
        path = urlsplit(urljoin(base + page_path, href)).path
        if href and not urlsplit(href).scheme and not href.startswith("//") and path.startswith(base):
            found.append((tag, path[len(base) :]))
    return found


@functools.lru_cache(maxsize=1024)
def link_attributes(tag: str) -> dict[str, str | None]:
    node = LexborHTMLParser(tag).css_first("link")
    return dict(node.attributes) if node is not None else {}
