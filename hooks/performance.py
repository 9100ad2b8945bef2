"""Page speed: each page carries inline only the CSS its first view can use; the rest waits for the script.

Event: `on_post_build`. Reads every built HTML page, the local stylesheets its `<head>` links (Material's main
and palette CSS, then `extra_css` such as rj.css, in order), and the theme's scripts (Material's bundle and
`extra_javascript`) for the class and attribute names they add while the page runs.
Produces, per set of linked stylesheets (normally one for the whole site):
- `assets/stylesheets/rj-site.<hash>.css`: those stylesheets minus every rule that cannot match anything in
  any page or made by the scripts, minus unused custom properties and keyframes, minified;
- inline in every page, in place of the `<link>`s: the same minus the rules that need the scripts (search
  results, tooltips, `.js`, ...), so the first paint waits for nothing but the HTML. The page's
  `partials/rj-styles.html` writes the `<style>`, and puts the full file in a `<template data-rj-defer>` that
  `partials/rj-defer.html` loads together with the scripts, on the visitor's first click, tap or key. The full
  file repeats the inline rules in their original order, so the cascade ends exactly as the theme wrote it.

"Can this rule match?" is decided per compound selector and generously: every class, id, tag and attribute a
selector names must exist somewhere in the site; pseudo-classes and `:not()` count as matching, `:is()` and
`:where()` need one matching branch. So a rule for a state (hover, checked, open drawer) stays; only rules for
things the site never has go (other admonition types, code highlighting, tabs, grids, other palettes ...).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig

STYLES_TEMPLATE = "partials/rj-styles.html"
FULL_CSS = "assets/stylesheets/rj-site.{hash}.css"


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
    pages = sorted(site.rglob("*.html"))
    static = SiteTokens()
    for file in pages:
        # Read twice rather than hold every page: memory stays that of one page, whatever the site's size.
        static.add_page(file.read_text(encoding="utf-8"))
    scripts = [
        *site.glob("assets/javascripts/bundle.*.js"),
        *(site / str(item) for item in config.extra_javascript),
    ]
    full = static.with_script_words(
        words_of(file.read_text(encoding="utf-8") for file in scripts if file.is_file())
    )
    template = config.theme.get_env().get_template(STYLES_TEMPLATE)
    styles: dict[tuple[str, ...], tuple[str, str]] = {}
    rendered: dict[tuple[tuple[str, ...], str], str] = {}
    for file in pages:
        text = file.read_text(encoding="utf-8")
        page_path = file.relative_to(site).as_posix()
        found = local_stylesheets(text, page_path, base)
        links = [(tag, path) for tag, path in found if (site / path).is_file()]
        if not links:
            continue
        key = tuple(path for _, path in links)
        if key not in styles:
            source = "\n".join(rebase_urls((site / path).read_text(encoding="utf-8"), path) for path in key)
            inline, complete = purge_both(source, static.fingerprint(), full.fingerprint())
            styles[key] = (inline, write_full_css(site, complete))
        # 404.html is served at any depth, so MkDocs gives it absolute links: so do its url()s.
        root = base if page_path == "404.html" else "../" * page_path.count("/")
        if (key, root) not in rendered:
            inline, full_path = styles[key]
            css = inline.replace(SITE_ROOT, root).replace("</", "<\\/")  # must not close <style> early
            rendered[key, root] = template.render(css=css, href=root + full_path, config=config)
        file.write_text(replace_links(text, [tag for tag, _ in links], rendered[key, root]), encoding="utf-8")


@functools.lru_cache(maxsize=4)
def purge_both(source: str, static: TokensKey, full: TokensKey) -> tuple[str, str]:
    """The inline and the full stylesheet; kept for the next rebuild under `mkdocs serve` (a few entries)."""
    # Whatever the page alone can use, the page with its scripts can use too: so prune the smaller set
    # from the larger one.
    complete = prune(parse_css(source), SiteTokens.from_key(full))
    return serialise(prune(complete, SiteTokens.from_key(static))), serialise(complete)


def write_full_css(site: Path, css: str) -> str:
    """Write the site's full stylesheet under a name that changes with its content; return its path."""
    text = css.replace(SITE_ROOT, "../../")  # from assets/stylesheets/ to the site's root
    path = FULL_CSS.format(hash=hashlib.sha256(text.encode()).hexdigest()[:8])
    (site / path).write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------------------
