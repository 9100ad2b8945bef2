"""Whole pages minified: the white space, quotes and default attributes the theme's templates write cost
each page about 0.7-0.8 KB of gzip, about 5% (measured 2026-12-02 on the FAQ, home and who-can-benefit).

minify-html (a maintained, spec-following minifier) rewrites the markup only: closing tags and the
`<html>`/`<head>` start tags are kept (tests and tools may look for them; keeping them costs ~50 bytes),
attribute values are left unquoted only where the HTML standard allows it, and `<style>` is not
minified again (rj/css.py has minified it). Every `<script>` keeps its text byte for byte: the inline
scripts are hashed into the Content-Security-Policy before this runs, and the JSON-LD is what crawlers
read. minify-html would trim white space at a script's ends, so each script's text is set aside under a
placeholder while the page is minified, and put back after.
"""

from __future__ import annotations

import re
import secrets

import minify_html

# A script element's text, up to the first `</script`, as the HTML parser ends it.
SCRIPT = re.compile(r"(<script\b[^>]*>)(.*?)(</script\s*>)", re.DOTALL | re.IGNORECASE)


def minify_page(html: str) -> str:
    """`html` minified, the text of every script exactly as it was."""
    mark = f"rj-script-{secrets.token_hex(8)}-"
    while mark in html:  # cannot happen in practice; but a page quoting the mark must not lose text
        mark = f"rj-script-{secrets.token_hex(8)}-"
    scripts: list[str] = []

    def set_aside(match: re.Match[str]) -> str:
        scripts.append(match.group(2))
        return f"{match.group(1)}{mark}{len(scripts) - 1}.{match.group(3)}"

    out = minify_html.minify(
        SCRIPT.sub(set_aside, html),
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        minify_css=False,
        minify_js=False,
    )
    return re.sub(re.escape(mark) + r"(\d+)\.", lambda match: scripts[int(match.group(1))], out)
