"""The tests' in-process build (conftest.run_build) behaves like `mkdocs build --strict` in a fresh process:
a warning fails it, its log reads as the command prints it, and it leaves nothing behind in the test process
(environment, logging, working directory)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from conftest import ROOT, BuildChanged


def test_a_warning_fails_the_build_and_the_process_is_left_as_it_was(
    build_changed: BuildChanged, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # From another folder, with a shell that says production: the build must ignore both (the production
    # build would stop on the placeholders in mkdocs.yml, a message this test must not see).
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("SITE_ENV", "production")
    logger = logging.getLogger("mkdocs")
    before = dict(os.environ), logger.level, logger.propagate, list(logger.handlers)
    page = (ROOT / "docs" / "book.md").read_text(encoding="utf-8") + "\nSee [the missing page](missing.md).\n"

    build = build_changed(files={"docs/book.md": page})

    assert build.returncode == 1
    warnings = [line for line in build.log.splitlines() if line.startswith("WARNING -  ")]
    assert len(warnings) == 1
    assert "book.md" in warnings[0] and "missing.md" in warnings[0]
    assert "Aborted with 1 warnings in strict mode!" in build.log
    assert "placeholder" not in build.log
    assert (dict(os.environ), logger.level, logger.propagate, list(logger.handlers)) == before
    assert Path.cwd() == elsewhere
    assert list(elsewhere.iterdir()) == []
