#!/usr/bin/env python3
"""Build-scale benchmark: how build time and memory grow with the page count, with and without the hooks.

    python3 bench/build_scale.py [--sizes 10 100 1000] [--repeats 5] [--full-nav]

For each size it generates a synthetic site (bench/synthetic.py: the real mkdocs.yml, overrides/ and
hooks/, generated pages with FAQs, the booking marker and review metadata), then builds it with the
project's hooks and with `hooks: []`, alternating, `--repeats` times each after one warm-up build of each.
Every build is a fresh `mkdocs build --strict` subprocess; its wall time, MkDocs' own "built in" time and
its peak memory (wait4's ru_maxrss of that subprocess) are recorded, and the medians reported. Ratios are
always against the no-hooks build measured in the same run, on the same machine, at the same time.

`--full-nav` puts every page in the menu instead (Material renders the whole menu into every page, so
this shows the theme's O(N^2) cost); its results go to build_scale-full-nav.json/.png.

Writes bench/results/build_scale.json and bench/results/build_scale.png, and the table in bench/README.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from argparse import RawDescriptionHelpFormatter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

benchlib.use_project_python()

from synthetic import make_project, page_count  # noqa: E402

HOOKS_OVERHEAD_MAX = 1.10  # the hooks add at most 10% to the build time
FLATNESS_MAX = 1.20  # time per page from 100 to 1,000 pages stays within 20%


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--full-nav", action="store_true", help="put every page in the menu")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite bench/README.md")
    args = parser.parse_args(argv)
    env = benchlib.build_env()
    sizes = []
    with tempfile.TemporaryDirectory(prefix="rj-bench-scale-") as tmp:
        for size in args.sizes:
            project = Path(tmp) / f"site-{size}"
            with_hooks, without_hooks = make_project(project, size, full_nav=args.full_nav)
            pages = page_count(project / "docs")
            print(f"{pages} pages: warming up ...", flush=True)
            configs = {"hooks": with_hooks, "no_hooks": without_hooks}
            for name, config in configs.items():
                run = benchlib.run_build(config, project / f"out-{name}", env)
                benchlib.require_ok(run, f"{size} pages ({name})")
            runs: dict[str, list[benchlib.BuildRun]] = {name: [] for name in configs}
            for repeat in range(args.repeats):
                # Alternate the order so neither build always runs on a warmer (or busier) machine.
                order = list(configs) if repeat % 2 == 0 else list(reversed(configs))
                for name in order:
                    run = benchlib.run_build(configs[name], project / f"out-{name}", env)
                    runs[name].append(benchlib.require_ok(run, f"{size} pages ({name})"))
                    print(
                        f"  {name:8} run {repeat + 1}: {run.wall:.2f} s, {run.max_rss_mib:.0f} MiB",
                        flush=True,
                    )
            sizes.append(summarise(pages, runs))
    name = "build_scale-full-nav" if args.full_nav else "build_scale"
    result = {
        "machine": benchlib.machine(),
        "repeats": args.repeats,
        "menu": "every page" if args.full_nav else "home and 8 pages",
        "sizes": sizes,
        "targets": judge(sizes),
    }
    path = benchlib.write_results(name, result)
    plot(sizes, benchlib.RESULTS / f"{name}.png", result["menu"])
    table = render(result, f"results/{name}.png")
    print(table)
    print(f"\nWrote {path.relative_to(benchlib.ROOT)} and bench/results/{name}.png")
    if not args.no_readme:
        benchlib.update_readme(name.replace("_", "-"), table)
    return 0


def summarise(pages: int, runs: dict[str, list[benchlib.BuildRun]]) -> dict:
    """Medians of one size's runs, per configuration, and the hooks/no-hooks ratios."""
    row: dict = {"pages": pages}
    for name, measured in runs.items():
        wall = benchlib.median([run.wall for run in measured])
        built = benchlib.median([run.mkdocs or run.wall for run in measured])
        row[name] = {
            "wall_s": round(wall, 3),
            "build_s": round(built, 3),
            "wall_ms_per_page": round(wall / pages * 1000, 2),
            "build_ms_per_page": round(built / pages * 1000, 2),
            "max_rss_mib": round(benchlib.median([run.max_rss_mib for run in measured]), 1),
            "runs_wall_s": [round(run.wall, 3) for run in measured],
        }
    row["ratio_wall"] = round(row["hooks"]["wall_s"] / row["no_hooks"]["wall_s"], 3)
    row["ratio_build"] = round(row["hooks"]["build_s"] / row["no_hooks"]["build_s"], 3)
    return row