# Finding and replacing the stylesheet links


LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
TEMPLATE_ELEMENT = re.compile(r"<template\b.*?</template>", re.DOTALL | re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def attributes_of(tag: str) -> dict[str, str]:
    """The attributes of one start tag, names lower-cased."""
    inner = tag[tag.find(" ") + 1 : -1] if " " in tag else ""
    found = {}
    for match in ATTRIBUTE.finditer(inner.rstrip("/")):
        name = match.group(1).lower()
        found[name] = next((value for value in match.groups()[1:] if value is not None), "")
    return found


def local_stylesheets(html: str, page_path: str, base: str = "/") -> list[tuple[str, str]]:
    """Each `<link rel=stylesheet>` of the head that loads a file of this site: (tag, path in the site).

    `page_path` is the page's file in the site (`faq/index.html`), `base` the site's path on its host.
    """
    end = html.find("</head>")
    head = html[:end] if end >= 0 else html
    if "<template" in head:
        # A page this hook has already done (a `mkdocs serve --dirty` rebuild) keeps its link in a <template>.
        head = TEMPLATE_ELEMENT.sub("", head)
    found = []
    for tag in LINK.findall(head):
        href = stylesheet_href(tag) if "stylesheet" in tag.lower() else None
        if href is None:
            continue
        path = urlsplit(urljoin(base + page_path, href)).path
        if path.startswith(base):
            found.append((tag, path[len(base) :]))
    return found


@functools.lru_cache(maxsize=1024)
def stylesheet_href(tag: str) -> str | None:
    """The href of a `<link>` tag that loads a stylesheet of this site for the screen, else None."""
    attributes = attributes_of(tag)
    if "stylesheet" not in attributes.get("rel", "").lower().split() or "href" not in attributes:
        return None
    if attributes.get("media", "all").strip().lower() not in ("all", "screen", ""):
        return None
    href = attributes["href"]
    if urlsplit(href).scheme or href.startswith("//"):
        return None  # another host: leave it (the test suite forbids those anyway)
    return href


def replace_links(html: str, tags: list[str], markup: str) -> str:
    """Replace the first of the `<link>` `tags` by `markup` and drop the others."""
    html = html.replace(tags[0], markup, 1)
    for tag in tags[1:]:
        html = html.replace(tag, "", 1)
    return html


URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
# Stands for the way from a page to the site's root ("../" for faq/index.html) until the CSS is inlined.
SITE_ROOT = "__rj_site_root__/"


def rebase_urls(css: str, path: str) -> str:
    """Rewrite the relative `url()`s of the stylesheet at `path` (in the site) to start at SITE_ROOT."""

    def rebase(match: re.Match[str]) -> str:
        quote, url = match.group(1), match.group(2)
        if urlsplit(url).scheme or url.startswith(("/", "#")):
            return match.group(0)
        return f"url({quote}{SITE_ROOT}{urljoin('/' + path, url).lstrip('/')}{quote})"

    return URL.sub(rebase, css)


# ---------------------------------------------------------------------------------------------------------
# What the site contains


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
# Attributes the browser itself adds when the visitor acts (a <details> opened), whatever the page had.
NATIVE_ATTRIBUTES = frozenset({"open"})
START_TAG = re.compile(r"<[a-zA-Z][^>]*>")
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
WORD = re.compile(r"[A-Za-z_][\w-]*")
VAR = re.compile(r"var\(\s*(--[\w-]+)")


TokensKey = tuple[frozenset, ...]


@dataclass
class SiteTokens:
    """Every class, id, tag and attribute (name and values) in the site, and every word of its script."""

    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=dict)
    script_words: set[str] = field(default_factory=set)
    custom_properties: set[str] = field(default_factory=set)
    _seen_tags: set[str] = field(default_factory=set, repr=False)
    _seen_scripts: set[str] = field(default_factory=set, repr=False)

    def fingerprint(self) -> TokensKey:
        """Everything the purge looks at, hashable (the purge's cache key)."""
        return (
            frozenset(self.classes),
            frozenset(self.ids),
            frozenset(self.tags),
            frozenset((name, frozenset(values)) for name, values in self.attributes.items()),
            frozenset(self.script_words),
            frozenset(self.custom_properties),
        )

    @classmethod
    def from_key(cls, key: TokensKey) -> SiteTokens:
        classes, ids, tags, attributes, script_words, custom_properties = key
        return cls(
            set(classes),
            set(ids),
            set(tags),
            {n: set(v) for n, v in attributes},
            set(script_words),
            set(custom_properties),
        )

    def with_script_words(self, words: set[str]) -> SiteTokens:
        """These tokens plus the words of scripts that will run (their names may become classes)."""
        names = {"--" + word for word in words if word.startswith("md-")}  # style.setProperty("--md-...")
        return replace(
            self, script_words=self.script_words | words, custom_properties=self.custom_properties | names
        )

    def add_page(self, html: str) -> None:
        for attributes, code in INLINE_SCRIPT.findall(html):
            if code not in self._seen_scripts and "json" not in attributes.lower():  # JSON is data, not code
                self._seen_scripts.add(code)
                self.script_words.update(WORD.findall(code))
        for block in STYLE_ELEMENT.findall(html):
            self.custom_properties.update(VAR.findall(block))
        # The menu, header and footer repeat on every page: read each distinct start tag once per build,
        # and all of a page's new ones in one pass.
        tags = set(START_TAG.findall(html)) - self._seen_tags
        if not tags:
            return
        self._seen_tags |= tags
        joined = "\n".join(tags)
        self.tags.update(name.lower() for name in TAG_NAME.findall(joined))
        self.custom_properties.update(VAR.findall(joined))
        for name, *quoted in ATTRIBUTE.findall(joined):
            if name[0] == "<":
                continue  # the tag's own name
            name = name.lower()
            value = next((part for part in quoted if part), "")
            self.attributes.setdefault(name, set()).add(value)
            if name == "class":
                self.classes.update(value.split())
            elif name == "id":
                self.ids.add(value)

    def has_class(self, name: str) -> bool:
        return name in self.classes or name in self.script_words

    def has_id(self, name: str) -> bool:
        return name in self.ids or name in self.script_words

    def has_tag(self, name: str) -> bool:
        return name == "*" or name.lower() in self.tags or name.lower() in self.script_words

    def has_attribute(self, name: str, operator: str, value: str, ignore_case: bool) -> bool:
        name = name.lower()
        if name in NATIVE_ATTRIBUTES:
            return True
        values = self.attributes.get(name)
        if values is None:
            return name in self.script_words
        if not operator:
            return True
        if any(attribute_matches(candidate, operator, value, ignore_case) for candidate in values):
            return True
        # The script may set the value (it sets `data-md-color-*` on <body>, for example).
        return name in self.script_words and all(word in self.script_words for word in WORD.findall(value))


