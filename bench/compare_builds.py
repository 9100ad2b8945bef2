"""Compare two builds of the site page by page, as visitors and search engines see them.

    python3 bench/compare_builds.py OLD_SITE NEW_SITE        two built folders
    python3 bench/compare_builds.py --rev REV                 build git revision REV and the working tree

For every page it prints what differs in: the head's meta and link tags, the JSON-LD (pretty-printed), the
visible text (one line per block), and every link's target. The inline CSS is compared by size only. Run
after a refactor to list every visible change with its reason; no output for a page means no change.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = "h1,h2,h3,h4,h5,h6,p,li,dt,dd,td,th,summary,figcaption,blockquote,label,title,button"


def view(html: str) -> list[str]:
    """A page reduced to the lines a reader, a crawler or a sharing card sees."""
    tree = LexborHTMLParser(html)
    lines = []
    for node in tree.css("head meta, head link"):
        attrs = {
            k: v for k, v in node.attributes.items() if k in ("name", "property", "rel", "content", "href")
        }
        lines.append(f"head {node.tag} {json.dumps(attrs, sort_keys=True)}")
    for node in tree.css('script[type="application/ld+json"]'):
        lines += ["json-ld " + line for line in json.dumps(json.loads(node.text()), indent=1).splitlines()]
    style = sum(len(node.text()) for node in tree.css("style"))
    lines.append(f"inline css {round(style, -3) // 1000} KB")
    for node in tree.css("script, style, template"):
        node.decompose()
    for node in tree.css(f"body :is({BLOCKS})") if tree.body else []:
        text = " ".join(node.text().split())
        if text:
            lines.append(f"text <{node.tag}> {text}")
    for node in tree.css("body a[href]"):
        lines.append(f"link {node.attributes.get('href')}")
    return lines


def compare(old: Path, new: Path) -> int:
    pages = sorted(
        {p.relative_to(old).as_posix() for p in old.rglob("*.html")}
        | {p.relative_to(new).as_posix() for p in new.rglob("*.html")}
    )
    changed = 0
    for page in pages:
        before = view((old / page).read_text(encoding="utf-8")) if (old / page).exists() else []
        after = view((new / page).read_text(encoding="utf-8")) if (new / page).exists() else []
        diff = list(difflib.unified_diff(before, after, f"old/{page}", f"new/{page}", n=0, lineterm=""))
        if diff:
            changed += 1
            print("\n".join(line for line in diff if not line.startswith("@@")))
    print(f"{changed} of {len(pages)} pages differ")
    return 0


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795000000"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=project,
        env=env,
        check=True,
    )


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--rev":
        with tempfile.TemporaryDirectory() as tmp:
            old = Path(tmp) / "old"
            subprocess.run(
                ["git", "worktree", "add", "-q", "--detach", str(old), argv[1]], cwd=ROOT, check=True
            )
            try:
                build(old, Path(tmp) / "old-site")
                build(ROOT, Path(tmp) / "new-site")
                return compare(Path(tmp) / "old-site", Path(tmp) / "new-site")
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT, check=False)
    if len(argv) == 2:
        return compare(Path(argv[0]), Path(argv[1]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
