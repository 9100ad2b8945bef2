"""Medical review: is a page's review complete and current, and when is the next one due."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from rj.model import Reviewer


@dataclass(frozen=True)
class Review:
    """A medical page's review, as the page foot and the JSON-LD show it."""

    last_reviewed: date
    next_review_due: date
    reviewer_key: str
    reviewer: Reviewer


def check_review(
    meta: Mapping[str, Any],
    *,
    reviewers: Mapping[str, Reviewer],
    interval_months: int,
    today: date,
    medical: bool,
) -> tuple[Review | None, list[str]]:
    """A page's review (or None), and what is wrong with it, from its front matter."""
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
    due = add_months(reviewed_on, interval_months)
    key = str(reviewed_by)
    review = Review(last_reviewed=reviewed_on, next_review_due=due, reviewer_key=key, reviewer=reviewers[key])
    if today > due:
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
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()) if len(value.strip()) == 10 else None
        except ValueError:
            return None
    return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    year, month_index = divmod(day.month - 1 + months, 12)
    year += day.year
    month = month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def graph_review_fields(review: Review | None) -> dict[str, Any]:
    """`lastReviewed` and `reviewedBy` of a MedicalWebPage (schema.org)."""
    if review is None:
        return {}
    person: dict[str, Any] = {"@type": "Person", "name": review.reviewer.name}
    if review.reviewer.credentials:
        person["honorificSuffix"] = review.reviewer.credentials
    if review.reviewer.role:
        person["jobTitle"] = review.reviewer.role
    return {"lastReviewed": review.last_reviewed.isoformat(), "reviewedBy": person}
