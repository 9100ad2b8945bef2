"""Dates for visitors, in words in the page's language (Babel).

English: "November 16, 2026"; Spanish: "16 de noviembre de 2026".
"""

from __future__ import annotations

from datetime import date, time

from babel import Locale
from babel.dates import format_date, format_time, get_day_names

WEEK = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(value: date | str, language: str) -> str:
    """A date in words, in `language` (a code such as `en` or `es`); text is read as YYYY-MM-DD."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_date(day, format="long", locale=language.replace("-", "_"))


def short_time(value: str, language: str) -> str:
    """A 24-hour time written `HH:MM` as people read it in `language`: "9 AM", "9:30 AM", "17:00".

    On a 12-hour clock (the locale's pattern has AM/PM) an hour on the dot is said without ":00".
    """
    locale = Locale.parse(language.replace("-", "_"))
    moment = time.fromisoformat(value)
    pattern = locale.time_formats["short"].pattern
    if moment.minute == 0 and "a" in pattern:
        pattern = pattern.replace(":mm", "")
    return format_time(moment, format=pattern, locale=locale)


def day_names(days: list[str], language: str) -> list[str]:
    """English day names (as mkdocs.yml writes them) in `language`, as written inside a sentence."""
    names = get_day_names("wide", locale=language.replace("-", "_"))
    return [names[WEEK.index(day)] for day in days]
