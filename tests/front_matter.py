"""Helpers for tests that change a page: read a real page and rewrite keys of its front matter."""

from __future__ import annotations

from conftest import ROOT, site_config

__all__ = ["doc", "page", "site_config", "with_front_matter"]


def doc(name: str) -> str:
    """The text of a real page in docs/."""
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def with_front_matter(text: str, **changes: str | None) -> str:
    """`text` with front-matter keys set to a YAML value (written as given) or removed (None)."""
    _, head, body = text.split("---\n", 2)
    lines = [line for line in head.splitlines() if line.split(":", 1)[0] not in changes]
    lines += [f"{key}: {value}" for key, value in changes.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def page(front_matter: str, body: str) -> str:
    """A new page's text from its front matter lines and its Markdown."""
    return f"---\n{front_matter.strip()}\n---\n\n{body.strip()}\n"
