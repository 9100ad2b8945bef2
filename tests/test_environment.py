"""Unit tests of hooks/environment.py: which builds count as production."""

from __future__ import annotations

import pytest
from environment import is_production


@pytest.mark.parametrize("value", ["production", "Production", " production "])
def test_production_is_recognised(value: str) -> None:
    assert is_production({"site_env": value}) is True


@pytest.mark.parametrize(
    "extra", [{}, {"site_env": "development"}, {"site_env": "preview"}, {"site_env": ""}]
)
def test_anything_else_is_not_production(extra: dict) -> None:
    assert is_production(extra) is False
