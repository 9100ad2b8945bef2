"""Faster rebuilds under `mkdocs serve`: the theme's compiled templates are kept from one rebuild to the next.

Events: `on_startup` (is this `mkdocs serve`?), `on_env`. Reads nothing from the pages or mkdocs.yml.
Produces: under `mkdocs serve`, the theme's Jinja environment gets a bytecode cache held in memory, so a
rebuild after an edit compiles only the templates whose source changed (MkDocs makes a new environment for
every build, and compiling Material's ~45 templates is about a third of a 100-page rebuild). `mkdocs build`
is left as it was: it compiles every template once anyway, and storing them would only cost time. The
cache holds one entry per template file (a changed template replaces its entry), so it does not grow with
the number of rebuilds.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.bccache import Bucket


def on_startup(command: str, **_: Any) -> None:
    SERVING["now"] = command == "serve"


def on_env(env: jinja2.Environment, **_: Any) -> jinja2.Environment:
    if SERVING["now"]:
        env.bytecode_cache = TEMPLATES
    return env


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates by template file; Jinja checks each entry against the source's checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self.compiled.clear()


# Live as long as the `mkdocs serve` process: that is the point.
TEMPLATES = MemoryBytecodeCache()
SERVING = {"now": False}
