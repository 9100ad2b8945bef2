"""Valid HTML: the two corrections Material's markup needs for the Nu Html Checker to report no error.

- `autocomplete` on an `<input>` whose type does not take it: Material writes `autocomplete="off"` on its
  drawer and search toggles (checkboxes). HTML allows the attribute on text-like inputs only.
- `<label for="...">` naming no element of the page: Material's table-of-contents title says
  `for="__toc"`, but the `__toc` checkbox is written only by the navigation entry of the current page, so a
  page outside `nav:` has a label pointing at nothing. Without `for` the label names no control, as it
  then effectively does; the theme's styles key on `[for=__toc]` only inside the navigation, where the
  checkbox exists.

Both are string edits of the tags concerned, the rest of the page byte for byte as it was: nothing inside a
`<script>`, `<style>`, `<textarea>` or comment is touched, so the JSON-LD and the inline scripts whose
hashes the Content-Security-Policy lists stay exactly as written.
"""

from __future__ import annotations

import re
from html import unescape

# The input types that take `autocomplete` (HTML Living Standard, "the input element", attribute table).
AUTOCOMPLETE_TYPES = frozenset(
    {
        "hidden", "text", "search", "url", "tel", "email", "password", "date", "month", "week", "time",
        "datetime-local", "number", "range", "color",
    }
)  # fmt: skip
# Raw text (script, style, textarea, title) and comments: never rewritten.
SKIPPED = re.compile(
    r"<!--.*?-->|<(script|style|textarea|title)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
QUOTED_TAG = r"(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
TAG = re.compile(r"<(input|label)\b" + QUOTED_TAG, re.IGNORECASE)
START_TAG = re.compile(r"<[a-zA-Z]" + QUOTED_TAG)
ATTRIBUTE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def attributes(tag: str) -> list[tuple[str, str | None, re.Match[str]]]:
    """The attributes of one start tag, in order: lower-case name, value (entities decoded), and the match
    that spans the attribute with the spaces before it."""
    name_end = re.match(r"<[^\s/>]+", tag)
    position = name_end.end() if name_end else 0
    found = []
    while match := ATTRIBUTE.match(tag, position):
        value = next((group for group in match.groups()[1:] if group is not None), None)
        found.append((match.group(1).lower(), None if value is None else unescape(value), match))
        position = match.end()
    return found


def without(tag: str, name: str) -> str:
    """`tag` without its (first) attribute `name`, the rest exactly as written."""
    for found, _, match in attributes(tag):
        if found == name:
            return tag[: match.start()] + tag[match.end() :]
    return tag


def segments(html: str) -> list[str]:
    """The page cut around raw text and comments: markup at even positions, the parts left alone at odd."""
    parts: list[str] = []
    start = 0
    for match in SKIPPED.finditer(html):
        parts += [html[start : match.start()], match.group(0)]
        start = match.end()
    parts.append(html[start:])
    return parts


def element_ids(markup: list[str]) -> set[str]:
    """Every `id` written in these parts of a page."""
    return {
        value or ""
        for part in markup
        for tag in START_TAG.findall(part)
        for name, value, _ in attributes(tag)
        if name == "id"
    }


def valid_html(html: str) -> str:
    """`html` with `autocomplete` removed where the input type does not take it, and `for` removed from
    labels naming no element of the page. Everything else is returned as it was."""
    parts = segments(html)
    ids: list[set[str]] = []  # read once per page, when a label needs them

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        found: dict[str, str | None] = {}
        for name, value, _ in attributes(tag):
            found.setdefault(name, value)  # the first of a repeated attribute counts, as in a browser
        if match.group(1).lower() == "input":
            kind = (found.get("type") or "text").strip().lower()
            if "autocomplete" in found and kind not in AUTOCOMPLETE_TYPES:
                return without(tag, "autocomplete")
        elif "for" in found:
            ids[:] = ids or [element_ids(parts[::2])]
            if (found["for"] or "") not in ids[0]:
                return without(tag, "for")
        return tag

    return "".join(part if index % 2 else TAG.sub(fix, part) for index, part in enumerate(parts))


# Material's script that opens the content tab a link points at (partials/javascripts/content.html, written
# on every page): on a page without tabs (pymdownx.tabbed's `__tabbed_` inputs) it has nothing to do, and
# its hash costs the page's Content-Security-Policy 55 bytes no compression saves.
TAB_SCRIPT = re.compile(r"<script>[^<]*\"__tabbed_\"[^<]*</script>")


def without_idle_tab_script(html: str) -> str:
    """`html` without Material's tab script when the page has no content tabs."""
    scripts = TAB_SCRIPT.findall(html)
    if not scripts or html.count("__tabbed_") > len(scripts):
        return html
    return TAB_SCRIPT.sub("", html)
