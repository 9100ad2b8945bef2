"""Synthetic sites for the build benchmarks: N generated pages built with the project's real configuration.

A synthetic project is a folder holding copies of the real mkdocs.yml, overrides/ and hooks/ (so whatever
hooks and templates the project has are measured), a generated docs/, and two small configuration files
merged over mkdocs.yml through MkDocs' INHERIT: one with the project's hooks, one with `hooks: []`.

Every generated page looks like a real article: front matter with a description and the review metadata
(`reviewed_by`, `last_reviewed`, `references`, copied from a real page when one has them), sections,
links to other pages, the booking marker `<!-- booking-cta -->`, and a "Frequently asked questions"
section whose H3 questions are unique across the site. The pages the footer links to (`not_in_nav`) get
short stand-ins under their real names, so templates and hooks that link to them find them. The menu
holds the home page and 8 pages, as the real one does; the home page links to every page.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import yaml
from benchlib import ROOT
from mkdocs.utils import yaml_load

from dev import PROJECT_PARTS, copy_project

WITH_HOOKS = "mkdocs.bench.yml"
WITHOUT_HOOKS = "mkdocs.nohooks.yml"
REVIEW_KEYS = ("reviewed_by", "last_reviewed", "references")
# Used only when no real page carries review metadata yet.
FALLBACK_REVIEW = {"last_reviewed": dt.date(2026, 1, 15), "references": []}
FILLER = (
    "clinic visit plan comfort team schedule question answer room chair nurse staff arrive rest calm quiet "
    "light blanket water snack ride home family friend note form check time day week morning afternoon "
    "evening support guide talk listen share update follow review list step simple clear short long"
)
WORDS = FILLER.split()
# Pages in the menu besides the home page, as in the real mkdocs.yml.
NAV_SIZE = 8
SECTIONS = ("Before you arrive", "On the day", "Afterwards", "Planning ahead")


def make_project(dest: Path, pages: int, *, full_nav: bool = False) -> tuple[Path, Path]:
    """Create a synthetic project of `pages` pages in `dest`; return its two configuration files."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    # The real configuration, theme and hooks; the pages are generated below.
    copy_project(dest, tuple(part for part in PROJECT_PARTS if part != "docs"))
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    docs = dest / "docs"
    copy_data_files(ROOT / config.get("docs_dir", "docs"), docs)
    review = review_metadata(ROOT / config.get("docs_dir", "docs"), config)
    footer = footer_pages(config)
    topics = max(pages - len(footer) - 1, 1)
    names = [topic_name(index) for index in range(topics)]
    (docs / "index.md").write_text(home_page(names), encoding="utf-8")
    for index, name in enumerate(names):
        text = topic_page(index, names, review)
        (docs / name).write_text(text, encoding="utf-8")
    for name in footer:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(footer_page(name), encoding="utf-8")
    overlay: dict[str, Any] = {"INHERIT": "mkdocs.yml", **navigation(names, config, full_nav=full_nav)}
    extra = config.get("extra", {})
    overlay["extra"] = {}
    if "therapy" in extra:
        # The structured data links the therapy to a page that must exist: the first generated one.
        overlay["extra"]["therapy"] = {"page": names[0]}
    if "crisis_help" in extra:
        # Pages that always show crisis help: the home page and a generated page stand in for the FAQ.
        overlay["extra"]["crisis_help"] = {"pages": ["index.md", names[0]]}
    if "readability" in extra:
        # Filler words have no reading level worth a limit: the check still runs on every page, and passes.
        overlay["extra"]["readability"] = {
            language: {**limits, "max_grade": 1000, "min_score": -1000}
            for language, limits in extra["readability"].items()
        }
    if plugins := english_only(config.get("plugins") or []):
        # The benchmark measures the hooks per page, on generated English pages that have no translation:
        # the site is built in its main language only. What a second language costs is measured separately
        # (the bilingual build's ratio, README).
        overlay["plugins"] = plugins
    with_hooks = dest / WITH_HOOKS
    without_hooks = dest / WITHOUT_HOOKS
    # JSON is valid YAML; INHERIT deep-merges it over the real mkdocs.yml (lists are replaced).
    with_hooks.write_text(json.dumps(overlay), encoding="utf-8")
    without_hooks.write_text(json.dumps({**overlay, "hooks": []}), encoding="utf-8")
    return with_hooks, without_hooks


def english_only(plugins: list[Any]) -> list[Any]:
    """The plugins of mkdocs.yml with the i18n plugin building the main language only; `[]` without it."""
    result = copy.deepcopy(plugins)
    found = False
    for plugin in result:
        if isinstance(plugin, dict) and "i18n" in plugin:
            found = True
            for language in plugin["i18n"].get("languages") or []:
                language["build"] = bool(language.get("default"))
    return result if found else []


