"""Shared fixtures: build the real site (once per session) or a changed copy of it, and read the HTML."""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import logging
import os
import subprocess
import sys
import traceback
import unittest.mock
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import mkdocs.commands.build
import mkdocs.config
import mkdocs.theme
import mkdocs.utils
import pytest
from jinja2.bccache import Bucket
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.utils.yaml import yaml_load
from rj.i18n import language_extra
from selectolax.lexbor import LexborHTMLParser, LexborNode

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


def extra_in(language: str) -> dict:
    """`extra` of mkdocs.yml as the pages of `language` read it: the language's words
    (`extra.languages.<code>.overrides`) merged over the shared facts; the main language reads it as is."""
    return language_extra(site_config()["extra"], language)


def built_languages() -> list[str]:
    """The languages other than the main one that mkdocs.yml builds (the i18n plugin's `build: true`)."""
    codes = []
    for plugin in site_config()["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                if language.get("build", True) and not language.get("default"):
                    codes.append(language["locale"])
    return codes


def twins(paths: set[str] | list[str]) -> set[str]:
    """English page paths and, for each other language built, the path of their translation (`es/faq/`),
    unless mkdocs.yml lists the page under `extra.languages.<code>.untranslated`."""
    languages = site_config()["extra"].get("languages") or {}
    found = set(paths)
    for code in built_languages():
        untranslated = {item["page"] for item in languages[code].get("untranslated") or []}
        for path in paths:
            name = "index.md" if path == "" else path.rstrip("/") + ".md"
            if name not in untranslated:
                found.add(f"{code}/{path}")
    return found


@functools.cache
def template_words(language: str) -> dict[str, dict[str, str]]:
    """The words the templates show in `language`: `overrides/partials/rj-words/<language>.html`."""
    text = (ROOT / "overrides" / "partials" / "rj-words" / f"{language}.html").read_text(encoding="utf-8")
    words: dict[str, dict[str, str]] = jinja2.Environment().from_string(text).module.words  # type: ignore[attr-defined]
    return words


T = TypeVar("T")


def needed(value: T | None, what: str) -> T:
    """`value`, or the test fails saying `what` is missing (a node's parent, an attribute, a regex match)."""
    if value is None:
        pytest.fail(f"missing: {what}")
    return value


def element_sibling(node: LexborNode, way: str) -> LexborNode | None:
    """The element just before (`way="prev"`) or after (`"next"`) `node`, past any white space."""
    sibling = getattr(node, way)
    while sibling is not None and sibling.tag == "-text" and not sibling.text().strip():
        sibling = getattr(sibling, way)
    return sibling


def one(tree: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    """The first element matching `selector`; fails the test, naming the selector, when there is none."""
    found = tree.css_first(selector)
    if found is None:
        pytest.fail(f"no element matches {selector!r}")
    return found


@dataclass
class Build:
    """The outcome of one `mkdocs build --strict`: its exit code, its log, and the site it wrote."""

    returncode: int
    log: str
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def file(self, path: str) -> Path:
        """A built page's file, by its URL path (`""`, `"faq/"`, `"404.html"`)."""
        file = self.site / path
        return file / "index.html" if path == "" or path.endswith("/") else file

    def html(self, path: str) -> LexborHTMLParser:
        """Parse a built page, by its URL path (`""`, `"faq/"`, `"404.html"`)."""
        return LexborHTMLParser(self.file(path).read_text(encoding="utf-8"))

    def pages(self) -> list[str]:
        """URL paths of every HTML page in the site."""
        found = []
        for file in sorted(self.site.rglob("*.html")):
            rel = file.relative_to(self.site).as_posix()
            found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return found

    def pages_in(self, language: str) -> list[str]:
        """URL paths of the pages of one language: `"en"` (the site's default, at the root) or another
        language built under its own folder (`"es"`: `es/`, `es/faq/`, `es/404.html`)."""
        others = [code for code in (site_config()["extra"].get("languages") or {}) if code != language]
        if language in (site_config()["extra"].get("languages") or {}):
            return [path for path in self.pages() if path.startswith(f"{language}/")]
        return [path for path in self.pages() if path.split("/", 1)[0] not in others]

    @staticmethod
    def language_of(path: str) -> str:
        """The language of the page at `path`: the folder it is built under, or the site's default."""
        first = path.split("/", 1)[0]
        languages = site_config()["extra"].get("languages") or {}
        return first if "/" in path and first in languages else site_config()["theme"].get("language", "en")

    @staticmethod
    def is_404(path: str) -> bool:
        """Whether `path` is a language's 404 page (`404.html`, `es/404.html`)."""
        return path.rsplit("/", 1)[-1] == "404.html"


def run_build(
    project: Path,
    *,
    config: dict | None = None,
    env: dict[str, str] | None = None,
    site: Path | None = None,
    separate_process: bool = False,
) -> Build:
    """Build `project` strictly; `config` is merged over its mkdocs.yml through MkDocs' INHERIT.

    The build runs in this process, as `mkdocs build --strict --clean` would (same log lines, same exit
    code); `separate_process=True` starts the real command instead, for what one process cannot vary
    (PYTHONHASHSEED).
    """
    config_file = project / "mkdocs.yml"
    if config:
        config_file = project / "mkdocs.test.yml"
        # JSON is valid YAML, and INHERIT deep-merges these keys into the real configuration.
        config_file.write_text(json.dumps({"INHERIT": "mkdocs.yml", **config}), encoding="utf-8")
    site = site or project / "site"
    build_env = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})}
    if separate_process:
        return run_build_command(project, config_file, site, build_env)
    if "PYTHONHASHSEED" in build_env:
        raise ValueError("PYTHONHASHSEED is read when Python starts: pass separate_process=True")
    with build_environment(build_env), captured_mkdocs_log() as lines:
        returncode = build_in_process(config_file, site, lines)
    return Build(returncode, "\n".join(lines) + "\n", site)


