#!/usr/bin/env python3
"""Page-speed benchmark: Lighthouse (mobile) on every page, this site beside vanilla Material, same docs.

    python3 bench/pagespeed.py [--pages "" faq/ ...] [--runs 1] [--no-vanilla]

1. Installs Lighthouse from bench/package-lock.json with `npm ci` (only when bench/node_modules is missing
   or older than the lock file). Lighthouse drives the Chromium already installed (CHROMIUM_PATH, else
   CHROME_PATH, else /usr/bin/chromium); nothing downloads a browser.
2. Starts two servers on 127.0.0.1 that answer like GitHub Pages (bench/ghpages_server.py: gzip,
   `Cache-Control: max-age=600`, ETag), then builds into them: this site (the worktree's mkdocs.yml,
   overrides and hooks, `mkdocs build --strict`), and vanilla Material (the same docs, nav and Markdown
   extensions, and the same languages (the i18n plugin), but Material's default theme settings: no
   overrides, no hooks, no extra CSS, Roboto from Google Fonts). Both are built with SITE_URL set to
   their server, as a deployed site is.
3. Runs Lighthouse 12.8 (mobile form factor, simulated throttling: its defaults) on every page of the
   sitemap, on both sites, and reads from each report: the four category scores, Largest Contentful
   Paint, Cumulative Layout Shift, render-blocking bytes (the HTML document plus every stylesheet and
   head script that holds back first paint, as transferred, i.e. gzip), total transfer, requests, and
   third-party requests (any request to another host; vanilla's Google Fonts request fails on a closed
   network, and is counted).
4. Prints a table per page with the ratio to vanilla and a pass or fail per target; writes
   bench/results/pagespeed.json and the table in bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from argparse import RawDescriptionHelpFormatter
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

import dev

benchlib.use_project_python()

from ghpages_server import Server  # noqa: E402

LIGHTHOUSE = benchlib.BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
LOCK_STAMP = benchlib.BENCH / "node_modules" / ".rj-package-lock.sha256"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new", *(flag for flag in dev.CHROMIUM_FLAGS if flag != "--headless"))
LIGHTHOUSE_TIMEOUT_S = 240
# The targets, every page (issue 15: LCP 0.8 s, and the whole HTML in one round trip, 14,336 bytes).
TARGETS = {
    "scores": 100,
    "lcp_s": 0.8,
    "cls": 0.0,
    "third_party": 0,
    "render_blocking_kb": 14.0,
    "transfer_kb": 45.0,
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", help='URL paths to measure ("" is the home page); default: all')
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median is kept)")
    parser.add_argument(
        "--again",
        action="store_true",
        help="measure nothing: judge bench/results/pagespeed.json against today's targets, print its table "
        "and write it into bench/README.md",
    )
    parser.add_argument("--no-vanilla", action="store_true", help="measure this site only")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite bench/README.md")
    args = parser.parse_args(argv)
    if args.again:
        result = json.loads((benchlib.RESULTS / "pagespeed.json").read_text(encoding="utf-8"))
        for measured in result["pages"]:
            measured["verdict"] = verdict(measured["site"])
        result["targets"] = TARGETS
        benchlib.write_results("pagespeed", result)
        table = render(result)
        print(table)
        benchlib.update_readme("pagespeed", table)
        return 0
    chrome = chrome_path()
    install_lighthouse()
    with tempfile.TemporaryDirectory(prefix="rj-bench-pagespeed-") as tmp_name, ExitStack() as stack:
        tmp = Path(tmp_name)
        sites = {"site": tmp / "site"} | ({} if args.no_vanilla else {"vanilla": tmp / "vanilla"})
        for folder in sites.values():
            folder.mkdir()
        # The servers start first, so each site can be built with its real address.
        servers = {name: stack.enter_context(Server(folder)) for name, folder in sites.items()}
        build_site(sites["site"], servers["site"].origin)
        if "vanilla" in sites:
            build_vanilla(tmp, sites["vanilla"], servers["vanilla"].origin)
        pages = args.pages if args.pages is not None else sitemap_paths(sites["site"])
        results = []
        for path in pages:
            row: dict[str, Any] = {"page": "/" + path}
            for name, server in servers.items():
                print(f"Lighthouse {name}: /{path} ...", flush=True)
                blocking = blocking_resources(sites[name], path, f"{server.origin}/{path}")
                runs = [
                    lighthouse(f"{server.origin}/{path}", chrome, tmp / f"{name}-{i}.json", blocking)
                    for i in range(args.runs)
                ]
                row[name] = median_metrics(runs)
            row["verdict"] = verdict(row["site"])
            if "vanilla" in row:
                row["ratio"] = ratios(row["site"], row["vanilla"])
            results.append(row)
            print(render_rows([row]), flush=True)
    result = {
        "machine": benchlib.machine(),
        "lighthouse": lighthouse_version(),
        "chromium": chrome,
        "runs_per_page": args.runs,
        "targets": TARGETS,
        "pages": results,
    }
    path = benchlib.write_results("pagespeed", result)
    table = render(result)
    print(table)
    print(f"\nWrote {path.relative_to(benchlib.ROOT)}")
    if not args.no_readme and args.pages is None:
        benchlib.update_readme("pagespeed", table)
    return 0


def chrome_path() -> str:
    for candidate in (os.environ.get("CHROMIUM_PATH"), os.environ.get("CHROME_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    sys.exit("No Chromium found: install Debian's `chromium` package or set CHROMIUM_PATH to a Chromium.")


def install_lighthouse() -> None:
    """`npm ci` from the committed lock file, unless node_modules already matches it."""
    lock = (benchlib.BENCH / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock).hexdigest()
    if LIGHTHOUSE.exists() and LOCK_STAMP.exists() and LOCK_STAMP.read_text() == digest:
        return
    if not shutil.which("npm"):
        sys.exit("The page-speed benchmark needs Node.js 18+ and npm (Debian: apt-get install nodejs npm).")
    print("Installing Lighthouse (npm ci in bench/) ...", flush=True)
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    if subprocess.run(command, cwd=benchlib.BENCH, env=env, check=False).returncode != 0:
        sys.exit("npm ci failed in bench/; see npm's message above.")
    LOCK_STAMP.write_text(digest)


def lighthouse_version() -> str:
    package = benchlib.BENCH / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def build_site(site: Path, origin: str) -> None:
    """This site, exactly as the project builds it, with its address set to the local server."""
    env = benchlib.build_env(SITE_URL=f"{origin}/")
    run = benchlib.run_build(benchlib.ROOT / "mkdocs.yml", site, env)
    benchlib.require_ok(run, "the site")


def build_vanilla(tmp: Path, site: Path, origin: str) -> None:
    """The same docs with Material's defaults: no overrides, hooks, extra CSS/JS or theme settings."""
    from mkdocs.utils import yaml_load

    real = yaml_load((benchlib.ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = real.get("theme") or {}
    theme_defaults = material_theme_defaults()
    vanilla_theme = {key: theme_defaults.get(key) for key in theme if key not in ("name", "language")}
    if "custom_dir" in vanilla_theme:
        # INHERIT cannot delete a key, and MkDocs refuses a null custom_dir: an empty one overrides nothing.
        empty = tmp / "no-overrides"
        empty.mkdir(exist_ok=True)
        vanilla_theme["custom_dir"] = str(empty)
    overlay = {
        "INHERIT": str(benchlib.ROOT / "mkdocs.yml"),
        "docs_dir": str(benchlib.ROOT / real.get("docs_dir", "docs")),
        "site_url": f"{origin}/",
        "strict": False,
        "theme": vanilla_theme,
        "hooks": [],
        "extra_css": [],
        "extra_javascript": [],
        # The same languages: the i18n plugin builds the Spanish pages under /es/, as on this site.
        "plugins": [plugin for plugin in real.get("plugins", []) if plugin_name(plugin) in VANILLA_PLUGINS],
        "extra": {"generator": True},
    }
    config = tmp / "mkdocs.vanilla.yml"
    config.write_text(json.dumps(overlay), encoding="utf-8")
    run = benchlib.run_build(config, site, benchlib.build_env(), strict=False)
    benchlib.require_ok(run, "vanilla Material")


# The plugins vanilla keeps: search, and the Spanish edition's.
VANILLA_PLUGINS = ("search", "i18n")


def plugin_name(plugin: str | dict) -> str:
    """A `plugins:` entry's name: `search`, or the one key of `{i18n: {...}}`."""
    return plugin if isinstance(plugin, str) else next(iter(plugin), "")


def material_theme_defaults() -> dict:
    import material
    import yaml

    theme_file = Path(material.__file__).parent / "templates" / "mkdocs_theme.yml"
    defaults = yaml.safe_load(theme_file.read_text(encoding="utf-8")) or {}
    return {**defaults, "features": []}


def sitemap_paths(site: Path) -> list[str]:
    """Every page in the sitemap, as a path below the site's root ("" for the home page)."""
    from selectolax.lexbor import LexborHTMLParser

    sitemap = LexborHTMLParser((site / "sitemap.xml").read_text(encoding="utf-8"))
    return [urlsplit(node.text().strip()).path.lstrip("/") for node in sitemap.css("loc")]


def blocking_resources(site: Path, path: str, url: str) -> set[str]:
    """URLs of the stylesheets and head scripts that hold back first paint, read from the page's HTML.

    Blocking: every `<link rel=stylesheet>` not limited to print (Chrome holds rendering until each
    stylesheet whose media may match has arrived), and every `<script src>` in the head without async,
    defer or type=module. A script at the end of the body blocks the parser, not the first paint.
    """
    from urllib.parse import urljoin

    from selectolax.lexbor import LexborHTMLParser

    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    html = LexborHTMLParser(file.read_text(encoding="utf-8"))
    found = set()
    for link in html.css('link[rel~="stylesheet"][href]'):
        media = (link.attributes.get("media") or "all").strip().lower()
        if media != "print" and "disabled" not in link.attributes:
            found.add(urljoin(url, link.attributes["href"] or ""))
    for script in html.css("head script[src]"):
        attributes = script.attributes
        if not ({"async", "defer"} & set(attributes) or attributes.get("type") == "module"):
            found.add(urljoin(url, attributes["src"] or ""))
    return found


def lighthouse(url: str, chrome: str, output: Path, blocking: set[str]) -> dict:
    """One Lighthouse run (mobile, simulated throttling) in a fresh Chromium profile; its metrics."""
    profile = Path(tempfile.mkdtemp(prefix="rj-lighthouse-profile-"))
    flags = " ".join([*CHROME_FLAGS, f"--user-data-dir={profile}"])
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
    ]
    env = {**os.environ, "CHROME_PATH": chrome}
    try:
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT_S, check=False
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    if result.returncode != 0 or not output.exists():
        sys.exit(f"Lighthouse failed on {url}:\n{result.stdout}\n{result.stderr}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        sys.exit(f"Lighthouse could not measure {url}: {report['runtimeError']}")
    return metrics(report, blocking)


def metrics(report: dict, blocking_urls: set[str]) -> dict:
    """The figures the targets speak of, from one Lighthouse report."""
    audits = report["audits"]
    page = urlsplit(report.get("finalDisplayedUrl") or report["requestedUrl"])
    requests = [
        item
        for item in audits["network-requests"]["details"]["items"]
        if urlsplit(item["url"]).scheme in ("http", "https")
    ]
    third_party = [item["url"] for item in requests if urlsplit(item["url"]).netloc != page.netloc]
    document = next((item for item in requests if item.get("resourceType") == "Document"), None)
    blocking = [item for item in requests if item["url"] in blocking_urls]
    blocking_bytes = (document or {}).get("transferSize", 0) + sum(item["transferSize"] for item in blocking)
    # Lighthouse's own view, kept for comparison: it lists only what finished before first paint.
    insight = audits.get("render-blocking-insight") or audits.get("render-blocking-resources") or {}
    return {
        "scores": {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES},
        "lcp_s": round(audits["largest-contentful-paint"]["numericValue"] / 1000, 3),
        "fcp_s": round(audits["first-contentful-paint"]["numericValue"] / 1000, 3),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 4),
        "render_blocking_kb": round(blocking_bytes / 1024, 1),
        "render_blocking": [item["url"] for item in blocking],
        "lighthouse_render_blocking": [
            item["url"] for item in (insight.get("details") or {}).get("items", [])
        ],
        "transfer_kb": round(audits["total-byte-weight"]["numericValue"] / 1024, 1),
        "requests": len(requests),
        "third_party": len(third_party),
        "third_party_urls": third_party,
        "failed_audits": sorted(
            audit_id
            for audit_id, audit in audits.items()
            if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0
        ),
    }


def median_metrics(runs: list[dict]) -> dict:
    """The run whose LCP is the median (so every figure comes from one real run)."""
    ordered = sorted(runs, key=lambda run: run["lcp_s"])
    return ordered[(len(ordered) - 1) // 2]


def verdict(measured: dict) -> dict[str, bool]:
    return {
        "scores": all(score >= TARGETS["scores"] for score in measured["scores"].values()),
        "lcp": measured["lcp_s"] <= TARGETS["lcp_s"],
        "cls": measured["cls"] <= TARGETS["cls"],
        "third_party": measured["third_party"] <= TARGETS["third_party"],
        "render_blocking": measured["render_blocking_kb"] <= TARGETS["render_blocking_kb"],
        "transfer": measured["transfer_kb"] <= TARGETS["transfer_kb"],
    }


def ratios(site: dict, vanilla: dict) -> dict[str, float | None]:
    def ratio(key: str) -> float | None:
        return round(site[key] / vanilla[key], 2) if vanilla[key] else None

    return {key: ratio(key) for key in ("lcp_s", "render_blocking_kb", "transfer_kb", "requests")}


def render_rows(rows: list[dict]) -> str:
    lines = []
    for row in rows:
        for name in ("site", "vanilla"):
            if name not in row:
                continue
            m = row[name]
            scores = "/".join(str(m["scores"][c]) for c in CATEGORIES)
            cells = [
                row["page"] if name == "site" else "",
                name,
                scores,
                f"{m['lcp_s']:.2f}",
                f"{m['cls']:g}",
                f"{m['render_blocking_kb']:.1f}",
                f"{m['transfer_kb']:.1f}",
                m["requests"],
                m["third_party"],
            ]
            if name == "site":
                ratio = row.get("ratio") or {}
                cells.append(
                    " / ".join(
                        "-" if ratio.get(key) is None else f"{ratio[key]:.2f}"
                        for key in ("lcp_s", "render_blocking_kb", "transfer_kb")
                    )
                )
                failed = [target for target, ok in row["verdict"].items() if not ok]
                cells.append("pass" if not failed else "FAIL: " + ", ".join(failed))
            else:
                cells += ["", ""]
            lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)


def render(result: dict) -> str:
    header = [
        "page",
        "build",
        "Perf/A11y/BP/SEO",
        "LCP s",
        "CLS",
        "render-blocking KB",
        "transfer KB",
        "requests",
        "3rd-party",
        "ratio to vanilla (LCP / blocking / transfer)",
        "targets",
    ]
    head = benchlib.markdown_table(header, [])
    rows = result["pages"]
    passed = sum(1 for row in rows if all(row["verdict"].values()))
    goal = result["targets"]
    targets = (
        f"Targets, every page: all four scores {goal['scores']}; LCP <= {goal['lcp_s']} s; "
        f"CLS {goal['cls']:g}; no third-party request; render-blocking <= {goal['render_blocking_kb']:g} KB; "
        f"transfer <= {goal['transfer_kb']:g} KB (KB = 1,024 bytes, as transferred: gzip)."
    )
    return (
        f"Measured {benchlib.machine_line(result['machine'])}; Lighthouse {result['lighthouse']} mobile "
        f"(simulated throttling), {result['runs_per_page']} run(s) per page.\n\n"
        f"{head}\n{render_rows(rows)}\n\n{targets} Pages meeting every target: {passed} of {len(rows)}."
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
