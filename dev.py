#!/usr/bin/env python3
"""The project's two commands, with nothing but Python 3.11+ needed to start them.

    python3 dev.py serve    install what is needed, then serve the site with live reload
    python3 dev.py test     install what is needed, then run the whole test suite

Also: `build` (a strict build into site/), `lock` (recompile the hashed requirements files),
`translations` (record which version of its English page each reviewed translation translates;
`translations --check` lists the out-of-date ones and exits 1 while any is).
`serve` and `build` take `--engine properdocs` to run ProperDocs, the maintained fork of MkDocs 1.x,
instead of MkDocs (the default): both build this site alike (tests/test_engines.py).
Everything is installed into `.venv/` in this folder from the hashed requirements files; the
test command also makes sure a Chromium browser is present for the browser tests, and installs the
Nu Html Checker (vnu.jar, run on Java) from tests/vnu/package-lock.json with npm.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
RUNTIME_REQUIREMENTS = ("requirements.txt",)
DEV_REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
# Headless Chromium on a closed network: without the background-networking flags it hangs trying to
# reach Google's hosts. Used by the browser tests and the page-speed benchmark.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
# The site generators `serve` and `build` can run (`--engine`); the first is the default. Same options.
ENGINES = ("mkdocs", "properdocs")
# The Nu Html Checker, installed by `npm ci` from the committed lock file (tests/test_valid_html.py).
VNU = ROOT / "tests" / "vnu"
VNU_JAR = VNU / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU_STAMP = VNU / "node_modules" / ".rj-package-lock.sha256"
# What a build reads: tests and benchmarks copy these to build changed sites.
PROJECT_PARTS = ("docs", "overrides", "hooks", "mkdocs.yml")
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PIP_COMPILE = (
    "--quiet",
    "--generate-hashes",
    "--allow-unsafe",
    "--strip-extras",
    "--no-emit-index-url",
    "--no-emit-find-links",
)


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (dev.py must speak to an older Python too)
        sys.exit("This project needs Python 3.11 or newer (Material for MkDocs 9.8 requires it).")
    command, *rest = argv or ["help"]
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if command in ("serve", "build"):
        engine, rest = engine_option(rest)
        ensure_venv(RUNTIME_REQUIREMENTS)
        # ProperDocs would look for properdocs.yml first and say so: name the file.
        options = ["--strict", "-f", "mkdocs.yml"]
        if command == "serve":
            return run([BIN / engine, "serve", *options, "--dev-addr", "127.0.0.1:8000", *rest])
        return run([BIN / engine, "build", *options, "--clean", *rest])
    if command == "test":
        ensure_venv(DEV_REQUIREMENTS)
        os.environ["CHROMIUM_PATH"] = ensure_chromium()
        ensure_vnu()
        return run([PYTHON, "-m", "pytest", *rest])
    if command == "lock":
        ensure_venv(DEV_REQUIREMENTS)
        compile_: list[str | Path] = [PYTHON, "-m", "piptools", "compile", *PIP_COMPILE, *rest]
        return run([*compile_, "-o", "requirements.txt", "requirements.in"]) or run(
            [*compile_, "-o", "requirements-dev.txt", "requirements-dev.in"]
        )
    if command == "translations":
        return translations(check="--check" in rest)
    print(__doc__)
    return 0 if command in ("help", "-h", "--help") else 2


def engine_option(args: list[str]) -> tuple[str, list[str]]:
    """The `--engine NAME` (or `--engine=NAME`) among `args`, and the other arguments."""
    engine, rest = ENGINES[0], []
    arguments = iter(args)
    for arg in arguments:
        if arg == "--engine":
            engine = next(arguments, "")
        elif arg.startswith("--engine="):
            engine = arg.partition("=")[2]
        else:
            rest.append(arg)
    if engine not in ENGINES:
        sys.exit(f"--engine must be one of: {', '.join(ENGINES)} (got {engine!r}).")
    return engine, rest


# A translated page: docs/<name>.<language>.md beside docs/<name>.md (mkdocs-static-i18n's suffix layout).
TRANSLATED = "*.[a-z][a-z].md"


def translations(*, check: bool, docs: Path | None = None) -> int:
    """`python3 dev.py translations [--check]` (README, "The Spanish edition").

    Without --check: for each translated page whose English page changed, writes the English page's new
    hash into `translation_of:` if the translator has reviewed the page since (its `translation_reviewed:`
    is on or after the day the English page last changed); otherwise says what to do. Nothing else in any
    file changes. With --check: changes nothing, prints each out-of-date translation naming both files,
    and exits 1 while any is.
    """
    sys.path.insert(0, str(ROOT / "hooks"))
    from rj.i18n import (
        Translation,
        content_hash,
        header_value,
        stale_message,
        translation_action,
        with_translation_hash,
    )

    docs = docs or ROOT / "docs"
    stale_found = 0
    for page in sorted(docs.rglob(TRANSLATED)):
        original = page.with_name(page.name.split(".", 1)[0] + ".md")
        if not original.is_file():
            continue  # a page in one language only: the build checks the list of those
        source = page.read_text(encoding="utf-8")
        english = original.read_text(encoding="utf-8")
        item = Translation(
            original=f"docs/{original.relative_to(docs).as_posix()}",
            translation=f"docs/{page.relative_to(docs).as_posix()}",
            recorded=header_value(source, "translation_of"),
            current=content_hash(english),
        )
        reviewed_text = header_value(source, "translation_reviewed")
        try:
            reviewed = datetime.date.fromisoformat(reviewed_text) if reviewed_text else None
        except ValueError:
            reviewed = None
        action = translation_action(item, reviewed=reviewed, english_changed=last_changed(original))
        if action == "current":
            continue
        if check:
            stale_found += 1
            print(stale_message(item))
        elif action == "record":
            page.write_text(with_translation_hash(source, item.current), encoding="utf-8")
            print(f"{item.translation}: recorded as the translation of {item.original} as it is now.")
        else:
            stale_found += 1
            print(
                f"{item.translation}: {item.original} changed after this translation's last review "
                f"({reviewed_text or 'none'}): update the translation, set `translation_reviewed:` to the "
                "day of the review, then run this command again."
            )
    return 1 if check and stale_found else 0


def last_changed(path: Path) -> datetime.date:
    """The day a file last changed: today if it has changes not yet committed, else its last commit's day."""
    today = datetime.date.today()
    try:
        relative = str(path.resolve().relative_to(ROOT))
    except ValueError:
        return today
    git = ["git", "-C", str(ROOT)]
    try:
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", relative], capture_output=True, text=True
        )
        if dirty.returncode != 0 or dirty.stdout.strip():
            return today
        day = subprocess.run(
            [*git, "log", "-1", "--format=%cs", "--", relative], capture_output=True, text=True
        )
    except OSError:
        return today
    try:
        return datetime.date.fromisoformat(day.stdout.strip())
    except ValueError:
        return today


