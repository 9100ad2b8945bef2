"""Addresses: which booking links are allowed, and a page's address inside the site."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit


def check_booking_url(url: str) -> str | None:
    """What is wrong with a booking link (None: an https:// address or a page of this site)."""
    parts = urlsplit(url)
    if re.search(r"\s", url) or url.startswith("//"):
        return f'"{url}" is not a web address'
    if parts.scheme == "https" and parts.netloc:
        return None
    if not parts.scheme and not parts.netloc and url:
        return None  # a page of this site, such as `book.md`
    return f'"{url}" is not allowed: only https:// addresses or pages of this site are'


def site_path(url: str, *, use_directory_urls: bool = True) -> str:
    """The site-relative address of a link naming a page of this site (`book.md`: `book/`), else ""."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return ""
    path = parts.path.lstrip("/")  # `/book/` means this site's page even when the site lives in a sub-folder
    if path.endswith(".md"):
        stem = path[: -len(".md")]
        if not use_directory_urls:
            path = stem + ".html"
        elif stem == "index" or stem.endswith("/index"):
            path = stem[: -len("index")]
        else:
            path = stem + "/"
    path = path or "./"
    return (
        path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    )


def is_page_of(path: str, page_urls: list[str]) -> bool:
    """True when the site-relative `path` (query and fragment aside) is one of the site's page addresses."""
    bare = re.split(r"[?#]", path, maxsplit=1)[0]
    return (bare if bare != "./" else "") in page_urls


def absolute(site_url: str, path_or_url: str) -> str:
    """A site-relative path made absolute against the site's address; a full address stays as it is."""
    return urljoin(site_url.rstrip("/") + "/", path_or_url)


def is_example_host(host: str) -> bool:
    """Domains reserved for examples (RFC 2606): never a real booking system or public address."""
    return bool(re.search(r"(^|\.)example(\.com|\.org|\.net)?$", host))


def is_fictional_phone(e164: str) -> bool:
    """True for North American 555-0100 to 555-0199, the numbers set aside for fiction."""
    return e164.startswith("+1") and len(e164) == 12 and e164[5:10] == "55501"


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""
