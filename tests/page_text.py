"""Helpers for tests that change a page: read a real page and rewrite keys of its front matter."""

from __future__ import annotations

from conftest import ROOT, site_config
from mkdocs.utils.yaml import yaml_load

__all__ = ["doc", "meta", "page", "site_config", "source_of", "with_front_matter"]


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


def meta(name: str) -> dict:
    """The front matter of a real page in docs/, as MkDocs reads it."""
    _, head, _ = doc(name).split("---\n", 2)
    return yaml_load(head) or {}


def source_of(path: str) -> str:
    """The Markdown file in docs/ of a built page's URL path (`""`: index.md, `"faq/"`: faq.md, and in
    another language `"es/"`: index.es.md, `"es/faq/"`: faq.es.md)."""
    language, _, rest = path.partition("/")
    if language in (site_config()["extra"].get("languages") or {}):
        return (rest.rstrip("/") or "index") + f".{language}.md"
    return path.rstrip("/") + ".md" if path else "index.md"