def words_of(texts: Iterable[str]) -> set[str]:
    return {word for text in texts for word in WORD.findall(text)}


def attribute_matches(candidate: str, operator: str, value: str, ignore_case: bool) -> bool:
    """CSS attribute-selector matching of one attribute value."""
    if ignore_case:
        candidate, value = candidate.lower(), value.lower()
    if operator == "=":
        return candidate == value
    if operator == "~=":
        return value in candidate.split()
    if operator == "|=":
        return candidate == value or candidate.startswith(value + "-")
    if operator == "^=":
        return bool(value) and candidate.startswith(value)
    if operator == "$=":
        return bool(value) and candidate.endswith(value)
    if operator == "*=":
        return bool(value) and value in candidate
    return True


# ---------------------------------------------------------------------------------------------------------
# Parsing CSS (enough of it for minified theme CSS and hand-written stylesheets)


@dataclass
class Rule:
    """`prelude { body }`; `children` instead of `body` for @media, @supports and the like."""

    prelude: str
    body: str | None = None
    children: list[Rule] | None = None


NESTING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document", "@scope")
COMMENT_OR_STRING = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')|/\*.*?\*/""", re.DOTALL)


def strip_comments(css: str) -> str:
    return COMMENT_OR_STRING.sub(lambda match: match.group(1) or "", css)


