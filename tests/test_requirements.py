"""Dependencies: short input files (requirements*.in) compiled into lock files with an exact version and
the hashes of every file of every package, which dev.py installs with `--require-hashes`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

import dev

LOCKS = {"requirements.in": "requirements.txt", "requirements-dev.in": "requirements-dev.txt"}
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def locked(text: str) -> dict[str, tuple[str, int]]:
    """Each package in a lock file: its pinned specifier and how many hashes it lists."""
    found = {}
    for entry in re.sub(r"\\\n", " ", text).splitlines():
        entry = entry.split(" #", 1)[0].strip()
        if not entry or entry.startswith("#"):
            continue
        requirement, *options = entry.split()
        found[normalise(re.split(r"[=<>!~ ]", requirement, maxsplit=1)[0])] = (
            requirement,
            sum(1 for option in options if HASH.fullmatch(option)),
        )
    return found


def wanted(text: str) -> set[str]:
    """The packages an input file names (not the files it includes or is constrained by)."""
    names = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.add(normalise(re.split(r"[\s\[=<>!~;]", line, maxsplit=1)[0]))
    return names


def normalise(name: str) -> str:
    """PyPI's name normalisation (PEP 503): `Foo_Bar.baz` and `foo-bar-baz` are one package."""
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("lock", LOCKS.values())
def test_every_locked_package_has_an_exact_version_and_hashes(lock: str) -> None:
    packages = locked((ROOT / lock).read_text(encoding="utf-8"))
    assert len(packages) > 10
    loose = {name: spec for name, (spec, hashes) in packages.items() if "==" not in spec or hashes == 0}
    assert loose == {}


@pytest.mark.parametrize(("source", "lock"), LOCKS.items())
def test_every_package_of_an_input_file_is_locked(source: str, lock: str) -> None:
    names = wanted((ROOT / source).read_text(encoding="utf-8"))
    packages = locked((ROOT / lock).read_text(encoding="utf-8"))
    assert names
    assert sorted(names - packages.keys()) == []


def test_tools_and_site_share_one_version_of_each_package() -> None:
    site = locked((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    tools = locked((ROOT / "requirements-dev.txt").read_text(encoding="utf-8"))
    differ = {
        name: (site[name][0], tools[name][0])
        for name in site.keys() & tools.keys()
        if site[name] != tools[name]
    }
    assert differ == {}


@pytest.mark.parametrize("lock", LOCKS.values())
def test_lock_files_were_compiled_with_hashes(lock: str) -> None:
    header = (ROOT / lock).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "pip-compile" in header
    for option in ("--generate-hashes", "--allow-unsafe", "--strip-extras", "--no-emit-index-url"):
        assert option in header


def test_dev_py_installs_only_hash_checked_packages(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commands = capture_commands(monkeypatch, tmp_path)
    dev.ensure_venv(dev.DEV_REQUIREMENTS)
    [install] = commands
    assert install[1:4] == ["-m", "pip", "install"]
    assert "--require-hashes" in install
    assert install[-4:] == ["-r", str(ROOT / "requirements.txt"), "-r", str(ROOT / "requirements-dev.txt")]


def test_lock_passes_upgrade_options_to_both_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commands = capture_commands(monkeypatch, tmp_path)
    monkeypatch.setattr(dev, "ensure_venv", lambda requirements: None)
    assert dev.main(["lock", "--upgrade-package", "mkdocs-material"]) == 0
    assert [command[-3:] for command in commands] == [
        ["-o", "requirements.txt", "requirements.in"],
        ["-o", "requirements-dev.txt", "requirements-dev.in"],
    ]
    for command in commands:
        assert command[1:4] == ["-m", "piptools", "compile"]
        assert "--generate-hashes" in command
        assert command[-5:-3] == ["--upgrade-package", "mkdocs-material"]


def capture_commands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """Make dev.py record the commands it would run, against an empty stand-in .venv."""
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").touch()
    monkeypatch.setattr(dev, "VENV", venv)
    monkeypatch.setattr(dev, "PYTHON", venv / "bin" / "python")
    commands: list[list[str]] = []

    def run(command: list[str | Path]) -> int:
        commands.append([str(part) for part in command])
        return 0

    monkeypatch.setattr(dev, "run", run)
    return commands


def test_locked_reads_versions_and_counts_hashes() -> None:
    text = (
        "#\n# header\n#\nFoo_Bar==1.2 \\\n    --hash=sha256:"
        + "a" * 64
        + " \\\n    --hash=sha256:"
        + "b" * 64
        + "\n    # via x\nloose>=2\n"
    )
    assert locked(text) == {"foo-bar": ("Foo_Bar==1.2", 2), "loose": ("loose>=2", 0)}


def test_wanted_reads_names_and_skips_options_and_comments() -> None:
    text = "# comment\n-c requirements.txt\nmkdocs>=1.6,<2  # why\nselectolax\nPy_Thing[extra]==1\n"
    assert wanted(text) == {"mkdocs", "selectolax", "py-thing"}
