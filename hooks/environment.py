"""Local, preview or production build, from the SITE_ENV environment variable.

Event: `on_config`. Reads `extra.site_env` in mkdocs.yml (`!ENV [SITE_ENV, development]`).
Produces: in production, no "edit this page" link; everywhere else the link helps staff.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

PRODUCTION = "production"


def on_config(config: MkDocsConfig) -> MkDocsConfig | None:
    if is_production(config.extra):
        config.edit_uri = None
        config.edit_uri_template = None
        return config
    return None


def is_production(extra: dict[str, Any]) -> bool:
    """True when this build is for the public site."""
    return str(extra.get("site_env", "")).strip().lower() == PRODUCTION
