"""Per-page CSS: which rules of a stylesheet each page can use, and the used rules, minified.

Pure functions on strings: tinycss2 parses the CSS, selectolax the page, cssselect2 matches each selector
against the page's elements, minify-html writes the result. Matching is generous where the page can change
without a script: state pseudo-classes (:hover, :checked, :target ...), `:not()`, `:has()` and vendor
pseudo-classes count as true, pseudo-elements as their element, every `<details>` as open, and the attribute
values a script toggles (the palette's colour schemes on `<body>`) as present everywhere. So a rule stays
when its element is on the page.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import cssselect2
import minify_html
import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode
from tinycss2.ast import FunctionBlock
from tinycss2.serializer import serialize_url

# Stands for the way from a page to the site's root ("../" for faq/index.html) until the CSS is inlined.
SITE_ROOT = "__rj_site_root__/"
# Pseudo-classes cssselect2 decides from the markup alone; every other one is a state, treated as true.
STATIC = {"root", "first-child", "last-child", "only-child", "nth-child", "nth-last-child", "empty", "lang"}
STATIC |= {"first-of-type", "last-of-type", "only-of-type", "nth-of-type", "nth-last-of-type", "is", "where"}
ALWAYS = tinycss2.parse_component_value_list(":not(#rj--never)")
NESTING = frozenset({"media", "supports", "layer", "container", "scope", "document"})
VAR = re.compile(r"var\(\s*(--[\w-]+)")
WORD = re.compile(r"[\w-]+")
# How cssselect2 splits an element's classes (the white space of CSS, not Python's str.split).
CLASSES = re.compile("[^ \t\r\n\f]+")
# An attribute selector's operators: `[name=value]`, `[name~=value]` ... all need the attribute.
OPERATORS = frozenset({"=", "~=", "|=", "^=", "$=", "*="})
# Pages whose results a sheet keeps (under `mkdocs serve`, a rebuild reads again pages that did not change).
PAGES_KEPT = 4096
PLANS_KEPT = 256

Test = Callable[[cssselect2.ElementWrapper], bool]
Signature = tuple[str, str | None]  # an element's tag and class attribute
# The selectors that cannot match a page, and the compiled tests of the others by id, class or tag.
Plan = tuple[frozenset[int], dict[str, list[tuple[Test, int]]]]


@dataclass(frozen=True)
class Rule:
    """One style rule (`selectors` index `Sheet.selectors`) or at-rule (`text`), inside `wrappers`."""

    wrappers: tuple[str, ...]  # the enclosing @media/@supports preludes, outermost first
    selectors: tuple[int, ...] = ()
    declarations: tuple[tuple[str, str], ...] = ()
    text: str = ""
    needs: str = ""  # a @keyframes or @font-face name: kept only if a kept declaration names it


@dataclass(frozen=True, eq=False)
class Sheet:
    rules: tuple[Rule, ...]
    selectors: tuple[str, ...]  # as written, minified
    names: tuple[frozenset[str], ...]  # per selector: what it needs (see selector_names)
    needing: dict[str, list[int]]  # the other way round: the selectors that need a name
    generous: tuple[list, ...]  # per selector: its tokens, rewritten by generous()
    # Compiled when a page first could use them (most theme selectors never are): by `#id`, `.class`, tag.
    tests: dict[str, list[tuple[Test, int]]]
    compiled: set[int]
    toggled: frozenset[str]
    # What makes reading page after page cheap (`read_page`); none of it changes a result.
    attributes: dict[str, list[int]] = field(default_factory=dict)  # attribute -> selectors that need it
    by_index: dict[int, list[Test]] = field(default_factory=dict)  # the compiled tests, by selector
    witnesses: dict[int, Signature] = field(default_factory=dict)  # the last element each selector matched
    plans: dict[tuple[frozenset[str], frozenset[str]], Plan] = field(default_factory=dict)  # see _plan
    pages: dict[bytes, tuple[frozenset[int], bytes, frozenset[str]]] = field(default_factory=dict)
    shared: dict[frozenset, frozenset] = field(default_factory=dict)  # one copy of each result kept


def parse(sources: list[tuple[str, str]], toggled: frozenset[str] = frozenset()) -> Sheet:
    """Parse stylesheets given as (path in the site, text), in cascade order; rebase relative url()s.

    `toggled`: attribute values a script may give any element, as `[name=value]` (the palette's
    `[data-md-color-scheme=slate]` ...): selectors count them as present.

    The same stylesheets give the same sheet, kept with what it learnt from the pages read (the compiled
    selectors, each page's result): under `mkdocs serve`, from one rebuild to the next.
    """
    return _parse(tuple(sources), toggled)


@functools.lru_cache(maxsize=4)
def _parse(sources: tuple[tuple[str, str], ...], toggled: frozenset[str]) -> Sheet:
    rules: list[Rule] = []
    selectors: list[list] = []
    for path, css in sources:
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        _read(nodes, (), path, rules, selectors)
    texts, names = tuple(map(_text, selectors)), tuple(map(selector_names, selectors))
    needing: dict[str, list[int]] = {}
    for index, needs in enumerate(names):
        for name in needs:
            needing.setdefault(name, []).append(index)
    rewritten = tuple(generous(tokens, toggled) for tokens in selectors)
    attributes: dict[str, list[int]] = {}
    for index, tokens in enumerate(rewritten):
        for name in attribute_names(tokens):
            attributes.setdefault(name, []).append(index)
    return Sheet(tuple(rules), texts, names, needing, rewritten, {}, set(), toggled, attributes)


def _compile(sheet: Sheet, index: int) -> None:
    """Add the selector's test to `sheet.tests`, under the id, class or tag its element must have."""
    try:
        compiled = cssselect2.compile_selector_list(sheet.generous[index])
    except cssselect2.SelectorError:
        compiled = cssselect2.compile_selector_list(ALWAYS)  # unknown syntax: assume it matches
    for one in compiled:
        key = f"#{one.id}" if one.id else f".{one.class_name}" if one.class_name else one.lower_local_name
        sheet.tests.setdefault(key or "", []).append((one.test, index))
        sheet.by_index.setdefault(index, []).append(one.test)
    sheet.compiled.add(index)


def _read(nodes: list, wrappers: tuple[str, ...], path: str, rules: list[Rule], selectors: list) -> None:
    for node in nodes:
        if node.type == "qualified-rule":
            parts = _split(node.prelude)
            rules.append(Rule(wrappers, tuple(range(len(selectors), len(selectors) + len(parts))),
                              _declarations(node.content, path)))  # fmt: skip
            selectors.extend(parts)
        elif node.type != "at-rule" or node.lower_at_keyword == "charset":
            continue  # parse errors are dropped, as browsers drop them; the page's encoding applies
        elif node.lower_at_keyword in NESTING and node.content is not None:
            inner = tinycss2.parse_rule_list(node.content, True, True)
            _read(inner, (*wrappers, f"@{node.at_keyword} {_text(node.prelude)}"), path, rules, selectors)
        else:
            text = f"@{node.at_keyword} {_text(node.prelude)}"
            text += ";" if node.content is None else "{" + _text(node.content, path) + "}"
            needs = _text(node.prelude) if node.lower_at_keyword.endswith("keyframes") else ""
            if node.lower_at_keyword == "font-face":
                needs = dict(_declarations(node.content or [], path)).get("font-family", "").strip("\"'")
            rules.append(Rule(wrappers, text=text, needs=needs))


def _split(prelude: list) -> list[list]:
    """A rule's selectors: its prelude's tokens split at top-level commas."""
    comma = lambda token: token.type == "literal" and token.value == ","  # noqa: E731
    return [list(part) for is_comma, part in itertools.groupby(prelude, comma) if not is_comma]


def _text(tokens: list, path: str = "") -> str:
    """Tokens as CSS, white space between them collapsed; relative url()s rebased onto SITE_ROOT."""
    if path:
        tokens = [_rebase(token, path) for token in tokens]
    return "".join(" " if token.type == "whitespace" else token.serialize() for token in tokens).strip()


def _rebase(token: tinycss2.ast.Node, path: str) -> tinycss2.ast.Node:
    url = token.value if token.type == "url" else None
    if token.type == "function" and token.lower_name == "url":
        url = next((arg.value for arg in token.arguments if arg.type == "string"), None)
    if url is None or urlsplit(url).scheme or url.startswith(("/", "#")):
        return token
    url = SITE_ROOT + urljoin("/" + path, url).lstrip("/")
    return tinycss2.ast.URLToken(token.source_line, token.source_column, url, f"url({serialize_url(url)})")


def _declarations(content: list, path: str) -> tuple[tuple[str, str], ...]:
    found = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    important = {True: "!important", False: ""}
    return tuple(
        (n.name, _text(n.value, path) + important[n.important]) for n in found if n.type == "declaration"
    )


def generous(tokens: list, toggled: frozenset[str] = frozenset()) -> list:
    """A selector's tokens rewritten so that states match: see the module's docstring."""
    out: list = []
    index = 0
    while index < len(tokens):
        token, after = tokens[index], tokens[index + 1] if index + 1 < len(tokens) else None
        index += 1
        if token.type == "[] block" and _attribute(token) in toggled:
            out.extend(ALWAYS)
        elif after is None or token.type != "literal" or token.value != ":":
            out.append(token)
        elif after.type == "literal" and after.value == ":":
            index += 2  # a pseudo-element: its element is what must be on the page
        elif after.type == "function" and after.lower_name in ("is", "where"):
            index += 1
            out += [token, FunctionBlock(0, 0, after.name, generous(after.arguments, toggled))]
        else:
            index += 1
            static = (
                after.lower_name if after.type == "function" else getattr(after, "lower_value", "")
            ) in STATIC
            out += [token, after] if static else ALWAYS
    while out and out[-1].type == "whitespace":
        out.pop()
    return out or tinycss2.parse_component_value_list("*")


def selector_names(tokens: list) -> frozenset[str]:
    """Classes (`.x`), ids (`#x`), tags and `[attr=value]`s a selector's tokens need outside any function."""
    found = set()
    for before, token in zip([None, *tokens], tokens, strict=False):
        after = before.value if before is not None and before.type == "literal" else " "
        if token.type == "hash":
            found.add("#" + token.value)
        elif token.type == "ident" and after in ".>+~ ":  # a class after ".", else a tag (not a pseudo-class)
            found.add("." + token.value if after == "." else token.lower_value)
        elif token.type == "[] block" and _attribute(token):
            found.add(_attribute(token))
    return frozenset(found)


def attribute_names(tokens: list) -> frozenset[str]:
    """Attributes a selector's elements must have: each `[name]`, `[name=value]`, `[name^=value]` ... outside
    any function, by its lower-case name, the way cssselect2 looks it up in an HTML page (a namespaced
    `[ns|name]` needs nothing here)."""
    found = set()
    for token in tokens:
        if token.type != "[] block":
            continue
        parts = [part for part in token.content if part.type != "whitespace"] + [None]
        operator = parts[1] is None or (parts[1].type == "literal" and parts[1].value in OPERATORS)
        if parts[0] is not None and parts[0].type == "ident" and operator:
            found.add(parts[0].lower_value)
    return frozenset(found)


def _attribute(block: tinycss2.ast.SquareBracketsBlock) -> str:
    """`[name=value]` for an attribute selector with `=`, else ""."""
    parts = [token for token in block.content if token.type != "whitespace"]
    if len(parts) == 3 and parts[1].type == "literal" and parts[1].value == "=":
        return f"[{tinycss2.serialize([parts[0]])}={parts[2].value}]"
    return ""


@dataclass(frozen=True)
class Page:
    selectors: frozenset[int]  # the sheet's selectors that match
    names: frozenset[str]  # every class, id, tag and `[attr=value]` in the page (see selector_names)
    variables: frozenset[str]  # custom properties read by the page's own `style`s


def read_page(sheet: Sheet, html: str) -> Page:
    """Which selectors of `sheet` can match `html`, and the names the page holds."""
    digest = hashlib.blake2b(html.encode(), digest_size=16).digest()
    known = sheet.pages.get(digest)
    if known is not None:
        selectors, names, variables = known
        return Page(selectors, frozenset(zlib.decompress(names).decode().split("\0")), variables)
    page = _match(sheet, html)
    if len(sheet.pages) >= PAGES_KEPT:
        del sheet.pages[next(iter(sheet.pages))]  # the oldest
    if len(sheet.shared) >= PAGES_KEPT:
        sheet.shared.clear()
    # Kept small: pages share their results (one copy of each), and their names compress well (an HTML
    # parser turns a NUL in a value into U+FFFD, so NUL separates them).
    selectors = sheet.shared.setdefault(page.selectors, page.selectors)
    variables = sheet.shared.setdefault(page.variables, page.variables)
    sheet.pages[digest] = selectors, zlib.compress("\0".join(page.names).encode(), 1), variables
    return page


def _match(sheet: Sheet, html: str) -> Page:
    document = LexborHTMLParser(html).root
    held: set[tuple[str, str]] = set()  # every attribute (name, value) of the page
    names: set[str] = set()  # see Page.names
    root = _element(document, held, names) if document is not None else ET.Element("html")
    names.update(f"[{key}={value}]" for key, value in held)
    names.update("." + name for key, value in held if key == "class" for name in value.split())
    attributes = {key for key, _ in held}
    # What the page's own scripts name may become a class of <html> (`rj-deferred`, until the theme's run).
    code = " ".join(s.text or "" for s in root.iter("script") if "json" not in s.get("type", ""))
    words = sorted(set(WORD.findall(code)))
    root.set("class", " ".join([root.get("class", ""), *words]))
    names.update("." + word for word in words)
    attributes.add("class")
    absent, candidates = _plan(sheet, names, attributes)
    elements = list(cssselect2.ElementWrapper.from_html_root(root).iter_subtree())
    # First, each selector found on an earlier page is tried on the first element here that looks like
    # (same tag and classes) the one it matched there: pages share most of their markup.
    wanted: dict[Signature, list[int]] = {}
    for index, signature in sheet.witnesses.items():
        if index not in absent:
            wanted.setdefault(signature, []).append(index)
    matched: set[int] = set()
    for element in elements if wanted else ():
        tried = wanted.pop(_signature(element), ())
        matched.update(i for i in tried if any(test(element) for test in sheet.by_index[i]))
    # Then every other selector that could match, on the elements its id, class or tag names.
    tests = {key: [pair for pair in pairs if pair[1] not in matched] for key, pairs in candidates.items()}
    for element in elements:
        tree = element.etree_element
        # The keys cssselect2 files its selectors under (its `id`, `classes` and `local_name`).
        for key in (
            f"#{tree.get('id')}",
            *(f".{name}" for name in CLASSES.findall(tree.get("class", ""))),
            tree.tag.lower(),
            "",
        ):
            pairs = tests.get(key)
            if pairs is None:
                continue
            found = {index for test, index in pairs if test(element)}
            if found:  # a selector found is not tried again
                matched |= found
                tests[key] = [pair for pair in pairs if pair[1] not in found]
                sheet.witnesses.update(dict.fromkeys(found, _signature(element)))
    variables = set(VAR.findall(" ".join(style.text or "" for style in root.iter("style"))))
    variables.update(name for element in root.iter() for name in VAR.findall(element.get("style", "")))
    return Page(frozenset(matched), frozenset(names), frozenset(variables))


def _signature(element: cssselect2.ElementWrapper) -> Signature:
    return element.etree_element.tag, element.etree_element.get("class")


def _plan(sheet: Sheet, names: set[str], attributes: set[str]) -> Plan:
    """The selectors that cannot match a page with these names and attributes (a selector naming a class,
    id, tag or attribute the page lacks is not even tried), and the tests of the others, compiled. Pages
    mostly hold the same of the names the sheet's selectors need, so this is worked out once for them."""
    key = frozenset(names.intersection(sheet.needing)), frozenset(attributes.intersection(sheet.attributes))
    plan = sheet.plans.get(key)
    if plan is None:
        absent = set().union(*(sheet.needing[name] for name in sheet.needing.keys() - key[0] - sheet.toggled))
        absent = absent.union(*(sheet.attributes[name] for name in sheet.attributes.keys() - key[1]))
        for index in sorted(set(range(len(sheet.names))) - absent - sheet.compiled):
            _compile(sheet, index)
        tests = {key: [pair for pair in pairs if pair[1] not in absent] for key, pairs in sheet.tests.items()}
        plan = frozenset(absent), {key: pairs for key, pairs in tests.items() if pairs}
        if len(sheet.plans) >= PLANS_KEPT:
            del sheet.plans[next(iter(sheet.plans))]  # the oldest
        sheet.plans[key] = plan
    return plan


def _element(node: LexborNode, pairs: set[tuple[str, str]], tags: set[str]) -> ET.Element:
    """The page as an ElementTree for cssselect2, without its text (but that of styles and scripts); the
    attribute (name, value) pairs of its elements go into `pairs`, and their tags and `#id`s into `tags`."""
    values = {key: value or "" for key, value in node.attributes.items()}
    tag = node.tag or ""
    if tag == "details":
        values["open"] = ""  # the visitor opens it
    pairs.update(values.items())
    tags.update((tag, "#" + values.get("id", "")))
    element = ET.Element(tag, values)
    element.text = node.text(deep=False) if tag in ("style", "script") else None
    element.extend(
        _element(child, pairs, tags) for child in node.iter() if child.tag and child.tag[0].isalpha()
    )
    return element


def site_selectors(sheet: Sheet, matched: set[int], names: set[str], script_words: set[str]) -> set[int]:
    """Selectors for the full stylesheet: those `matched` on a page, and those naming only what the site's
    pages (`names`, as in `Page.names`) or scripts contain (search results, tooltips, states ...)."""
    present = names | {
        name for needs in sheet.names for name in needs if set(WORD.findall(name)) <= script_words
    }
    return matched | {i for i, needs in enumerate(sheet.names) if needs <= present}


def naming(sheet: Sheet, markers: tuple[str, ...]) -> frozenset[int]:
    """The selectors whose text names one of `markers` (as written in minified CSS, `.md-top` or
    `[data-md-toggle=search]:checked`), not as the start of a longer name (`.md-top` is not `.md-topic`)."""
    if not markers:
        return frozenset()
    found = re.compile("|".join(re.escape(marker) + r"(?![\w-])" for marker in markers))
    return frozenset(index for index, text in enumerate(sheet.selectors) if found.search(text))


def serialise(sheet: Sheet, keep: Set[int], variables: Set[str] = frozenset()) -> str:
    """The rules with a selector in `keep`, with only those selectors, the custom properties they (or
    `variables`) read and the @keyframes/@font-face they name; in the sheet's order, minified."""
    kept = [
        (rule, [index for index in rule.selectors if index in keep])
        for rule in sheet.rules
        if rule.text or any(index in keep for index in rule.selectors)
    ]
    defines: dict[str, list[str]] = {}
    used = set(variables)
    for rule, _ in kept:
        used.update(VAR.findall(rule.text))
        for name, value in rule.declarations:
            if name.startswith("--"):
                defines.setdefault(name, []).append(value)
            else:
                used.update(VAR.findall(value))
    pending = list(used)
    while pending:
        for name in (name for value in defines.get(pending.pop(), []) for name in VAR.findall(value)):
            if name not in used:
                used.add(name)
                pending.append(name)
    bodies = [
        (rule, selectors, ";".join(f"{n}:{v}" for n, v in rule.declarations if n[:2] != "--" or n in used))
        for rule, selectors in kept
    ]
    named = " ".join(body for _, _, body in bodies)
    out: list[str] = []
    wrappers: tuple[str, ...] = ()
    for rule, selectors, body in bodies:
        if (rule.needs and rule.needs not in named) or (not rule.text and not body):
            continue
        if rule.wrappers != wrappers:  # the minifier merges blocks that close and reopen alike
            out.append("}" * len(wrappers) + "".join(wrapper + "{" for wrapper in rule.wrappers))
        out.append(rule.text or ",".join(sheet.selectors[i] for i in selectors) + "{" + body + "}")
        wrappers = rule.wrappers
    return minify("".join(out) + "}" * len(wrappers))


def minify(css: str) -> str:
    return minify_html.minify(f"<style>{css}</style>", minify_css=True)[len("<style>") : -len("</style>")]