def run_build_command(project: Path, config_file: Path, site: Path, build_env: dict[str, str]) -> Build:
    """`mkdocs build --strict --clean` in a new Python process."""
    full_env = {k: v for k, v in os.environ.items() if k not in REMOVED_ENV} | build_env
    command = ["-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config_file), "-d", str(site)]
    result = subprocess.run(
        [sys.executable, *command],
        cwd=project,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


# Variables a test build must not inherit from the shell (they change the site); a test passes them in `env`.
REMOVED_ENV = ("SITE_ENV", "SITE_URL", "EDIT_URI")


def build_in_process(config_file: Path, site: Path, lines: list[str]) -> int:
    """What `mkdocs build --strict --clean -f config_file -d site` does (mkdocs/__main__.py), minus the CLI.

    Returns the exit code the command would have; a failure's message goes to `lines`, as the command
    prints it. `!ENV` tags are resolved by load_config, SOURCE_DATE_EPOCH read by build: both inside the
    caller's environment.
    """
    # The CLI filters repeated messages of the build module, for the whole process; here for one build.
    duplicates = mkdocs.utils.DuplicateFilter()
    mkdocs.commands.build.log.addFilter(duplicates)
    try:
        cfg = mkdocs.config.load_config(config_file=str(config_file), site_dir=str(site), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            with cached_templates():
                # build() itself counts warnings on the `mkdocs` logger and aborts at the end in strict mode.
                mkdocs.commands.build.build(cfg, dirty=False)
        finally:
            cfg.plugins.on_shutdown()
    except MkDocsException as error:
        # Abort (strict warnings, a BuildError such as PluginError), ConfigurationError: click prints these.
        lines.append(
            error.format_message() if isinstance(error, Abort) else f"Error: {error.format_message()}"
        )
        return 1
    except Exception:
        # The command would print the traceback and exit with 1: keep that, so the test shows it.
        lines.append(traceback.format_exc())
        return 1
    finally:
        mkdocs.commands.build.log.removeFilter(duplicates)
    return 0


class TemplateCache(jinja2.BytecodeCache):
    """Compiled Jinja templates, kept for the whole test session.

    Compiling Material's templates is about half of a test build, and every build makes a new Jinja
    environment. Jinja keys an entry by the template's file and checks it against the source's checksum,
    so a changed template is compiled again: the pages come out the same, only sooner.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = TemplateCache()


@contextlib.contextmanager
def cached_templates() -> Iterator[None]:
    """For one build, every Jinja environment MkDocs makes for the theme uses TEMPLATE_CACHE."""
    get_env = mkdocs.theme.Theme.get_env

    def get_cached_env(theme: mkdocs.theme.Theme) -> jinja2.Environment:
        env = get_env(theme)
        env.bytecode_cache = TEMPLATE_CACHE
        return env

    with unittest.mock.patch.object(mkdocs.theme.Theme, "get_env", get_cached_env):
        yield


@contextlib.contextmanager
def build_environment(build_env: dict[str, str]) -> Iterator[None]:
    """Set the build's variables in os.environ (and remove REMOVED_ENV), then restore it exactly."""
    saved = dict(os.environ)
    try:
        for name in REMOVED_ENV:
            os.environ.pop(name, None)
        os.environ.update(build_env)
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class LogLines(logging.Handler):
    """Keeps each record as the CLI prints it: `WARNING -  message`."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")


@contextlib.contextmanager
def captured_mkdocs_log() -> Iterator[list[str]]:
    """Collect what the `mkdocs` logger (and its children, such as mkdocs.hooks.*) logs at INFO and above.

    Like the CLI, the logger is set to INFO and does not propagate; its level, propagation and handlers
    are put back afterwards, so nothing leaks into the next test.
    """
    logger = logging.getLogger("mkdocs")
    saved = logger.level, logger.propagate, logger.disabled
    lines: list[str] = []
    handler = LogLines(lines)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.disabled = False
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        level, logger.propagate, logger.disabled = saved
        logger.setLevel(level)  # (not `logger.level =`: setLevel also clears the loggers' level caches)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once for the whole session exactly as `mkdocs build --strict` builds it."""
    build = run_build(ROOT, site=tmp_path_factory.mktemp("site"))
    assert build.ok, f"the site does not build:\n{build.log}"
    return build


BuildChanged = Callable[..., Build]


def build_copy(
    project: Path,
    *,
    files: dict[str, str | None] | None = None,
    config: dict | None = None,
    env: dict[str, str] | None = None,
) -> Build:
    """Copy the project to `project`, replace some files (None deletes one), merge `config`, and build it.

    A new English page without its translations is listed as not translated (a test page), unless
    `config` lists that language's untranslated pages itself: the twin check has tests of its own.
    """
    copy_project(project)
    for name, text in (files or {}).items():
        target = project / name
        if text is None:
            target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return run_build(project, config=with_test_pages_untranslated(config, files or {}), env=env)


def with_test_pages_untranslated(config: dict | None, files: Mapping[str, str | None]) -> dict | None:
    """`config` with each new English test page listed under `extra.languages.<lang>.untranslated`."""
    languages = site_config()["extra"].get("languages") or {}
    new_pages = [
        name.removeprefix("docs/")
        for name, text in files.items()
        if text is not None
        and name.startswith("docs/")
        and name.endswith(".md")
        and name.count(".") == 1
        and not (ROOT / name).exists()
    ]
    if not new_pages or not languages:
        return config
    config = copy.deepcopy(config or {})
    for language, settings in languages.items():
        given = config.get("extra", {}).get("languages", {}).get(language, {})
        if "untranslated" in given:
            continue
        missing = [page for page in new_pages if f"docs/{page[: -len('.md')]}.{language}.md" not in files]
        listed = [
            *(settings.get("untranslated") or []),
            *({"page": p, "reason": "a test page"} for p in missing),
        ]
        if missing:
            config.setdefault("extra", {}).setdefault("languages", {}).setdefault(language, {})[
                "untranslated"
            ] = listed
    return config


@pytest.fixture
def build_changed(tmp_path: Path) -> Iterator[BuildChanged]:
    """Build a copy of the project with some files replaced and some configuration merged in.

    `build_changed(files={"docs/faq.md": "..."}, config={"extra": {...}}, env={"SITE_ENV": "production"})`
    A file's text of None deletes it. A change that several tests read belongs in a shared fixture
    (such as `production_site`), built once.
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
        return build_copy(tmp_path / f"project-{count}", files=files, config=config, env=env)

    yield build


def production_settings() -> dict:
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
            "translators": {"medical-translator": {"placeholder": False, "name": "Test Translator"}},
        },
    }


@pytest.fixture
def production_config() -> dict:
    """production_settings(), fresh for each test (a test may change it)."""
    return production_settings()


@pytest.fixture(scope="session")
def production_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The production build (SITE_ENV=production, production_settings()), built once; it must succeed."""
    build = build_copy(
        tmp_path_factory.mktemp("production"), config=production_settings(), env={"SITE_ENV": "production"}
    )
    assert build.ok, f"the production site does not build:\n{build.log}"
    return build


@pytest.fixture(scope="session")
def production_with_placeholders(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A production build whose settings are real except for some placeholders (visit rules, price, the
    reviewer), built once; each test reads the refusal of its own placeholder in the log."""
    config = production_settings()
    config["extra"]["clinic"]["placeholders"] = ["visit_rules", "price"]
    config["extra"]["reviewers"]["clinical-lead"]["placeholder"] = True
    return build_copy(tmp_path_factory.mktemp("placeholders"), config=config, env={"SITE_ENV": "production"})


def reviewed_new_page() -> str:
    """A new page (docs/aftercare.md) that lists one reference and carries a review like the real medical
    pages' (a reviewer of mkdocs.yml, reviewed on the build day)."""
    from page_text import page

    config = site_config()
    reviewer = next(iter(config["extra"]["reviewers"]))
    build_day = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), UTC).date()
    reference = next(iter(config["extra"]["references"]))
    front = (
        "title: Aftercare\n"
        "description: What to do in the hours after an infusion, and who to call if you feel unwell.\n"
        f"references: [{reference}]\n"
        f"reviewed_by: {reviewer}\nlast_reviewed: {build_day.isoformat()}"
    )
    return page(front, "# Aftercare\n\nRest for the rest of the day.")


@functools.cache
def broken_page_files() -> dict[str, str]:
    """Pages with one mistake each that the build reports as a warning, so that one build shows them all:
    review mistakes on four medical pages, two new medical pages without a review, a DOI link whose
    reference the page does not list, and an overlong sentence. Each test reads its own page's message."""
    from page_text import doc, page, with_front_matter

    limits = site_config()["extra"]["readability"]["en"]
    words = " ".join(["and then we rest"] * ((limits["max_sentence_words"] // 4) + 1))
    unreviewed = "\n".join(
        line for line in reviewed_new_page().splitlines() if not line.startswith(("reviewed_by", "last_rev"))
    )
    return {
        "faq.md": with_front_matter(
            doc("faq.md"), last_reviewed="2025-10-01", references="[fda-ketamine-label]"
        ),
        "side-effects.md": with_front_matter(doc("side-effects.md"), reviewed_by=None, last_reviewed=None),
        "how-ketamine-works.md": with_front_matter(doc("how-ketamine-works.md"), reviewed_by="dr-nobody"),
        "during-an-infusion.md": with_front_matter(doc("during-an-infusion.md"), last_reviewed="2026-12-01"),
        "new.md": page("title: New\ndescription: A new page.\nreferences: [singh-2016]", "# New\n\nText."),
        "aftercare.md": unreviewed + "\n",
        "long.md": "---\ntitle: Long\ndescription: A test page.\n---\n\n# Long\n\nShort one.\n\n"
        f"Then {words}.\n",
    }


# More pages (and settings) that make the build warn, added by test modules at import.
BROKEN_FILES: dict[str, str] = {}
BROKEN_CONFIG: dict[str, Any] = {}


def broken_site_part(files: dict[str, str], config: dict[str, Any] | None = None) -> None:
    """Add pages (names in docs/) and configuration that make the build warn, to the broken_pages build.

    Parts must not touch the same page or setting: each test reads the warnings of its own pages.
    """
    for name, text in files.items():
        if name in broken_page_files() or BROKEN_FILES.setdefault(name, text) != text:
            raise ValueError(f"two parts of broken_pages write docs/{name}")
    merge_config(BROKEN_CONFIG, config or {})


@pytest.fixture(scope="session")
def broken_pages(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """broken_page_files() and BROKEN_FILES (in docs/; new pages left out of the navigation) built once; it
    must fail."""
    files = {**broken_page_files(), **BROKEN_FILES}
    new = [name for name in files if not (ROOT / "docs" / name).exists()]
    not_in_nav = site_config()["not_in_nav"] + "".join(f"/{name}\n" for name in new)
    build = build_copy(
        tmp_path_factory.mktemp("broken-pages"),
        files={f"docs/{name}": text for name, text in files.items()},
        config={**BROKEN_CONFIG, "not_in_nav": not_in_nav},
    )
    assert not build.ok, "the build with broken pages succeeded"
    return build


# Changes that build without a warning and that different test files read, each from its own pages, merged
# into one build (changed_site). A test module adds its part at import, so a run builds what it collected.
CHANGED_FILES: dict[str, str] = {}
CHANGED_CONFIG: dict[str, Any] = {}


def changed_site_part(*, files: dict[str, str] | None = None, config: dict[str, Any] | None = None) -> None:
    """Add new or replaced files (`docs/...`) and configuration to the changed_site build.

    Parts must not touch the same file or the same setting: each test reads only what its part changed.
    """
    for name, text in (files or {}).items():
        if CHANGED_FILES.setdefault(name, text) != text:
            raise ValueError(f"two parts of changed_site change {name}")
    merge_config(CHANGED_CONFIG, config or {})


def merge_config(into: dict[str, Any], extra: dict[str, Any], where: str = "") -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge_config(into[key], value, f"{where}{key}.")
        elif key in into and into[key] != value:
            raise ValueError(f"two parts of changed_site set {where}{key}")
        else:
            into[key] = value


@pytest.fixture(scope="session")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """CHANGED_FILES and CHANGED_CONFIG built once (new pages left out of the navigation); it must succeed."""
    new = [name.removeprefix("docs/") for name in CHANGED_FILES if not (ROOT / name).exists()]
    not_in_nav = site_config()["not_in_nav"] + "".join(f"/{name}\n" for name in new)
    build = build_copy(
        tmp_path_factory.mktemp("changed"),
        files=dict(CHANGED_FILES),
        config={**CHANGED_CONFIG, "not_in_nav": not_in_nav},
    )
    assert build.ok, f"the site with every test's changes does not build:\n{build.log}"
    return build


# The site on GitHub project pages (under a sub-path), with the booking link naming a page of the site.
SUB_PATH_CONFIG: dict[str, Any] = {
    "site_url": "https://org.github.io/clinic-site/",
    "extra": {"clinic": {"booking_url": "book.md"}},
}


@pytest.fixture(scope="session")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """SUB_PATH_CONFIG built once; it must succeed."""
    build = build_copy(tmp_path_factory.mktemp("sub-path"), config=SUB_PATH_CONFIG)
    assert build.ok, f"the site does not build under a sub-path:\n{build.log}"
    return build