def parse_css(css: str) -> list[Rule]:
    """The rules of a stylesheet, with the rules inside @media/@supports nested."""
    rules, _ = parse_block(strip_comments(css), 0)
    return rules


# The characters each scanner stops at; everything between them is skipped at C speed.
BLOCK_STOPS = re.compile(r"""["'{};]""")
BRACE_STOPS = re.compile(r"""["'{}]""")
STRING = {
    '"': re.compile(r'"(?:\\.|[^"\\])*"?', re.DOTALL),
    "'": re.compile(r"'(?:\\.|[^'\\])*'?", re.DOTALL),
}
SPLIT_STOPS: dict[str, re.Pattern[str]] = {
    separator: re.compile(rf"""["'()\[\]{re.escape(separator)}]""") for separator in ",;"
}


def parse_block(css: str, index: int) -> tuple[list[Rule], int]:
    rules: list[Rule] = []
    start = index
    while (found := BLOCK_STOPS.search(css, index)) is not None:
        char, index = found.group(), found.start()
        if char in "\"'":
            index = skip_string(css, index)
            continue
        if char == "{":
            prelude = css[start:index].strip()
            if prelude.lower().startswith(NESTING_AT_RULES):
                children, index = parse_block(css, index + 1)
                rules.append(Rule(prelude, children=children))
            else:
                end = matching_brace(css, index)
                rules.append(Rule(prelude, body=css[index + 1 : end]))
                index = end
            start = index + 1
        elif char == "}":
            return rules, index
        elif char == ";":
            if css[start:index].strip():
                rules.append(Rule(css[start:index].strip()))
            start = index + 1
        index += 1
    return rules, len(css)


def skip_string(css: str, index: int) -> int:
    """The index just past the string starting at `index`."""
    return STRING[css[index]].match(css, index).end()


def matching_brace(css: str, index: int) -> int:
    """The index of the `}` that closes the `{` at `index`."""
    depth = 0
    while (found := BRACE_STOPS.search(css, index)) is not None:
        char, index = found.group(), found.start()
        if char in "\"'":
            index = skip_string(css, index)
            continue
        depth += 1 if char == "{" else -1
        if depth == 0:
            return index
        index += 1
    return len(css)


@functools.lru_cache(maxsize=16384)
def split_top_level(text: str, separator: str) -> tuple[str, ...]:
    """Split on `separator` (`,` or `;`) outside strings, parentheses and brackets."""
    if not any(char in text for char in "\"'(["):
        return tuple(text.split(separator))
    parts, depth, start, index = [], 0, 0, 0
    stops = SPLIT_STOPS[separator]
    while (found := stops.search(text, index)) is not None:
        char, index = found.group(), found.start()
        if char in "\"'":
            index = skip_string(text, index)
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0:
            parts.append(text[start:index])
            start = index + 1
        index += 1
    parts.append(text[start:])
    return tuple(parts)


# ---------------------------------------------------------------------------------------------------------
# Can a selector match?


SIMPLE = re.compile(
    r"""
    (?P<combinator>\s*[>+~]\s*|\s+)
    | (?P<universal>\*|&)
    | (?P<type>-?[A-Za-z_][\w-]*)
    | \.(?P<class>-?(?:[\w-]|\\.)+)
    | \#(?P<id>-?(?:[\w-]|\\.)+)
    | \[(?P<attribute>(?:"[^"]*"|'[^']*'|[^\]])*)\]
    | ::?(?P<pseudo>-?[\w-]+)(?P<open>\()?
    """,
    re.VERBOSE,
)
ATTRIBUTE_SELECTOR = re.compile(
    r"""\s*(?:[\w*-]*\|)?(?P<name>[\w-]+)\s*(?:(?P<op>[~|^$*]?=)\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s\]]+))\s*(?P<flag>[iIsS])?)?\s*"""
)
ANY_OF = ("is", "where", "matches", "-webkit-any", "-moz-any")


def selector_may_match(selector: str, tokens: SiteTokens) -> bool:
    """False only if the selector names a class, id, tag or attribute that the site never has."""
    return requirements_met(selector_requirements(selector.strip()), tokens)