def navigation(names: list[str], config: dict[str, Any], *, full_nav: bool) -> dict[str, Any]:
    """The menu: like the real site's (home and NAV_SIZE pages), or, with `full_nav`, every page.

    Material renders the whole menu into every page, so a menu of N pages makes the build O(N^2); a
    growing site keeps its menu short and reaches the other pages through links (here: from the home page).
    """
    shown = names if full_nav else names[:NAV_SIZE]
    nav = [{"Home": "index.md"}, *({page_title(i): name} for i, name in enumerate(shown))]
    hidden = str(config.get("not_in_nav") or "").strip()
    return {"nav": nav, "not_in_nav": f"{hidden}\n/topic-*.md".strip()}


def page_count(docs: Path) -> int:
    return sum(1 for _ in docs.rglob("*.md"))


def copy_data_files(real_docs: Path, docs: Path) -> None:
    """Copy the real docs' non-Markdown files (images, data a hook may read) so the build finds them."""
    docs.mkdir(parents=True, exist_ok=True)
    for file in real_docs.rglob("*"):
        if file.is_file() and file.suffix != ".md":
            target = docs / file.relative_to(real_docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)


def review_metadata(real_docs: Path, config: dict[str, Any]) -> dict[str, Any]:
    """Review front matter that the project's checks accept: taken from the real pages where possible."""
    found: dict[str, Any] = {}
    for file in sorted(real_docs.rglob("*.md")):
        meta = front_matter(file.read_text(encoding="utf-8"))
        for key in REVIEW_KEYS:
            if key in meta and key not in found:
                found[key] = meta[key]
    if "reviewed_by" not in found:
        reviewers = (config.get("extra") or {}).get("reviewers") or {}
        found["reviewed_by"] = next(iter(reviewers), "bench-reviewer")
    for key, value in FALLBACK_REVIEW.items():
        found.setdefault(key, value)
    return found


def front_matter(text: str) -> dict[str, Any]:
    if not text.startswith("---\n"):
        return {}
    block = text[4:].split("\n---", 1)[0]
    loaded = yaml.safe_load(block)
    return loaded if isinstance(loaded, dict) else {}


def footer_pages(config: dict[str, Any]) -> list[str]:
    """The Markdown files named in `not_in_nav` (one gitignore-style pattern a line)."""
    lines = str(config.get("not_in_nav") or "").splitlines()
    return [line.strip().lstrip("/") for line in lines if line.strip().endswith(".md") and "*" not in line]


def topic_name(index: int) -> str:
    return f"topic-{index:04d}.md"


def page_title(index: int) -> str:
    return f"Visit guide {index:04d}"


def words(seed: int, count: int) -> str:
    """Deterministic filler text: `count` plain words chosen from `seed`."""
    return " ".join(WORDS[(seed * 7 + i * 13 + i * i) % len(WORDS)] for i in range(count))


def sentence(seed: int, count: int = 14) -> str:
    text = words(seed, count)
    return text[0].upper() + text[1:] + "."


def paragraph(seed: int) -> str:
    return " ".join(sentence(seed * 5 + i) for i in range(4))


def home_page(names: list[str]) -> str:
    links = "\n".join(f"- [{page_title(i)}]({name})" for i, name in enumerate(names))
    return (
        "---\ntitle: Synthetic benchmark home\n"
        "description: The home page of a generated site used to measure how long the build takes as pages "
        "are added.\n---\n\n# Synthetic benchmark home\n\n"
        f"{paragraph(1)}\n\n## Pages\n\n{links}\n\n<!-- booking-cta -->\n"
    )


def topic_page(index: int, names: list[str], review: dict[str, Any]) -> str:
    """One generated article: front matter, sections, links, the booking marker and unique FAQs."""
    title = page_title(index)
    meta = {
        "title": title,
        "description": f"Generated page {index:04d} of the build benchmark, about {words(index, 8)}.",
        **review,
    }
    other = names[(index + 1) % len(names)]
    body = [f"# {title}", "", paragraph(index), ""]
    for number, section in enumerate(SECTIONS):
        body += [f"## {section}", "", paragraph(index * 11 + number), ""]
        body += [f"- {sentence(index + number + k, 8)}" for k in range(3)] + [""]
        if number == 1:
            body += ["<!-- booking-cta -->", ""]
    body += [
        f"See [{page_title((index + 1) % len(names))}]({other}#on-the-day) for the next step.",
        "",
        "## Frequently asked questions",
        "",
    ]
    for question in range(3):
        body += [f"### {faq_question(index, question)}", "", paragraph(index * 3 + question + 7), ""]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n\n" + "\n".join(body)


def faq_question(index: int, question: int) -> str:
    """A question unique to this page and position, as structured-data tools require."""
    return f"What should I know about visit guide {index:04d}, part {question + 1}?"


def footer_page(name: str) -> str:
    stem = Path(name).stem.replace("-", " ")
    return (
        f"---\ntitle: {stem.capitalize()}\n"
        f"description: The {stem} page of the generated benchmark site, standing in for the real page of "
        "that name.\n---\n\n"
        f"# {stem.capitalize()}\n\n{paragraph(len(name))}\n"
    )
