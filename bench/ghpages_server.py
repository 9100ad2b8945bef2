"""A small static server that answers like GitHub Pages, for the page-speed benchmark (127.0.0.1 only).

What it copies from GitHub Pages, because Lighthouse's numbers depend on it:
- gzip (`Content-Encoding: gzip`, `Vary: Accept-Encoding`) for text types when the browser accepts it;
- `Cache-Control: max-age=600` and `Expires`, `ETag`, `Last-Modified`, and 304 for `If-None-Match`;
- `/dir` redirects (301) to `/dir/`, `/dir/` serves `dir/index.html`, and a missing file gets the
  site's 404.html with status 404.
HTTP/1.1 only (GitHub Pages speaks HTTP/2); Lighthouse's simulated throttling models the connections.

    python3 bench/ghpages_server.py SITE_DIR [PORT]     serve a built site until Ctrl-C
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import mimetypes
import sys
import threading
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_AGE = 600
GZIP_LEVEL = 6
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "application/manifest+json",
)
TYPES = {".js": "application/javascript", ".json": "application/json", ".svg": "image/svg+xml"}


@lru_cache(maxsize=4096)
def load(path: Path, mtime: float) -> tuple[bytes, bytes, str]:
    """A file's bytes, their gzip, and an ETag; cached per modification time."""
    raw = path.read_bytes()
    return raw, gzip.compress(raw, GZIP_LEVEL, mtime=0), '"' + hashlib.sha1(raw).hexdigest()[:16] + '"'


def content_type(path: Path) -> str:
    kind = TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind in TYPES.values() else kind


def make_handler(root: Path) -> type[BaseHTTPRequestHandler]:
    root = root.resolve()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def version_string(self) -> str:
            return "GitHub.com"

        def do_HEAD(self) -> None:
            self.respond(head=True)

        def do_GET(self) -> None:
            self.respond(head=False)

        def respond(self, *, head: bool) -> None:
            url_path = unquote(urlsplit(self.path).path)
            target = (root / url_path.lstrip("/")).resolve()
            if root not in (target, *target.parents):
                return self.send_file(root / "404.html", 404, head)
            if target.is_dir():
                if not url_path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", url_path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                target = target / "index.html"
            if not target.is_file():
                return self.send_file(root / "404.html", 404, head)
            return self.send_file(target, 200, head)

        def send_file(self, path: Path, status: int, head: bool) -> None:
            if not path.is_file():
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            stat = path.stat()
            raw, packed, etag = load(path, stat.st_mtime)
            kind = content_type(path)
            if status == 200 and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.common_headers(etag, stat.st_mtime)
                self.end_headers()
                return
            use_gzip = kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", "")
            body = packed if use_gzip else raw
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.common_headers(etag, stat.st_mtime)
            if use_gzip:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def common_headers(self, etag: str, mtime: float) -> None:
            self.send_header("Cache-Control", f"max-age={MAX_AGE}")
            self.send_header("Expires", email.utils.formatdate(time.time() + MAX_AGE, usegmt=True))
            self.send_header("Last-Modified", email.utils.formatdate(mtime, usegmt=True))
            self.send_header("ETag", etag)
            self.send_header("Access-Control-Allow-Origin", "*")

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class Server:
    """The server on 127.0.0.1 in a background thread; the port is chosen before the site is built."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), make_handler(root))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    with Server(Path(argv[0]), int(argv[1]) if len(argv) > 1 else 8001) as server:
        print(f"Serving {argv[0]} at {server.origin}/ (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
