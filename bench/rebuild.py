#!/usr/bin/env python3
"""Rebuild latency of `mkdocs serve`: from saving one page to the served page showing the edit.

    python3 bench/rebuild.py [--pages 100] [--repeats 5] [--modes full dirty]
    python3 bench/rebuild.py --site real [--page side-effects] [--repeats 5]

Generates a synthetic site (bench/synthetic.py, with the project's hooks), or with `--site real` copies the
real site (what dev.py's PROJECT_PARTS names: docs/, overrides/, hooks/, mkdocs.yml) into a temporary
folder, starts `mkdocs serve --strict` on 127.0.0.1 (a free port), and then, `--repeats` times: writes a
new sentence into one page, and polls that page's URL every 10 ms (bounded: 30 s) until the served HTML
holds the sentence. On the real site, which builds its English and Spanish editions in one build
(mkdocs-static-i18n), the English page (`docs/<page>.md`) and then its Spanish twin (`docs/<page>.es.md`,
served under /es/) are edited, each `--repeats` times, in the same serve session. The serve log is
read as it arrives and time-stamped, which splits the latency into its parts:

- detection: save -> "Detected file changes". MkDocs watches with a polling observer (every 0.5 s), then
  waits 0.1 s for more changes, so this part is 0.1 to 0.6 s whatever the site does;
- build: "Detected file changes" -> "Reloading browsers" (the rebuild itself, hooks included);
- total: save -> the new HTML served (what an editor waits for; the browser reload follows at once).

Mode `full` is `mkdocs serve --strict` (what `python3 dev.py serve` runs); `dirty` is `mkdocs serve --dirty`
(rebuilds only the changed pages; MkDocs warns that menus and links may then be stale, so not --strict).
Writes bench/results/rebuild.json (rebuild-real.json for the real site) and its table in bench/README.md.
"""

from __future__ import annotations

import argparse
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from argparse import RawDescriptionHelpFormatter
from dataclasses import dataclass
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

benchlib.use_project_python()

from synthetic import make_project, page_count, topic_name  # noqa: E402

from dev import copy_project  # noqa: E402

TARGET_S = 1.0
POLL_S = 0.01
EDIT_TIMEOUT_S = 30.0
START_TIMEOUT_S = 180.0
DETECTED = re.compile(r"Detected file changes")
RELOADED = re.compile(r"Reloading browsers")
SYNTHETIC_ANCHOR = "\n## Before you arrive"  # a section every generated page has
REAL_PAGE = "side-effects"


@dataclass(frozen=True)
class Edit:
    """Which page is saved, where its sentence goes (before `anchor`), and the address it is served at."""

    label: str
    file: Path
    path: str  # the page's address from the site's root: side-effects/, es/side-effects/
    anchor: str


