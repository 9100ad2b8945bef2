"""The Content-Security-Policy of one page, as a `<meta http-equiv>` placed first in its `<head>`.

Scripts: the site's own files ('self') and the SHA-256 of each inline script the page runs, including those
the deferred loader (partials/rj-defer.html) copies out of a `<template>`: it creates them with textContent,
and the browser checks a created inline script against the policy like any other. No 'unsafe-inline'.
Styles: 'self' 'unsafe-inline'. The performance hook writes each page's inline <style> after this policy is
made (on_post_build runs after on_post_page), so its hash cannot be known here; Material also sets style
attributes. Inline CSS cannot run code, and with every fetch limited to this site by the other directives it
cannot send anything away either.
Images: 'self' and data:, for the SVG icons Material's stylesheet carries as data: URLs.
"""

from __future__ import annotations

import base64
import hashlib
import re

FIXED = {
    "default-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    # Material's search fetches its index and runs a worker from the site.
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)


def script_hash(text: str) -> str:
    """The CSP source for an inline script: 'sha256-<base64>' of its text as UTF-8, exactly as written."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(inline_scripts: list[str], *, extra_sources: dict[str, list[str]] | None = None) -> str:
    """The policy for a page running these inline scripts; `extra_sources` adds sources to a directive."""
    directives = {name: list(values) for name, values in FIXED.items()}
    hashes = list(dict.fromkeys(script_hash(text) for text in inline_scripts))
    directives["script-src"] = ["'self'", *hashes]
    for name, sources in (extra_sources or {}).items():
        current = [s for s in directives.setdefault(name, ["'self'"]) if s != "'none'"]
        directives[name] = list(dict.fromkeys([*current, *sources]))
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def with_policy(html: str, content: str) -> str:
    """`html` with the policy as the first element of its <head> (unchanged if it has no <head>)."""
    match = HEAD.search(html)
    if not match:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return html[: match.end()] + tag + html[match.end() :]


# The directive that governs a fetch by each element, for a host an allow-list entry lets a page use.
DIRECTIVES = {
    "script": "script-src",
    "link": "style-src",
    "style": "style-src",
    "iframe": "frame-src",
    "frame": "frame-src",
    "video": "media-src",
    "audio": "media-src",
    "source": "media-src",
    "track": "media-src",
    "form": "form-action",
    "object": "object-src",
    "embed": "object-src",
}


def directive_for(tag: str) -> str:
    """The CSP directive under which an element fetches from its address (images by default)."""
    return DIRECTIVES.get(tag, "img-src")
