#!/usr/bin/env python3
"""Page weight: every built page's gzip bytes against the one-round-trip budget.

    python3 bench/page_weight.py [--site DIR]

A new connection's first flight carries about 14 KB (ten TCP segments), so a page whose whole HTML, inline
CSS included, is at most 14,336 bytes of gzip paints after one round trip. Builds the site as
`python3 dev.py build` does, but without the staff's "edit this page" button (or reads an already built
`--site`), and reports per page, in gzip bytes:
- total: the whole HTML;
- first view: the HTML up to the end of the article's first paragraph after its title (head, inline CSS,
  header, menu, crisis box, title and first paragraph): what the first paint needs;
- frame: the page with its article emptied (head, inline CSS, scripts, JSON-LD, header, menu, footer);
- article: what the article adds (its words, boxes, references and review);
- CSS and JSON-LD: the inline `<style>` and structured data alone.
Pages over the budget must be listed, with the reason, in `bench/page-weight.toml`, and their first view must
fit (tests/test_performance.py, on the production build). Writes bench/results/page-weight.json and the table
in bench/README.md. The tests import `weigh` and `listed` from here.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LISTED = BENCH / "page-weight.toml"
BUDGET = 14 * 1024
# The level the tests and this report use; hosts differ (GitHub Pages' exact level is not published).
LEVEL = 6
ARTICLE = re.compile(r"(<article\b[^>]*>)(.*)(</article>)", re.DOTALL)
STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL)
JSON_LD = re.compile(r"<script\b[^>]*application/ld\+json[^>]*>(.*?)</script>", re.DOTALL)


def gzipped(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), LEVEL, mtime=0))


@dataclass(frozen=True)
class Weight:
    total: int
    first_view: int
    frame: int
    article: int
    css: int
    json_ld: int


def first_view(html: str) -> str:
    """The HTML up to the end of the article's first paragraph after its `<h1>` (the whole page if none)."""
    article = ARTICLE.search(html)
    if article is None:
        return html
    title = html.find("<h1", article.start())
    paragraph = html.find("</p>", title if title != -1 else article.start(), article.end())
    return html if paragraph == -1 else html[: paragraph + len("</p>")]


def weigh(html: str) -> Weight:
    article = ARTICLE.search(html)
    frame = html if article is None else html[: article.end(1)] + html[article.start(3) :]
    total = gzipped(html)
    return Weight(
        total=total,
        first_view=gzipped(first_view(html)),
        frame=gzipped(frame),
        article=total - gzipped(frame),
        css=sum(gzipped(css) for css in STYLE.findall(html)),
        json_ld=sum(gzipped(data) for data in JSON_LD.findall(html)),
    )


def listed(path: Path = LISTED) -> dict[str, str]:
    """The pages allowed over the budget (their path in the site, `faq/`, `es/faq/`), each with its reason."""
    with path.open("rb") as file:
        return dict(tomllib.load(file).get("over_budget", {}))


def page_name(site: Path, file: Path) -> str:
    """`faq/` for faq/index.html, `` for the home page, `404.html` as it is."""
    name = file.relative_to(site).as_posix()
    return name.removesuffix("index.html") if name.endswith("index.html") else name


def main(argv: list[str]) -> int:
    import benchlib

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", type=Path, help="a built site to read instead of building one")
    options = parser.parse_args(argv)
    benchlib.use_project_python()
    with tempfile.TemporaryDirectory() as temp:
        site = options.site
        if site is None:
            site = Path(temp) / "site"
            # Without the staff's "edit this page" button (EDIT_URI empty), as the public build has none: the
            # weights are then those visitors get, within the few bytes by which placeholders differ from
            # the real details (about 0.25 KB a page lighter than with the button).
            env = {**benchlib.build_env(), "EDIT_URI": ""}
            benchlib.require_ok(benchlib.run_build(benchlib.ROOT / "mkdocs.yml", site, env), "the site")
        pages = {
            page_name(site, file): weigh(file.read_text("utf-8"))
            for file in sorted(site.rglob("*.html"))
            if file.name in ("index.html", "404.html") and "search" not in file.parts
        }
    allowed = listed()
    rows = [
        [
            name or "home",
            f"{weight.total:,}",
            "listed" if name in allowed else ("over" if weight.total > BUDGET else "fits"),
            f"{weight.first_view:,}",
            f"{weight.frame:,}",
            f"{weight.article:,}",
            f"{weight.css:,}",
            f"{weight.json_ld:,}",
        ]
        for name, weight in pages.items()
    ]
    header = ["page", "total", f"≤ {BUDGET:,}", "first view", "frame", "article", "inline CSS", "JSON-LD"]
    fits = sum(weight.total <= BUDGET for weight in pages.values())
    table = benchlib.markdown_table(header, rows)
    summary = f"{fits} of {len(pages)} pages fit in {BUDGET:,} bytes of gzip (level {LEVEL})"
    summary += f"; {benchlib.machine_line(benchlib.machine())}"
    results = {"budget": BUDGET, "level": LEVEL, "pages": {name: asdict(w) for name, w in pages.items()}}
    benchlib.write_results("page-weight", results)
    benchlib.update_readme("page-weight", f"{summary}\n\n{table}")
    print(summary)
    print(table)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    sys.exit(main(sys.argv[1:]))
