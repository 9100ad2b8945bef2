"""The site builds the same with ProperDocs, the maintained fork of MkDocs 1.x, as with MkDocs.

Both builds use the same SOURCE_DATE_EPOCH; every file must be byte-identical, except the theme's
`<meta name="generator">` tag, which names the engine. A hook's error still stops a ProperDocs build with
the editor's message: ProperDocs answers the hooks' `mkdocs.*` imports with its own modules, so
`mkdocs.exceptions.PluginError` is its PluginError, and the `mkdocs` logger its logger's child.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REMOVED_ENV, SOURCE_DATE_EPOCH, Build, copy_project

import dev

# Material's tag, as the minifier writes it (rj/minify.py): attributes in any order, quoted where needed.
GENERATOR = re.compile(rb'<meta\b[^>]*\bname="?generator"?[^>]*>')


def properdocs_build(project: Path, site: Path) -> Build:
    """`properdocs build --strict --clean` of `project` into `site`, as `python3 dev.py build --engine
    properdocs` runs it."""
    env = {k: v for k, v in os.environ.items() if k not in REMOVED_ENV}
    env |= {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--clean", "-f", "mkdocs.yml"]
    result = subprocess.run(
        [*command, "-d", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = properdocs_build(dev.ROOT, tmp_path_factory.mktemp("properdocs-site"))
    assert build.ok, f"ProperDocs does not build the site:\n{build.log}"
    return build


def files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }


def test_properdocs_writes_the_same_files(site: Build, properdocs_site: Build) -> None:
    assert sorted(files(properdocs_site.site)) == sorted(files(site.site))


def test_only_the_generator_tag_differs(site: Build, properdocs_site: Build) -> None:
    mkdocs_files, properdocs_files = files(site.site), files(properdocs_site.site)
    different = sorted(
        name
        for name in mkdocs_files.keys() & properdocs_files.keys()
        if mkdocs_files[name] != properdocs_files[name]
    )
    # Every page names its generator (Material's base.html, whatever `extra.generator` says), so the
    # comparison is meaningful only if the tags really differ and everything else is equal.
    assert different == sorted(name for name in mkdocs_files if name.endswith(".html"))
    for name in different:
        mkdocs_tags = GENERATOR.findall(mkdocs_files[name])
        properdocs_tags = GENERATOR.findall(properdocs_files[name])
        assert len(mkdocs_tags) == len(properdocs_tags) == 1, name
        assert b"ProperDocs" in properdocs_tags[0] and b"ProperDocs" not in mkdocs_tags[0], name
        assert GENERATOR.sub(b"", mkdocs_files[name]) == GENERATOR.sub(b"", properdocs_files[name]), name


def test_a_hook_error_stops_properdocs_with_the_editors_message(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    faq = project / "docs" / "faq.md"
    text = faq.read_text(encoding="utf-8")
    faq.write_text(
        re.sub(r"^title: .*$", "title: Ketamine: what to know", text, count=1, flags=re.M), "utf-8"
    )
    build = properdocs_build(project, tmp_path / "site")
    assert not build.ok
    assert "Traceback" not in build.log
    assert re.search(r"ERROR\s+-\s+docs/faq\.md line 2 \(`title: Ketamine: what to know`\)", build.log), (
        build.log
    )
    assert "Aborted with a BuildError" in build.log


def test_a_hook_warning_stops_a_strict_properdocs_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with (project / "docs" / "faq.md").open("a", encoding="utf-8") as faq:
        faq.write('\n<iframe src="https://video.example/embed/1"></iframe>\n')
    build = properdocs_build(project, tmp_path / "site")
    assert not build.ok
    assert re.search(
        r"WARNING\s+-\s+docs/faq\.md line \d+: the page embeds another page with <iframe>", build.log
    )
    assert "Aborted with" in build.log and "in strict mode" in build.log


def test_dev_py_runs_either_engine() -> None:
    assert dev.engine_option(["--engine", "properdocs", "-d", "out"]) == ("properdocs", ["-d", "out"])
    assert dev.engine_option(["--engine=mkdocs"]) == ("mkdocs", [])
    assert dev.engine_option(["--dirty"]) == (dev.ENGINES[0], ["--dirty"]) == ("mkdocs", ["--dirty"])
    with pytest.raises(SystemExit, match="--engine must be one of: mkdocs, properdocs"):
        dev.engine_option(["--engine", "zensical"])