# What a selector needs, read once per selector and build: ("class", name), ("id", name), ("tag", name),
# ("attribute", name, operator, value, ignore_case), or ("any", alternatives) for :is() and :where().
Requirement = tuple


@functools.lru_cache(maxsize=16384)
def selector_requirements(selector: str) -> tuple[Requirement, ...]:
    needs: list[Requirement] = []
    index = 0
    while index < len(selector):
        match = SIMPLE.match(selector, index)
        if not match:
            return ()  # something this parser does not know: assume it matches
        index = match.end()
        kind = match.lastgroup
        if kind == "class":
            needs.append(("class", unescape(match.group("class"))))
        elif kind == "id":
            needs.append(("id", unescape(match.group("id"))))
        elif kind == "type":
            needs.append(("tag", match.group("type")))
        elif kind == "attribute":
            needs.extend(attribute_requirement(match.group("attribute")))
        if match.group("open"):
            end = closing_parenthesis(selector, index - 1)
            argument = selector[index:end]
            index = end + 1
            if match.group("pseudo").lower() in ANY_OF:
                branches = tuple(
                    selector_requirements(part.strip()) for part in split_top_level(argument, ",")
                )
                needs.append(("any", branches))
    return tuple(needs)


def attribute_requirement(inner: str) -> list[Requirement]:
    match = ATTRIBUTE_SELECTOR.fullmatch(inner)
    if not match:
        return []
    value = next(
        (v for v in (match.group("dq"), match.group("sq"), match.group("bare")) if v is not None), ""
    )
    ignore_case = (match.group("flag") or "").lower() == "i"
    return [("attribute", match.group("name"), match.group("op") or "", value, ignore_case)]


def requirements_met(needs: tuple[Requirement, ...], tokens: SiteTokens) -> bool:
    for need in needs:
        kind = need[0]
        if kind == "class":
            met = tokens.has_class(need[1])
        elif kind == "id":
            met = tokens.has_id(need[1])
        elif kind == "tag":
            met = tokens.has_tag(need[1])
        elif kind == "attribute":
            met = tokens.has_attribute(*need[1:])
        else:
            met = any(requirements_met(branch, tokens) for branch in need[1])
        if not met:
            return False
    return True