def judge(sizes: list[dict]) -> dict:
    """Pass or fail for each build target, from the measured medians."""
    by_pages = sorted(sizes, key=lambda row: row["pages"])
    overhead = max(row["ratio_wall"] for row in by_pages)
    targets = {
        "hooks_overhead": {
            "limit": f"hooks/no-hooks wall time <= {HOOKS_OVERHEAD_MAX}",
            "measured": overhead,
            "pass": overhead <= HOOKS_OVERHEAD_MAX,
        }
    }
    mid = [row for row in by_pages if row["pages"] >= 100]
    if len(mid) >= 2:
        small, large = mid[0], mid[-1]
        flat = large["hooks"]["build_ms_per_page"] / small["hooks"]["build_ms_per_page"]
        memory = large["hooks"]["max_rss_mib"] / small["hooks"]["max_rss_mib"]
        growth = large["pages"] / small["pages"]
        targets["time_per_page_flat"] = {
            "limit": f"build time per page at {large['pages']} / at {small['pages']} pages <= {FLATNESS_MAX}",
            "measured": round(flat, 3),
            "pass": flat <= FLATNESS_MAX,
        }
        targets["memory_growth"] = {
            "limit": f"peak memory ratio <= page ratio ({growth:.1f})",
            "measured": round(memory, 3),
            "pass": memory <= growth,
        }
    return targets


def render(result: dict, image: str) -> str:
    rows = []
    for row in result["sizes"]:
        hooks, bare = row["hooks"], row["no_hooks"]
        rows.append(
            [
                row["pages"],
                f"{hooks['wall_s']:.2f} / {bare['wall_s']:.2f}",
                f"{hooks['build_s']:.2f} / {bare['build_s']:.2f}",
                f"{hooks['build_ms_per_page']:.1f} / {bare['build_ms_per_page']:.1f}",
                f"{hooks['max_rss_mib']:.0f} / {bare['max_rss_mib']:.0f}",
                f"{row['ratio_wall']:.2f}",
                f"{row['ratio_build']:.2f}",
            ]
        )
    table = benchlib.markdown_table(
        [
            "pages",
            "wall s (hooks / none)",
            "MkDocs build s",
            "build ms/page",
            "peak MiB",
            "ratio wall",
            "ratio build",
        ],
        rows,
    )
    verdicts = "\n".join(
        f"- {name}: {target['limit']}: measured {target['measured']} -> "
        + ("PASS" if target["pass"] else "FAIL")
        for name, target in result["targets"].items()
    )
    return (
        f"Measured {benchlib.machine_line(result['machine'])}; median of {result['repeats']} builds each; "
        f"menu: {result['menu']}.\n\n{table}\n\n{verdicts}\n\n![build time per page]({image})"
    )


def plot(sizes: list[dict], target: Path, menu: str) -> None:
    """Build time per page against page count, with and without the hooks."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pages = [row["pages"] for row in sizes]
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=110)
    for name, label, colour in (("hooks", "with the hooks", "#00695c"), ("no_hooks", "hooks: []", "#9e9e9e")):
        axes.plot(pages, [row[name]["build_ms_per_page"] for row in sizes], "o-", color=colour, label=label)
        axes.plot(
            pages,
            [row[name]["wall_ms_per_page"] for row in sizes],
            "o--",
            color=colour,
            alpha=0.5,
            label=f"{label} (wall, with start-up)",
        )
    axes.set_xscale("log")
    axes.set_xticks(pages, [str(p) for p in pages])
    axes.set_xlabel("pages in the site")
    axes.set_ylabel("build time per page (ms)")
    axes.set_ylim(bottom=0)
    axes.set_title(f"mkdocs build --strict: time per page (menu: {menu})")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    target.parent.mkdir(exist_ok=True)
    figure.savefig(target)
    plt.close(figure)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
