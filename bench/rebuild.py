#!/usr/bin/env python3
"""Rebuild latency of `mkdocs serve`: from saving one page to the served page showing the edit.

    python3 bench/rebuild.py [--pages 100] [--repeats 5] [--modes full dirty]

Generates a synthetic site (bench/synthetic.py, with the project's hooks), starts `mkdocs serve --strict`
on 127.0.0.1 (a free port), and then, `--repeats` times: writes a new sentence into one page, and polls
that page's URL every 10 ms (bounded: 30 s) until the served HTML holds the sentence. The serve log is
read as it arrives and time-stamped, which splits the latency into its parts:

- detection: save -> "Detected file changes". MkDocs watches with a polling observer (every 0.5 s), then
  waits 0.1 s for more changes, so this part is 0.1 to 0.6 s whatever the site does;
- build: "Detected file changes" -> "Reloading browsers" (the rebuild itself, hooks included);
- total: save -> the new HTML served (what an editor waits for; the browser reload follows at once).

Mode `full` is `mkdocs serve --strict` (what `python3 dev.py serve` runs); `dirty` is `mkdocs serve --dirty`
(rebuilds only the changed pages; MkDocs warns that menus and links may then be stale, so not --strict).
Writes bench/results/rebuild.json and the table in bench/README.md.
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
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

benchlib.use_project_python()

from synthetic import make_project, page_count, topic_name  # noqa: E402

TARGET_S = 1.0
POLL_S = 0.01
EDIT_TIMEOUT_S = 30.0
START_TIMEOUT_S = 180.0
DETECTED = re.compile(r"Detected file changes")
RELOADED = re.compile(r"Reloading browsers")


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
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--modes", nargs="+", choices=("full", "dirty"), default=["full", "dirty"])
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite bench/README.md")
    args = parser.parse_args(argv)
    modes = {}
    with tempfile.TemporaryDirectory(prefix="rj-bench-rebuild-") as tmp:
        config, _ = make_project(Path(tmp) / "project", args.pages)
        pages = page_count(Path(tmp) / "project" / "docs")
        for mode in args.modes:
            print(f"mkdocs serve ({mode}) on {pages} pages ...", flush=True)
            modes[mode] = measure(config, mode, args.repeats)
    result = {"machine": benchlib.machine(), "pages": pages, "target_s": TARGET_S, "modes": modes}
    path = benchlib.write_results("rebuild", result)
    table = render(result)
    print(table)
    print(f"\nWrote {path.relative_to(benchlib.ROOT)}")
    if not args.no_readme:
        benchlib.update_readme("rebuild", table)
    return 0


def measure(config: Path, mode: str, repeats: int) -> dict:
    """Start serve, edit one page `repeats` times, and time each edit until the new HTML is served."""
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
    page = config.parent / "docs" / topic_name(1)
    url = f"http://127.0.0.1:{port}/{Path(topic_name(1)).stem}/"
    edits = []
    try:
        wait_until_served(url, "", process, log)
        original = page.read_text(encoding="utf-8")
        for repeat in range(repeats):
            # A random pause puts each save at a different point of the watcher's 0.5 s polling cycle.
            time.sleep(1.0 + random.random() * 0.5)
            marker = f"Rebuild marker {repeat} {time.time_ns()}"
            saved = time.perf_counter()
            edited = original.replace("\n## Before you arrive", f"\n{marker}.\n\n## Before you arrive")
            page.write_text(edited, encoding="utf-8")
            served = wait_until_served(url, marker, process, log)
            detected = log.first_after(saved, DETECTED)
            reloaded = wait_for_log(log, detected or saved, RELOADED)
            edits.append(
                {
                    "total_s": round(served - saved, 3),
                    "detection_s": round(detected - saved, 3) if detected else None,
                    "build_s": round(reloaded - detected, 3) if detected and reloaded else None,
                }
            )
            print(f"  edit {repeat + 1}: {edits[-1]}", flush=True)
    finally:
        stop(process)
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
    for mode, measured in result["modes"].items():
        median = measured["median"]
        rows.append(
            [
                f"`mkdocs serve {'--dirty' if mode == 'dirty' else '--strict'}`",
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
    return (
        f"Measured {benchlib.machine_line(result['machine'])}; {result['pages']}-page synthetic site, "
        f"median of {len(next(iter(result['modes'].values()))['edits'])} edits.\n\n{table}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