def copy_project(dest: Path, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """Copy what a build reads into `dest` (tests and benchmarks change copies, never the real files)."""
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / part)
    return dest


def ensure_venv(requirements: tuple[str, ...]) -> None:
    """Create .venv and install the hashed requirements, again whenever those files change."""
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256(b"".join((ROOT / name).read_bytes() for name in requirements)).hexdigest()
    stamp = VENV / f".installed-{'-'.join(Path(n).stem for n in requirements)}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {', '.join(requirements)} into .venv ...", flush=True)
    files = [arg for name in requirements for arg in ("-r", str(ROOT / name))]
    install: list[str | Path] = [PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if run([*install, "--require-hashes", *files]) != 0:
        sys.exit("Installing the requirements failed; see pip's message above.")
    stamp.write_text(digest)


def ensure_chromium() -> str:
    """Return the path of a Chromium to test with, installing Debian's package where apt-get can."""
    found = find_chromium()
    if found:
        return found
    if shutil.which("apt-get") and hasattr(os, "geteuid"):
        sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
        if sudo is not None:
            print("No Chromium found: installing Debian's chromium package ...", flush=True)
            env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
            for step in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
                subprocess.run([*sudo, *step], check=False, env=env)
            found = find_chromium()
            if found:
                return found
    sys.exit(
        "The browser tests need Chromium, and none was found.\n"
        "  Debian/Ubuntu: sudo apt-get install chromium\n"
        "  Fedora:        sudo dnf install chromium\n"
        "  macOS:         brew install --cask chromium\n"
        "or set CHROMIUM_PATH to the full path of a Chromium or Chrome executable, then run this again."
    )


def ensure_vnu() -> None:
    """Install the Nu Html Checker with `npm ci` from tests/vnu/package-lock.json, again when it changes.

    Its install script (which would download a Java runtime) is not run: the system's Java runs it. Without
    npm this only says so; the HTML test then fails and names what to install, as it does without Java.
    """
    digest = hashlib.sha256((VNU / "package-lock.json").read_bytes()).hexdigest()
    if VNU_JAR.is_file() and VNU_STAMP.is_file() and VNU_STAMP.read_text() == digest:
        return
    if not shutil.which("npm"):
        print("npm was not found: the HTML validity test will fail (install Node.js with npm).", flush=True)
        return
    print("Installing the Nu Html Checker (npm ci in tests/vnu/) ...", flush=True)
    command = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    if subprocess.run(command, cwd=VNU, check=False).returncode != 0:
        sys.exit("npm ci failed in tests/vnu/; see npm's message above.")
    VNU_STAMP.write_text(digest)


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured and Path(configured).is_file():
        return configured
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    mac = Path("/Applications/Chromium.app/Contents/MacOS/Chromium")
    return str(mac) if mac.exists() else None


def run(command: list[str | Path]) -> int:
    return subprocess.run([str(part) for part in command], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