def closing_parenthesis(text: str, index: int) -> int:
    depth = 0
    while index < len(text):
        char = text[index]
        if char in "\"'":
            index = skip_string(text, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return index


def unescape(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name) if "\\" in name else name


# ---------------------------------------------------------------------------------------------------------
# Purging and writing CSS


KEYFRAMES = re.compile(r"@(?:-[a-z]+-)?keyframes\s+([\w-]+)", re.IGNORECASE)


def purge_css(css: str, tokens: SiteTokens) -> str:
    """The stylesheet without the rules, custom properties and keyframes the site cannot use, minified."""
    return purge_rules(parse_css(css), tokens)


def purge_rules(rules: list[Rule], tokens: SiteTokens) -> str:
    """`purge_css` of an already parsed stylesheet."""
    return serialise(prune(rules, tokens))


def prune(rules: list[Rule], tokens: SiteTokens) -> list[Rule]:
    """The rules, custom properties and keyframes the site can use."""
    rules = keep_matching(rules, tokens)
    used = used_custom_properties(rules, tokens)
    rules = drop_declarations(rules, used)
    words = set(WORD.findall(" ".join(declaration_text(rules))))
    return [rule for rule in rules if keyframes_used(rule, words)]


def keep_matching(rules: Iterable[Rule], tokens: SiteTokens) -> list[Rule]:
    kept = []
    for rule in rules:
        prelude = rule.prelude
        if rule.children is not None:
            children = keep_matching(rule.children, tokens)
            if children:
                kept.append(Rule(prelude, children=children))
        elif prelude.lower().startswith("@charset"):
            continue  # the page's own encoding applies to inline CSS
        elif prelude.startswith("@") or rule.body is None:
            kept.append(rule)
        else:
            selectors = [part.strip() for part in split_top_level(prelude, ",")]
            matching = [selector for selector in selectors if selector_may_match(selector, tokens)]
            if matching:
                kept.append(Rule(",".join(matching), body=rule.body))
    return kept


def walk(rules: Iterable[Rule]) -> Iterator[Rule]:
    for rule in rules:
        if rule.children is not None:
            yield from walk(rule.children)
        else:
            yield rule


@functools.lru_cache(maxsize=16384)
def declarations(body: str) -> tuple[tuple[str, str], ...]:
    """`name: value` pairs of a declaration block (values keep their own spacing)."""
    pairs = []
    for part in split_top_level(body, ";"):
        name, colon, value = part.partition(":")
        if colon and name.strip():
            pairs.append((name.strip(), value.strip()))
    return tuple(pairs)


def used_custom_properties(rules: list[Rule], tokens: SiteTokens) -> set[str]:
    """Custom properties read by a kept declaration, the page, or the script, followed through var()s."""
    defines: dict[str, list[str]] = {}
    used = set(tokens.custom_properties)
    for rule in walk(rules):
        if rule.body is None or rule.prelude.startswith("@"):
            used.update(VAR.findall(rule.body or ""))
            continue
        for name, value in declarations(rule.body):
            if name.startswith("--"):
                defines.setdefault(name, []).append(value)
            else:
                used.update(VAR.findall(value))
    pending = list(used)
    while pending:
        for value in defines.get(pending.pop(), []):
            for name in VAR.findall(value):
                if name not in used:
                    used.add(name)
                    pending.append(name)
    return used


def drop_declarations(rules: list[Rule], used: set[str]) -> list[Rule]:
    """Remove custom property declarations nobody reads, and rules left empty by that."""
    kept = []
    for rule in rules:
        if rule.children is not None:
            children = drop_declarations(rule.children, used)
            if children:
                kept.append(Rule(rule.prelude, children=children))
            continue
        if rule.body is None or rule.prelude.startswith("@"):
            kept.append(rule)
            continue
        pairs = [
            (name, value)
            for name, value in declarations(rule.body)
            if not name.startswith("--") or name in used
        ]
        if pairs:
            kept.append(Rule(rule.prelude, body=";".join(f"{name}:{value}" for name, value in pairs)))
    return kept


def declaration_text(rules: Iterable[Rule]) -> Iterator[str]:
    for rule in walk(rules):
        if rule.body is not None and not KEYFRAMES.match(rule.prelude):
            yield rule.body


def keyframes_used(rule: Rule, words: set[str]) -> bool:
    """False for `@keyframes name` when no declaration names it (`words`: the declarations' words)."""
    found = KEYFRAMES.match(rule.prelude)
    return not found or found.group(1) in words


def serialise(rules: Iterable[Rule]) -> str:
    out = []
    for rule in rules:
        prelude = minify_prelude(rule.prelude)
        if rule.children is not None:
            out.append(f"{prelude}{{{serialise(rule.children)}}}")
        elif rule.body is None:
            out.append(f"{prelude};")
        else:
            out.append(f"{prelude}{{{minify_body(rule.body)}}}")
    return "".join(out)


def minify_prelude(prelude: str) -> str:
    prelude = prelude.strip()
    if prelude.startswith("@"):
        return SPACES.sub(" ", prelude)
    if not SPACE.search(prelude):
        return prelude  # already minified, as Material's CSS is
    return AROUND_COMBINATOR.sub(r"\1", SPACES.sub(" ", prelude))


def minify_body(body: str) -> str:
    if "{" in body:  # @keyframes and other nested blocks: only squeeze the spaces
        return re.sub(r"\s*([{};])\s*", r"\1", re.sub(r"\s+", " ", body.strip()))
    return ";".join(f"{name}:{squeeze(value)}" for name, value in declarations(body))


def squeeze(value: str) -> str:
    """Collapse runs of white space in a declaration's value, leaving quoted strings alone."""
    if '"' in value or "'" in value or not LONG_SPACE.search(value):
        return value
    return SPACES.sub(" ", value)


SPACE = re.compile(r"\s")
SPACES = re.compile(r"\s+")
LONG_SPACE = re.compile(r"\s\s|[\t\n\r\f]")
AROUND_COMBINATOR = re.compile(r"\s*([,>{}])\s*")
