"""Shared fixtures: build the real site (once per session) or a changed copy of it, and read the HTML."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.utils.yaml import yaml_load
from selectolax.lexbor import LexborHTMLParser

from dev import copy_project

ROOT = Path(__file__).resolve().parents[1]
# The sections of the clinic's article, one page each, in navigation order (issue 2; issue 13 added two). All
# but the Book page are medical pages (they cite references and carry a medical review).
ARTICLE_PAGES = [
    "",
    "what-is-ketamine-infusion-therapy/",
    "how-ketamine-works/",
    "how-well-it-works/",
    "who-can-benefit/",
    "during-an-infusion/",
    "side-effects/",
    "cost-and-alternatives/",
    "faq/",
    "book/",
]
MEDICAL_PAGES = ARTICLE_PAGES[:-1]
# A fixed build time, so dates derived from it (review dates, sitemap) are the same on every run.
SOURCE_DATE_EPOCH = "1795000000"  # 2026-11-18


@functools.cache
def site_config() -> dict:
    """The real mkdocs.yml, as MkDocs reads it (!ENV tags resolved to their defaults). Do not modify it."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        return yaml_load(file)


@dataclass
class Build:
    """The outcome of one `mkdocs build --strict`: its exit code, its log, and the site it wrote."""

    returncode: int
    log: str
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def html(self, path: str) -> LexborHTMLParser:
        """Parse a built page, by its URL path (`""`, `"faq/"`, `"404.html"`)."""
        file = self.site / path
        if path == "" or path.endswith("/"):
            file = file / "index.html"
        return LexborHTMLParser(file.read_text(encoding="utf-8"))

    def pages(self) -> list[str]:
        """URL paths of every HTML page in the site."""
        found = []
        for file in sorted(self.site.rglob("*.html")):
            rel = file.relative_to(self.site).as_posix()
            found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return found


def run_build(
    project: Path,
    *,
    config: dict | None = None,
    env: dict[str, str] | None = None,
    site: Path | None = None,
) -> Build:
    """Build `project` strictly; `config` is merged over its mkdocs.yml through MkDocs' INHERIT."""
    config_file = project / "mkdocs.yml"
    if config:
        config_file = project / "mkdocs.test.yml"
        # JSON is valid YAML, and INHERIT deep-merges these keys into the real configuration.
        config_file.write_text(json.dumps({"INHERIT": "mkdocs.yml", **config}), encoding="utf-8")
    site = site or project / "site"
    full_env = {
        **{k: v for k, v in os.environ.items() if k not in ("SITE_ENV", "SITE_URL", "EDIT_URI")},
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        **(env or {}),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--clean",
            "-f",
            str(config_file),
            "-d",
            str(site),
        ],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once for the whole session exactly as `mkdocs build --strict` builds it."""
    build = run_build(ROOT, site=tmp_path_factory.mktemp("site"))
    assert build.ok, f"the site does not build:\n{build.log}"
    return build


BuildChanged = Callable[..., Build]


@pytest.fixture
def build_changed(tmp_path: Path) -> Iterator[BuildChanged]:
    """Build a copy of the project with some files replaced and some configuration merged in.

    `build_changed(files={"docs/faq.md": "..."}, config={"extra": {...}}, env={"SITE_ENV": "production"})`
    A file's text of None deletes it.
    """

    count = 0

    def build(
        *,
        files: dict[str, str | None] | None = None,
        config: dict | None = None,
        env: dict[str, str] | None = None,
    ) -> Build:
        nonlocal count
        count += 1
        project = copy_project(tmp_path / f"project-{count}")
        for name, text in (files or {}).items():
            target = project / name
            if text is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return run_build(project, config=config, env=env)

    yield build


@pytest.fixture
def production_config() -> dict:
    """Configuration merged over mkdocs.yml so that a production build has no placeholder left.

    The phone number is from Ofcom's range reserved for drama (+44 20 7946 0xxx): it parses as a real
    number yet belongs to nobody. The reviewer is as fictional; it only stops being marked a placeholder.
    Nothing here is the clinic's real data.
    """
    return {
        "site_url": "https://www.clinic.test/",
        "extra": {
            "clinic": {
                "placeholders": [],
                "phone": "+44 20 7946 0018",
                "booking_url": "https://booking.clinic.test/book",
            },
            "reviewers": {
                "clinical-lead": {"placeholder": False, "name": "Test Reviewer", "credentials": "MD"}
            },
        },
    }
