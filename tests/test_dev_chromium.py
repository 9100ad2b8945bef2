"""dev.py finds the Chromium the browser tests need, installs Debian's where it can, and otherwise says
exactly what to install."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import dev


@pytest.fixture
def no_browser_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with no Chromium on PATH, none configured, and none in the macOS Applications folder."""
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(dev.shutil, "which", lambda name: None)
    monkeypatch.setattr(dev, "Path", lambda *parts: Path("/nonexistent/Chromium.app"))


def test_chromium_path_from_the_environment_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = tmp_path / "my-chromium"
    browser.write_text("")
    monkeypatch.setenv("CHROMIUM_PATH", str(browser))
    assert dev.find_chromium() == str(browser)
    assert dev.ensure_chromium() == str(browser)


def test_a_chromium_on_the_path_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr(
        dev.shutil, "which", lambda name: "/opt/bin/google-chrome" if name == "google-chrome" else None
    )
    assert dev.find_chromium() == "/opt/bin/google-chrome"


def test_without_chromium_or_apt_get_the_message_says_what_to_install(
    no_browser_anywhere: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(SystemExit) as stopped:
        dev.ensure_chromium()
    message = str(stopped.value.code)
    assert "sudo apt-get install chromium" in message
    assert "brew install --cask chromium" in message
    assert "CHROMIUM_PATH" in message


def test_with_apt_get_as_root_debians_chromium_is_installed(
    no_browser_anywhere: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[list[str]] = []
    installed = {"done": False}

    def which(name: str) -> str | None:
        if name == "apt-get":
            return "/usr/bin/apt-get"
        return "/usr/bin/chromium" if name == "chromium" and installed["done"] else None

    def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
        ran.append(command)
        installed["done"] = command[-1] == "chromium"
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(dev.shutil, "which", which)
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0)
    monkeypatch.setattr(dev.subprocess, "run", run)
    assert dev.ensure_chromium() == "/usr/bin/chromium"
    assert ran == [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]]


def test_the_test_command_hands_the_chromium_to_the_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    commands: list[list[str | Path]] = []

    def run(command: list[str | Path]) -> int:
        commands.append(command)
        return 0

    monkeypatch.setattr(dev, "ensure_venv", lambda requirements: None)
    monkeypatch.setattr(dev, "ensure_chromium", lambda: "/usr/bin/chromium-for-tests")
    monkeypatch.setattr(dev, "run", run)
    monkeypatch.setenv("CHROMIUM_PATH", "restored after this test")
    assert dev.main(["test", "-q"]) == 0
    assert os.environ["CHROMIUM_PATH"] == "/usr/bin/chromium-for-tests"
    assert [str(part) for part in commands[0][1:]] == ["-m", "pytest", "-q"]
