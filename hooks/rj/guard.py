"""The content guard: what a rendered page may not contain, found with one HTML parse per page.

`scan_page(html, site_host=...)` parses the final HTML of a page once (selectolax) and returns what it refuses
(`Finding`s) and the page's inline scripts (for its Content-Security-Policy, `rj.csp`). The contents of each
`<template>` (where the theme's scripts wait, partials/rj-defer.html) are parsed too, as the fragments they
are: the deferred loader copies them into the page.

Whose is a script? The editor's Markdown becomes the page's `<article class="md-content__inner">`; every
other element comes from the templates (Material's and overrides/, reviewed as code). So a script inside
the article is the editor's and is refused; a script elsewhere is the site's own, as long as it loads from
the site. An editor cannot move a script out of the article: raw HTML that closes an element it did not
open is refused by `unbalanced_html` (in the Markdown, before rendering). Configuration that makes the theme
add scripts (Material's analytics) is refused by the hook from mkdocs.yml. Everything else (other hosts,
event attributes, unsafe links, frames, `<base>`, refresh, forms, mermaid) is refused anywhere in the page.

`unbalanced_html(markdown)` reads the Markdown source for raw HTML block tags that are not closed, or closed
without being opened. `line_in_source(source, needle)` maps a finding back to its line in the Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode

from rj.text import FENCE, line_of, remembered

# Elements that show another document or a plugin inside the page.
FRAMES = {"iframe", "frame", "frameset", "portal", "fencedframe"}
PLUGINS = {"object", "embed", "applet"}
# Attributes holding an address the browser fetches on load, and those holding a link the visitor follows.
FETCHED = ("src", "poster", "data", "background", "lowsrc", "longdesc", "manifest", "codebase", "archive")
LINKS = ("href", "xlink:href", "action", "formaction", "cite", "ping")
# <link rel=...> values that fetch something on load.
FETCHING_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "prerender",
    "icon",
    "apple-touch-icon",
    "manifest",
    "import",
}
# SVG elements whose href is fetched on load.
SVG_FETCHING = {"image", "use", "feimage", "script"}
# Every attribute name `_check_element` looks at, besides `on...` and `...href`.
CHECKED = frozenset([*FETCHED, *LINKS, "srcset", "imagesrcset", "style", "http-equiv"])
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
ARTICLE = "md-content__inner"

# What to do instead, per rule: the end of each message.
ADVICE = {
    "script": "scripts pasted into a page are refused: analytics, pixels and widgets send visitors' health "
    'interests to other companies and need a privacy review first (README.md, "What the build refuses"); '
    "remove the snippet",
    "frame": "link to the video or page instead of embedding it: [Watch the video](https://...)",
    "plugin": "remove it; link to the file instead, or put the file in docs/assets/ and link to it",
    "base": "remove the <base> tag; links are written relative to the page",
    "meta-refresh": "remove it; to move a page, keep the old one with a link to the new one",
    "form-action": "forms may only send to this site; link to the other site's form instead",
    "event-attribute": "remove the attribute; pages may not run code (on... attributes)",
    "unsafe-link": "link to a page (`[text](page.md)`) or a web address starting with https://; put files in "
    "docs/assets/ and link to them",
    "other-host": "put the file in docs/assets/ and link it from there, e.g. "
    "![description](assets/photo.jpg)",
    "other-host:script": "scripts, pixels and analytics from other companies need a privacy review first; "
    "remove it",
    "other-host:frame": "link to the video or page instead of embedding it: [Watch the video](https://...)",
    "other-host:link": "the site uses the visitor's own fonts and the site's stylesheets only; remove the "
    "link (a file it needs goes in docs/assets/)",
    "mermaid": "diagrams drawn by mermaid load a library from another company's server; draw the diagram as "
    "an image (SVG or PNG) in docs/assets/ and show it with ![description](assets/diagram.svg)",
}


@dataclass(frozen=True)
class Finding:
    """One refused thing in a page: its rule, what it is exactly, whether the editor's text has it, and a
    piece of text to look for in the Markdown to find its line."""

    rule: str
    what: str
    detail: str = ""
    in_content: bool = True
    needle: str = ""
    tag: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """The names an allow-list entry may use: the rule, or rule:detail (`other-host:x.org`)."""
        return (self.rule, f"{self.rule}:{self.detail}") if self.detail else (self.rule,)

    def message(self, *, where: str, line: int | None) -> str:
        place = f"{where} line {line}" if line else where
        from_markdown = self.in_content and line is not None
        origin = "" if from_markdown else " (not in the page's Markdown: from mkdocs.yml or the templates)"
        kind = "frame" if self.tag in FRAMES else self.tag
        advice = ADVICE.get(f"{self.rule}:{kind}", ADVICE[self.rule])
        return f"{place}{origin}: {self.what}; {advice}."


@dataclass
class Scan:
    """What one page holds: refused things, and the text of each inline script it runs (for its CSP)."""

    findings: list[Finding] = field(default_factory=list)
    inline_scripts: list[str] = field(default_factory=list)


def host_of(url: str) -> str | None:
    """The host an address points to, or None for an address on this site (relative, or no host)."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return "?"
    return (parts.hostname or "?") if parts.netloc else None


