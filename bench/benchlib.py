"""What the three benchmarks share: the project's Python, timed builds, the machine, and the results files.

Nothing here is part of the site or its test suite; the benchmarks import it as `benchlib`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
README = BENCH / "README.md"
# dev.py (the project's commands) holds what benchmarks share with the tests: Chromium flags, project copies.
sys.path.insert(1, str(ROOT))
# The same fixed build time as the test suite, so builds are reproducible.
SOURCE_DATE_EPOCH = "1795000000"
BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


def use_project_python() -> None:
    """Re-run the calling script with the project's .venv Python when this one cannot import MkDocs."""
    try:
        import matplotlib  # noqa: F401
        import mkdocs  # noqa: F401
        import selectolax  # noqa: F401
    except ImportError:
        venv_python = ROOT / ".venv" / "bin" / "python"
        if venv_python.exists() and not os.environ.get("RJ_BENCH_REEXEC"):
            os.environ["RJ_BENCH_REEXEC"] = "1"
            os.execv(venv_python, [str(venv_python), *sys.argv])
        sys.exit(
            "The benchmarks need the project's Python environment: run `python3 dev.py test` once "
            "(it creates .venv/), then run this command again."
        )


def build_env(**extra: str) -> dict[str, str]:
    """The environment a benchmark build runs in: the caller's, minus site settings, plus a fixed date."""
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_ENV", "SITE_URL", "EDIT_URI")}
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, **extra)
    return env


@dataclass
class BuildRun:
    """One timed `mkdocs build`: wall time of the subprocess, MkDocs' own timing, and its peak memory."""

    wall: float
    mkdocs: float | None
    max_rss_mib: float
    returncode: int
    log: str


def run_build(config_file: Path, site_dir: Path, env: dict[str, str], *, strict: bool = True) -> BuildRun:
    """Build in a fresh subprocess; wait4() gives that process's own peak memory, not the benchmark's."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--clean",
        "-f",
        str(config_file),
        "-d",
        str(site_dir),
    ]
    command += ["--strict"] if strict else []
    log_file = site_dir.parent / f"{site_dir.name}.log"
    with log_file.open("w+", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=config_file.parent, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    found = BUILT_IN.search(text)
    # Linux reports ru_maxrss in KiB.
    built = float(found.group(1)) if found else None
    return BuildRun(wall, built, usage.ru_maxrss / 1024, process.returncode, text)


def require_ok(run: BuildRun, what: str) -> BuildRun:
    if run.returncode != 0:
        sys.exit(f"The build of {what} failed:\n{run.log}")
    return run


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def machine() -> dict[str, str | int]:
    """Where the numbers were measured: date, CPU count and model, Python, OS."""
    model = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count() or 0,
        "cpu": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def machine_line(info: dict) -> str:
    return f"{info['date']}, {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, {info['system']}"


def write_results(name: str, data: dict) -> Path:
    """Write bench/results/<name>.json (through a .tmp file, so a killed run leaves the old one intact)."""
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"{name}.json"
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target


def update_readme(section: str, text: str) -> None:
    """Replace the text between `<!-- section:begin -->` and `<!-- section:end -->` in bench/README.md."""
    begin, end = f"<!-- {section}:begin -->", f"<!-- {section}:end -->"
    readme = README.read_text(encoding="utf-8")
    if begin not in readme or end not in readme:
        print(f"bench/README.md has no {begin} ... {end} markers; the results are only in bench/results/")
        return
    head, rest = readme.split(begin, 1)
    _, tail = rest.split(end, 1)
    README.write_text(f"{head}{begin}\n{text.strip()}\n{end}{tail}", encoding="utf-8")


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
