"""Every built page is valid HTML: the Nu Html Checker (vnu.jar, from tests/vnu/package-lock.json) reports
no error on any of them. Material's own markup is corrected by hooks/valid_html.py (rj/html.py).

`python3 dev.py test` installs the checker with npm; it runs on Java 17+. Without either, this test fails and
says what to install: it never skips.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Build

import dev

JAVA_HELP = (
    "Install Java 17 or newer (Debian/Ubuntu: sudo apt-get install default-jre-headless; "
    "macOS: brew install openjdk), then run this again."
)
NPM_HELP = (
    "Run `python3 dev.py test`, which installs it with `npm ci` in tests/vnu/ (it needs Node.js with npm: "
    "Debian/Ubuntu: sudo apt-get install nodejs npm; macOS: brew install node)."
)


def checker_command() -> list[str]:
    """`java -jar vnu.jar`, or a failure that names what to install."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"The HTML check needs Java, and none was found on PATH. {JAVA_HELP}")
    if not dev.VNU_JAR.is_file():
        pytest.fail(
            f"The Nu Html Checker is not installed ({dev.VNU_JAR.relative_to(dev.ROOT)} is missing). "
            + NPM_HELP
        )
    return [java, "-jar", str(dev.VNU_JAR)]


def check(files: list[Path]) -> list[dict]:
    """The checker's errors for these files, all checked in one run of the checker."""
    result = subprocess.run(
        [*checker_command(), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The report goes to stderr; exit code 1 means errors were found, anything else a failure to run.
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError:
        pytest.fail(f"The Nu Html Checker did not run (exit code {result.returncode}):\n{result.stderr}")
    return [message for message in report["messages"] if message.get("type") != "info"]


def describe(message: dict, site: Path) -> str:
    page = Path(message.get("url", "").removeprefix("file:")).relative_to(site).as_posix()
    extract = " ".join(message.get("extract", "").split())
    return f"{page} line {message.get('lastLine', '?')}: {message['message']}\n    {extract}"


def test_every_page_is_valid_html(site: Build) -> None:
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) == len(site.pages())
    errors = check(pages)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(describe(m, site.site) for m in errors)


def test_the_checker_finds_errors(tmp_path: Path) -> None:
    """The check above can fail: the very markup Material writes, uncorrected, is reported."""
    page = tmp_path / "material.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
        '<label class="md-nav__title" for="__toc">Table of contents</label></body></html>',
        encoding="utf-8",
    )
    messages = [message["message"] for message in check([page])]
    assert len(messages) == 2, messages
    assert "autocomplete" in messages[0]
    assert "for" in messages[1]