def is_other_host(url: str, site_host: str | None) -> bool:
    host = host_of(url)
    return host is not None and host != site_host


def scheme_of(url: str) -> str:
    """The scheme of an address as a browser reads it (ignoring spaces, tabs and case): `javascript:`."""
    cleaned = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"^([a-z][a-z0-9+.-]*:)", cleaned)
    return match.group(1) if match else ""


def srcset_urls(value: str) -> list[str]:
    """The addresses in a `srcset` (each candidate is an address, then an optional width or density)."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_urls(css: str, *, declarations: bool) -> list[str]:
    """Every address a piece of CSS loads: `url(...)` anywhere, and `@import` (tinycss2, not regexes)."""
    lowered = css.lower()
    if not any(word in lowered for word in ("url", "@import", "image", "\\")):
        return []  # nothing that could load (CSS escapes, "\\", could spell a url: those are parsed)
    if declarations:
        nodes = tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True)
    else:
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    found: list[str] = []

    def walk(values: object) -> None:
        for node in values or ():  # type: ignore[attr-defined]
            kind = getattr(node, "type", "")
            if kind == "url":
                found.append(node.value)
            elif kind == "function" and node.lower_name in ("url", "src", "image-set", "image"):
                strings = [arg.value for arg in node.arguments if arg.type in ("string", "url")]
                found.extend(strings)
                walk(node.arguments)
            elif kind == "at-rule":
                if node.lower_at_keyword == "import":
                    found.extend(t.value for t in node.prelude if t.type == "string")
                walk(node.prelude)
                if node.content:
                    walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True))
            elif kind == "qualified-rule":
                walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True))
            elif kind == "declaration":
                walk(node.value)
            elif kind in ("() block", "[] block", "{} block"):
                walk(node.content)
            elif kind == "function":
                walk(node.arguments)

    walk(nodes)
    return found


@remembered(maxsize=2048)
def scan_page(html: str, *, site_host: str | None) -> Scan:
    """Parse a rendered page once and list what the guard refuses, and the inline scripts it runs."""
    scan = Scan()
    tree = LexborHTMLParser(html)
    _scan_tree(tree.root, scan, site_host=site_host, in_template=False)
    return scan


def _scan_tree(root: LexborNode | None, scan: Scan, *, site_host: str | None, in_template: bool) -> None:
    if root is None:
        return
    for node, in_content in _elements(root):
        tag = node.tag or ""
        if tag == "template":
            inner = _template_contents(node.html or "")
            if inner.strip():
                fragment = LexborHTMLParser(f"<body>{inner}</body>").body
                _scan_tree(fragment, scan, site_host=site_host, in_template=True)
            continue
        scan.findings.extend(_check_element(node, tag, in_content and not in_template, site_host, scan))


def _elements(root: LexborNode) -> Iterator[tuple[LexborNode, bool]]:
    """Every element under `root`, with whether it is inside the editor's article; template contents are
    reached separately (the parser keeps them in their own fragment)."""
    inside: set[int] = set()  # the nodes under an editor's article (lexbor's own walk, not Python's)
    for node in root.traverse(include_text=False):
        article = node.tag == "article" and ARTICLE in (node.attributes.get("class") or "").split()
        if article and node.mem_id not in inside:
            inside.update(child.mem_id for child in node.traverse(include_text=False))
            inside.discard(node.mem_id)
    for node in root.traverse(include_text=False):
        if node.tag and not node.tag.startswith("-"):
            yield node, node.mem_id in inside


def _template_contents(outer: str) -> str:
    start = outer.find(">") + 1
    end = outer.rfind("</template>")
    return outer[start:end] if 0 < start <= end else ""


def _check_element(
    node: LexborNode, tag: str, in_content: bool, site_host: str | None, scan: Scan
) -> list[Finding]:
    found: list[Finding] = []
    attributes = {name.lower(): value or "" for name, value in node.attributes.items()}

    def add(rule: str, what: str, detail: str = "", needle: str = "") -> None:
        found.append(Finding(rule, what, detail, in_content, needle or f"<{tag}", tag))

    if tag == "script":
        src = attributes.get("src")
        kind = attributes.get("type", "").strip().lower()
        if in_content:
            add("script", f"the page has a <script>{_shown(src or node.text())}", needle="<script")
        if src is not None and is_other_host(src, site_host):
            host = host_of(src) or ""
            add("other-host", f"a script is loaded from {host} ({_shorten(src)})", host, src)
        elif src is None and kind in EXECUTABLE_SCRIPT_TYPES:
            scan.inline_scripts.append(node.text(deep=True))
    elif tag in FRAMES:
        add("frame", f"the page embeds another page with <{tag}>{_shown(attributes.get('src', ''))}", tag)
    elif tag in PLUGINS:
        add("plugin", f"the page embeds a plugin or file with <{tag}>", tag)
    elif tag == "base":
        add("base", "the page has a <base> tag, which changes where every link points")
    elif tag == "meta" and attributes.get("http-equiv", "").strip().lower() == "refresh":
        add("meta-refresh", 'the page has <meta http-equiv="refresh">, which sends visitors elsewhere')
    elif tag == "form":
        action = attributes.get("action", "")
        if is_other_host(action, site_host):
            host = host_of(action) or ""
            add("form-action", f"a form sends what visitors type to {host}", host, action)
    elif tag == "link":
        rels = set(attributes.get("rel", "").lower().split())
        href = attributes.get("href", "")
        if rels & FETCHING_RELS and is_other_host(href, site_host):
            host = host_of(href) or ""
            what = "/".join(sorted(rels & FETCHING_RELS))
            add("other-host", f'a <link rel="{what}"> loads {_shorten(href)} from {host}', host, href)
        for attr in ("imagesrcset",):
            for url in srcset_urls(attributes.get(attr, "")):
                if is_other_host(url, site_host):
                    add("other-host", f"a preload loads from {host_of(url)}", host_of(url) or "", url)
    elif tag == "style":
        for url in css_urls(node.text(deep=True), declarations=False):
            if is_other_host(url, site_host):
                host = host_of(url) or ""
                add("other-host", f"a <style> block loads {_shorten(url)} from {host}", host, url)
    classes = attributes.get("class", "").lower().split()
    if "mermaid" in classes or "language-mermaid" in classes:
        add("mermaid", "the page has a mermaid diagram", needle="mermaid")

    for name, value in attributes.items():
        if name not in CHECKED and not name.startswith("on") and not name.endswith("href"):
            continue  # class, id, aria-*, data-*...: nothing below looks at them
        if name.startswith("on"):
            add("event-attribute", f"<{tag} {name}=...> runs code", name, f"{name}=")
            continue
        if name in LINKS or name in FETCHED or name.endswith(":href"):
            scheme = scheme_of(value)
            if scheme in ("javascript:", "vbscript:") or (
                scheme == "data:" and (name in LINKS or tag != "img")
            ):
                add("unsafe-link", f'<{tag} {name}="{_shorten(value)}"> is a {scheme} address', scheme, value)
                continue
        fetched = name in FETCHED or (name.endswith("href") and tag in SVG_FETCHING)
        if fetched and tag != "script" and is_other_host(value, site_host):
            host = host_of(value) or ""
            add("other-host", f"<{tag} {name}> loads {_shorten(value)} from {host}", host, value)
        elif name in ("srcset", "imagesrcset") and tag != "link":
            for url in srcset_urls(value):
                if is_other_host(url, site_host):
                    host = host_of(url) or ""
                    add("other-host", f"<{tag} srcset> loads {_shorten(url)} from {host}", host, url)
        elif name == "style":
            for url in css_urls(value, declarations=True):
                if is_other_host(url, site_host):
                    host = host_of(url) or ""
                    add(
                        "other-host", f'a style="..." on <{tag}> loads {_shorten(url)} from {host}', host, url
                    )
        elif name == "http-equiv" and value.strip().lower() == "set-cookie":
            add("meta-refresh", "the page sets a cookie with <meta http-equiv>")
    return found


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(text: str) -> str:
    return f" ({_shorten(text)})" if text.strip() else ""


def line_in_source(source: str, needle: str, *, occurrence: int = 1) -> int | None:
    """The line of the n-th `needle` (any case) in a Markdown file, outside fenced code; None if absent."""
    return line_of(source, needle, occurrence=occurrence, any_case=True)


MERMAID_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*\{?\s*\.?mermaid\b", re.IGNORECASE)


def mermaid_fences(markdown: str) -> list[int]:
    """Lines of code fences marked as mermaid diagrams (the highlighter drops that mark from the HTML)."""
    return [number for number, line in enumerate(markdown.splitlines(), start=1) if MERMAID_FENCE.match(line)]


# Raw HTML elements that hold blocks: left open, md_in_html shows the rest of the page as raw Markdown.
BLOCK_TAGS = {
    "div",
    "section",
    "article",
    "aside",
    "details",
    "summary",
    "figure",
    "figcaption",
    "table",
    "blockquote",
    "form",
    "nav",
    "header",
    "footer",
    "main",
    "ul",
    "ol",
    "dl",
    "pre",
    "span",
    "a",
    "template",
    "iframe",
    "video",
    "audio",
    "picture",
    "svg",
    "script",
    "style",
}
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")


class _TagBalance(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag not in BLOCK_TAGS:
            return
        line = self.getpos()[0]
        if any(name == tag for name, _ in self.open):
            while self.open:
                name, opened = self.open.pop()
                if name == tag:
                    break
                self.problems.append((opened, f"<{name}> opened here is not closed before </{tag}>"))
        else:
            self.problems.append((line, f"</{tag}> closes a <{tag}> that was not opened"))


def unbalanced_html(markdown: str) -> list[tuple[int, str]]:
    """(line, problem) for each raw HTML block tag in Markdown left open or closed without being opened.

    Code (fenced blocks, `inline code`) and comments are left out; lines keep their numbers.
    """
    lines = []
    fenced = False
    for line in markdown.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            lines.append("")
            continue
        lines.append("" if fenced else INLINE_CODE.sub("", line))
    text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), "\n".join(lines), flags=re.S)
    # Declarations (`<!DOCTYPE`, `<![CDATA[`) are no block tags; Python's parser stops on malformed ones.
    text = text.replace("<!", "&lt;!")
    checker = _TagBalance()
    checker.feed(text)
    checker.close()
    problems = checker.problems + [
        (line, f"<{name}> opened here is never closed") for name, line in checker.open
    ]
    return sorted(problems)