class ServeLog:
    """The serve process's output, each line stamped with time.perf_counter() as it arrives."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[tuple[float, str]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in iter(stream.readline, ""):
            with self._lock:
                self.lines.append((time.perf_counter(), line.rstrip("\n")))

    def first_after(self, since: float, pattern: re.Pattern[str]) -> float | None:
        with self._lock:
            return next((at for at, line in self.lines if at >= since and pattern.search(line)), None)

    def text(self) -> str:
        with self._lock:
            return "\n".join(line for _, line in self.lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument("--site", choices=("synthetic", "real"), default="synthetic")
    parser.add_argument("--pages", type=int, default=100, help="pages of the synthetic site")
    parser.add_argument("--page", default=REAL_PAGE, help="real site: the page edited (and its .es.md twin)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--modes", nargs="+", choices=("full", "dirty"), help="default: full dirty (synthetic), full (real)"
    )
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite bench/README.md")
    args = parser.parse_args(argv)
    modes = args.modes or (["full", "dirty"] if args.site == "synthetic" else ["full"])
    cases = {}
    with tempfile.TemporaryDirectory(prefix="rj-bench-rebuild-") as tmp:
        project = Path(tmp) / "project"
        if args.site == "real":
            copy_project(project)
            config = project / "mkdocs.yml"
            edits = [
                Edit("English page", project / "docs" / f"{args.page}.md", f"{args.page}/", "\n## "),
                Edit("Spanish page", project / "docs" / f"{args.page}.es.md", f"es/{args.page}/", "\n## "),
            ]
        else:
            config, _ = make_project(project, args.pages)
            name = topic_name(1)
            edits = [Edit("page", project / "docs" / name, f"{Path(name).stem}/", SYNTHETIC_ANCHOR)]
        pages = page_count(project / "docs")
        for mode in modes:
            print(f"mkdocs serve ({mode}) on {pages} pages ...", flush=True)
            for edit, measured in zip(edits, measure(config, mode, args.repeats, edits), strict=True):
                cases[f"{mode}: {edit.label}" if args.site == "real" else mode] = {
                    "mode": mode,
                    "page": edit.file.relative_to(project).as_posix(),
                    **measured,
                }
    result = {
        "machine": benchlib.machine(),
        "site": args.site,
        "pages": pages,
        "target_s": TARGET_S,
        "modes": cases,
    }
    name = "rebuild" if args.site == "synthetic" else "rebuild-real"
    path = benchlib.write_results(name, result)
    table = render(result)
    print(table)
    print(f"\nWrote {path.relative_to(benchlib.ROOT)}")
    if not args.no_readme:
        benchlib.update_readme(name, table)
    return 0


def measure(config: Path, mode: str, repeats: int, edits: list[Edit]) -> list[dict]:
    """Start serve; for each of `edits`, save its page `repeats` times and time each save until the new
    HTML is served. One result per edit."""
    port = free_port()
    # MkDocs warns about every dirty build, so --strict (which turns warnings into errors) is for full only.
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}"]
    command += ["--dirty", "--no-strict"] if mode == "dirty" else ["--strict"]
    process = subprocess.Popen(
        command,
        cwd=config.parent,
        env=benchlib.build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if process.stdout is None:  # never, with stdout=PIPE; says so to the type checker
        raise RuntimeError("mkdocs serve was started without an output pipe")
    log = ServeLog(process.stdout)
    results = []
    try:
        wait_until_served(f"http://127.0.0.1:{port}/{edits[0].path}", "", process, log)
        for edit in edits:
            url = f"http://127.0.0.1:{port}/{edit.path}"
            original = edit.file.read_text(encoding="utf-8")
            if edit.anchor not in original:
                sys.exit(f"{edit.file.name} has no {edit.anchor!r} to put the sentence before")
            times = []
            for repeat in range(repeats):
                # A random pause puts each save at a different point of the watcher's 0.5 s polling cycle.
                time.sleep(1.0 + random.random() * 0.5)
                marker = f"Rebuild marker {repeat} {time.time_ns()}"
                saved = time.perf_counter()
                edit.file.write_text(original.replace(edit.anchor, f"\n{marker}.\n{edit.anchor}", 1), "utf-8")
                served = wait_until_served(url, marker, process, log)
                detected = log.first_after(saved, DETECTED)
                reloaded = wait_for_log(log, detected or saved, RELOADED)
                times.append(
                    {
                        "total_s": round(served - saved, 3),
                        "detection_s": round(detected - saved, 3) if detected else None,
                        "build_s": round(reloaded - detected, 3) if detected and reloaded else None,
                    }
                )
                print(f"  {edit.label}, edit {repeat + 1}: {times[-1]}", flush=True)
            results.append(summarise(times))
    finally:
        stop(process)
    return results


def summarise(edits: list[dict]) -> dict:
    summary = {
        key: round(benchlib.median([value for e in edits if (value := e[key]) is not None]), 3)
        for key in ("total_s", "detection_s", "build_s")
        if any(e[key] is not None for e in edits)
    }
    return {"edits": edits, "median": summary, "pass": summary.get("total_s", 99) < TARGET_S}


def wait_until_served(url: str, marker: str, process: subprocess.Popen, log: ServeLog) -> float:
    """Poll `url` until its HTML contains `marker`; return the moment it did (bounded by a timeout)."""
    deadline = time.perf_counter() + (EDIT_TIMEOUT_S if marker else START_TIMEOUT_S)
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            sys.exit(f"mkdocs serve stopped:\n{log.text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8", errors="replace")
            if marker in body:
                return time.perf_counter()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL_S)
    stop(process)
    sys.exit(f"{url} did not show {marker!r} in time. The serve log:\n{log.text()}")


def wait_for_log(log: ServeLog, since: float, pattern: re.Pattern[str]) -> float | None:
    """The time of the first log line matching `pattern` after `since`, waiting for it (bounded)."""
    deadline = time.perf_counter() + EDIT_TIMEOUT_S
    while time.perf_counter() < deadline:
        found = log.first_after(since, pattern)
        if found is not None:
            return found
        time.sleep(POLL_S)
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def render(result: dict) -> str:
    rows = []
    for case, measured in result["modes"].items():
        median = measured["median"]
        command = f"`mkdocs serve {'--dirty' if measured.get('mode', case) == 'dirty' else '--strict'}`"
        rows.append(
            [
                command
                if result.get("site", "synthetic") == "synthetic"
                else f"{command}, `{measured['page']}`",
                f"{median.get('total_s', float('nan')):.2f}",
                f"{median.get('detection_s', float('nan')):.2f}",
                f"{median.get('build_s', float('nan')):.2f}",
                "PASS" if measured["pass"] else "FAIL",
            ]
        )
    table = benchlib.markdown_table(
        ["command", "save -> new HTML served (s)", "of which: change detection (s)", "rebuild (s)", "< 1 s"],
        rows,
    )
    what = (
        f"{result['pages']}-page synthetic site"
        if result.get("site", "synthetic") == "synthetic"
        else f"the real site ({result['pages']} Markdown files, English and Spanish built together)"
    )
    return (
        f"Measured {benchlib.machine_line(result['machine'])}; {what}, "
        f"median of {len(next(iter(result['modes'].values()))['edits'])} edits.\n\n{table}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
