"""Dates for visitors, in words in the page's language (Babel).

English: "November 16, 2026"; Spanish: "16 de noviembre de 2026".
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date


def long_date(value: date | str, language: str) -> str:
    """A date in words, in `language` (a code such as `en` or `es`); text is read as YYYY-MM-DD."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_date(day, format="long", locale=language.replace("-", "_"))
