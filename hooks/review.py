"""Medical review: who reviewed each medical page and when, shown at its foot and enforced by the build.

Events: `on_config` (checks the reviewers; refuses a placeholder reviewer in production), `on_page_markdown`.
Reads: `extra.reviewers` in mkdocs.yml (`key: {name, credentials, role, placeholder}`) and
`extra.review_interval_months` (12 if absent); a page's front matter `reviewed_by: <key>` and
`last_reviewed: YYYY-MM-DD`. A page is medical when its front matter lists `references`: it must have both.
Produces: `page.meta["medical_review"]` = `{"last_reviewed": date, "next_review_due": date, "reviewer":
{"key", "name", "credentials", "role"}}` for partials/rj-review.html and, through `graph_review_fields`,
for the page's JSON-LD; a warning (so a strict build fails) for a medical page with no review, an unknown
reviewer, a malformed or future date, or a review older than the interval. "Today" is the build date,
which honours SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import calendar
import logging
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from environment import is_production
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime

log = logging.getLogger("mkdocs.hooks.review")

DEFAULT_INTERVAL_MONTHS = 12
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
REVIEWER_TEXT_FIELDS = ("name", "credentials", "role")


def on_config(config: MkDocsConfig) -> None:
    reviewers = read_reviewers(config.extra.get("reviewers"))
    read_interval(config.extra.get("review_interval_months"))
    placeholders = placeholder_reviewers(reviewers)
    if placeholders and is_production(config.extra):
        named = ", ".join(f'"{key}"' for key in placeholders)
        raise PluginError(
            f"mkdocs.yml: the reviewer {named} under extra.reviewers is a placeholder, and "
            "the public site must not name a made-up reviewer. Write the real clinician's name and "
            'credentials there and delete its "placeholder: true" line (then set last_reviewed on each '
            "page they reviewed)."
        )


def on_page_markdown(markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> None:
    path = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    review, problems = check_review(
        page.meta,
        reviewers=read_reviewers(config.extra.get("reviewers")),
        interval_months=read_interval(config.extra.get("review_interval_months")),
        today=get_build_datetime().date(),
        medical="references" in page.meta,
    )
    for problem in problems:
        log.warning(f"{path}: {problem}")
    if review is not None:
        page.meta["medical_review"] = review


def read_reviewers(value: object) -> dict[str, dict[str, Any]]:
    """The reviewers under `extra.reviewers`, each with its key, or a PluginError saying what to fix."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PluginError("mkdocs.yml: extra.reviewers must map a short key to a reviewer's details.")
    reviewers = {}
    for key, entry in value.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise PluginError(
                f'mkdocs.yml: the reviewer "{key}" under extra.reviewers has no name; add "name:" (and '
                '"credentials:", such as MD) below it.'
            )
        for field in REVIEWER_TEXT_FIELDS:
            if entry.get(field) is not None and not isinstance(entry[field], str):
                raise PluginError(f'mkdocs.yml: extra.reviewers "{key}": {field} must be text.')
        if not isinstance(entry.get("placeholder", False), bool):
            raise PluginError(f'mkdocs.yml: extra.reviewers "{key}": placeholder must be true or false.')
        reviewers[str(key)] = {
            "key": str(key),
            **{field: (entry.get(field) or "").strip() for field in REVIEWER_TEXT_FIELDS},
            "placeholder": entry.get("placeholder", False),
        }
    return reviewers


def read_interval(value: object) -> int:
    """The number of months a review stays valid, from `extra.review_interval_months`."""
    if value is None:
        return DEFAULT_INTERVAL_MONTHS
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PluginError(
            f"mkdocs.yml: extra.review_interval_months is {value!r}; write a whole number of months, e.g. 12."
        )
    return value


def placeholder_reviewers(reviewers: dict[str, dict[str, Any]]) -> list[str]:
    """Keys of the reviewers still marked `placeholder: true`."""
    return [key for key, reviewer in reviewers.items() if reviewer["placeholder"]]


def check_review(
    meta: dict[str, Any],
    *,
    reviewers: dict[str, dict[str, Any]],
    interval_months: int,
    today: date,
    medical: bool,
) -> tuple[dict[str, Any] | None, list[str]]:
    """A page's review for the template (or None), and what is wrong with it, from its front matter."""
    reviewed_by, last_reviewed = meta.get("reviewed_by"), meta.get("last_reviewed")
    if reviewed_by is None and last_reviewed is None:
        if not medical:
            return None, []
        return None, [
            "this medical page (it lists references) has no medical review. Once a clinician has "
            'reviewed it, add "reviewed_by: <key>" (a reviewer under extra.reviewers in mkdocs.yml) and '
            '"last_reviewed: YYYY-MM-DD" (the day of the review) to its front matter.'
        ]
    problems = []
    if reviewed_by is None:
        problems.append(
            'the front matter has last_reviewed but no reviewed_by; add "reviewed_by: <key>", the '
            "reviewer's key under extra.reviewers in mkdocs.yml."
        )
    elif str(reviewed_by) not in reviewers:
        known = ", ".join(sorted(reviewers)) or "none yet"
        problems.append(
            f'reviewed_by: "{reviewed_by}" is not a reviewer under extra.reviewers in mkdocs.yml (known: '
            f"{known}); correct the key, or add the reviewer there with their name and credentials."
        )
    reviewed_on = parse_review_date(last_reviewed)
    if last_reviewed is None:
        problems.append(
            'the front matter has reviewed_by but no last_reviewed; add "last_reviewed: YYYY-MM-DD", the '
            "day of the review."
        )
    elif reviewed_on is None:
        problems.append(
            f'last_reviewed: "{last_reviewed}" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-16.'
        )
    if problems or reviewed_on is None:
        return None, problems
    if reviewed_on > today:
        return None, [
            f"last_reviewed: {reviewed_on.isoformat()} is in the future (the build date is "
            f"{today.isoformat()}); set it to the day the review happened."
        ]
    due = next_review_due(reviewed_on, interval_months)
    review = {"last_reviewed": reviewed_on, "next_review_due": due, "reviewer": reviewers[str(reviewed_by)]}
    if is_overdue(reviewed_on, interval_months=interval_months, today=today):
        problems.append(
            f"the medical review is overdue: last reviewed {reviewed_on.isoformat()}, next review was due "
            f"{due.isoformat()} (every {interval_months} months). Have a clinician review the page again, "
            "then set last_reviewed to the day of that review."
        )
    return review, problems


def parse_review_date(value: object) -> date | None:
    """A front-matter date (YAML gives a date for YYYY-MM-DD; quoted text is read too), or None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(reviewed_on: date, interval_months: int) -> date:
    """The date by which the page must be reviewed again."""
    return add_months(reviewed_on, interval_months)


def is_overdue(reviewed_on: date, *, interval_months: int, today: date) -> bool:
    """True once the review is older than the interval: the day after its next review was due."""
    return today > next_review_due(reviewed_on, interval_months)


def graph_review_fields(review: dict[str, Any] | None) -> dict[str, Any]:
    """`lastReviewed` and `reviewedBy` of a MedicalWebPage (schema.org) from page.meta["medical_review"]."""
    if not review:
        return {}
    reviewer = review["reviewer"]
    person = {"@type": "Person", "name": reviewer["name"]}
    if reviewer.get("credentials"):
        person["honorificSuffix"] = reviewer["credentials"]
    if reviewer.get("role"):
        person["jobTitle"] = reviewer["role"]
    return {"lastReviewed": review["last_reviewed"].isoformat(), "reviewedBy": person}
