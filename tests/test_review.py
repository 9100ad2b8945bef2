"""Medical review (hooks/pages.py, rj/review.py): the dates and reviewer at the foot of medical pages, and the
build's refusal of a missing, unknown, stale, future or placeholder review."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest
from babel.dates import format_date
from conftest import MEDICAL_PAGES, SOURCE_DATE_EPOCH, Build, build_copy, one, production_settings
from page_text import doc, meta, site_config, source_of, with_front_matter
from rj.model import Reviewer, SettingsError, read_extra
from rj.review import Review, add_months, check_review, graph_review_fields, parse_review_date

REVIEWERS = {"lead": Reviewer(name="Ann Example", credentials="MD")}
TODAY = date(2026, 11, 18)


def extra_with(**changes: object) -> dict:
    """The real `extra` of mkdocs.yml with some top-level keys replaced (None: removed)."""
    extra = copy.deepcopy(dict(site_config()["extra"]))
    for key, value in changes.items():
        if value is None:
            extra.pop(key, None)
        else:
            extra[key] = value
    return extra


# Date math


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 16), 12, date(2027, 11, 16)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 5, 10), 18, date(2027, 11, 10)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_short_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_next_review_is_due_one_interval_after_the_review() -> None:
    review, _ = check_review(
        {"reviewed_by": "lead", "last_reviewed": date(2025, 11, 18)},
        reviewers=REVIEWERS,
        interval_months=12,
        today=TODAY,
        medical=True,
    )
    assert review is not None
    assert review.next_review_due == date(2026, 11, 18)


def test_a_review_is_overdue_only_after_the_day_it_was_due() -> None:
    assert review_of({"reviewed_by": "lead", "last_reviewed": date(2025, 11, 18)})[1] == []
    assert len(review_of({"reviewed_by": "lead", "last_reviewed": date(2025, 11, 17)})[1]) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 11, 16), date(2026, 11, 16)),
        ("2026-11-16", date(2026, 11, 16)),
        (" 2026-11-16 ", date(2026, 11, 16)),
        ("16/11/2026", None),
        ("2026-02-30", None),
        ("20261116", None),
        (20261116, None),
        (None, None),
    ],
)
def test_parse_review_date_reads_yaml_dates_and_iso_text_only(value: object, expected: date | None) -> None:
    assert parse_review_date(value) == expected


# Configuration (read by the site model)


def test_reviewers_keep_name_credentials_role_and_placeholder() -> None:
    extra = read_extra(extra_with(reviewers={"lead": {"name": " Ann Example ", "credentials": "MD"}}))
    assert extra.reviewers == {
        "lead": Reviewer(name="Ann Example", credentials="MD", role="", placeholder=False)
    }


def test_a_reviewer_without_a_name_is_refused_with_the_fix() -> None:
    with pytest.raises(SettingsError) as error:
        read_extra(extra_with(reviewers={"lead": {"credentials": "MD"}}))
    assert str(error.value) == (
        "mkdocs.yml: `extra.reviewers.lead.name` is missing; add `name:` under `extra.reviewers.lead`."
    )


def test_placeholder_reviewers_are_listed_by_key_in_production() -> None:
    from rj.production import production_problems
    from test_model import site_with

    site = site_with(reviewers={"a": {"name": "A", "placeholder": True}, "b": {"name": "B"}})
    configured = site_config()["extra"]["reviewers"]
    expected = {"a"} | {key for key, reviewer in configured.items() if reviewer.get("placeholder")}
    reviewers = [problem for problem in production_problems(site) if problem.startswith("extra.reviewers")]
    assert {problem.split('"')[1] for problem in reviewers} == expected
    assert all(problem.endswith('delete its "placeholder: true" line') for problem in reviewers)


def test_the_review_interval_defaults_to_twelve_months() -> None:
    assert read_extra(extra_with(review_interval_months=None)).review_interval_months == 12


@pytest.mark.parametrize("value", [6, 24])
def test_the_review_interval_is_read_from_mkdocs_yml(value: int) -> None:
    assert read_extra(extra_with(review_interval_months=value)).review_interval_months == value


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, "must be at least 1"),
        (-1, "must be at least 1"),
        ("12", "must be a whole number, e.g. 12"),
        (1.5, "must be a whole number, e.g. 12"),
        (True, "must be a whole number, e.g. 12"),
    ],
)
def test_a_review_interval_that_is_not_a_whole_number_of_months_is_refused(
    value: object, problem: str
) -> None:
    with pytest.raises(SettingsError) as error:
        read_extra(extra_with(review_interval_months=value))
    assert str(error.value) == f'mkdocs.yml: `extra.review_interval_months` ("{value}") {problem}.'


# One page's review


def review_of(meta: dict, *, medical: bool = True) -> tuple[Review | None, list[str]]:
    return check_review(meta, reviewers=REVIEWERS, interval_months=12, today=TODAY, medical=medical)


def test_a_valid_review_gives_the_dates_and_the_reviewer() -> None:
    review, problems = review_of({"reviewed_by": "lead", "last_reviewed": date(2026, 11, 16)})
    assert problems == []
    assert review == Review(
        last_reviewed=date(2026, 11, 16),
        next_review_due=date(2027, 11, 16),
        reviewer_key="lead",
        reviewer=REVIEWERS["lead"],
    )


def test_a_page_that_is_not_medical_needs_no_review() -> None:
    assert review_of({}, medical=False) == (None, [])


def test_a_medical_page_without_a_review_is_a_problem() -> None:
    review, problems = review_of({})
    assert review is None
    assert problems == [
        "this medical page (it lists references) has no medical review. Once a clinician has reviewed it, "
        'add "reviewed_by: <key>" (a reviewer under extra.reviewers in mkdocs.yml) and '
        '"last_reviewed: YYYY-MM-DD" (the day of the review) to its front matter.'
    ]


def test_a_review_without_a_reviewer_is_a_problem() -> None:
    review, problems = review_of({"last_reviewed": date(2026, 11, 16)})
    assert review is None
    assert problems == [
        'the front matter has last_reviewed but no reviewed_by; add "reviewed_by: <key>", the '
        "reviewer's key under extra.reviewers in mkdocs.yml."
    ]


def test_a_review_without_a_date_is_a_problem() -> None:
    review, problems = review_of({"reviewed_by": "lead"})
    assert review is None
    assert problems == [
        'the front matter has reviewed_by but no last_reviewed; add "last_reviewed: YYYY-MM-DD", the '
        "day of the review."
    ]


def test_an_unknown_reviewer_is_a_problem_naming_the_known_ones() -> None:
    review, problems = review_of({"reviewed_by": "dr-who", "last_reviewed": date(2026, 11, 16)})
    assert review is None
    assert problems == [
        'reviewed_by: "dr-who" is not a reviewer under extra.reviewers in mkdocs.yml (known: lead); '
        "correct the key, or add the reviewer there with their name and credentials."
    ]


def test_a_date_that_is_not_a_date_is_a_problem() -> None:
    review, problems = review_of({"reviewed_by": "lead", "last_reviewed": "last week"})
    assert review is None
    assert problems == ['last_reviewed: "last week" is not a date; write it as YYYY-MM-DD, e.g. 2026-11-16.']


def test_a_review_in_the_future_is_a_problem() -> None:
    review, problems = review_of({"reviewed_by": "lead", "last_reviewed": date(2026, 11, 20)})
    assert review is None
    assert problems == [
        "last_reviewed: 2026-11-20 is in the future (the build date is 2026-11-18); set it to the day the "
        "review happened."
    ]


def test_a_review_older_than_the_interval_is_overdue_but_still_shown() -> None:
    review, problems = review_of({"reviewed_by": "lead", "last_reviewed": date(2025, 11, 17)})
    assert review is not None
    assert review.next_review_due == date(2026, 11, 17)
    assert problems == [
        "the medical review is overdue: last reviewed 2025-11-17, next review was due 2026-11-17 (every 12 "
        "months). Have a clinician review the page again, then set last_reviewed to the day of that review."
    ]


def test_a_review_on_its_last_valid_day_is_not_overdue() -> None:
    assert review_of({"reviewed_by": "lead", "last_reviewed": date(2025, 11, 18)})[1] == []


# JSON-LD fields (issue 3 reads them through this helper)


def test_graph_review_fields_give_last_reviewed_and_the_reviewer_as_a_person() -> None:
    review, _ = review_of({"reviewed_by": "lead", "last_reviewed": date(2026, 11, 16)})
    assert graph_review_fields(review) == {
        "lastReviewed": "2026-11-16",
        "reviewedBy": {"@type": "Person", "name": "Ann Example", "honorificSuffix": "MD"},
    }


def test_graph_review_fields_add_the_job_title_when_known_and_nothing_without_a_review() -> None:
    reviewer = Reviewer(name="Ann Example", credentials="MD", role="Psychiatrist")
    review = Review(
        last_reviewed=date(2026, 11, 16),
        next_review_due=date(2027, 11, 16),
        reviewer_key="lead",
        reviewer=reviewer,
    )
    assert graph_review_fields(review)["reviewedBy"]["jobTitle"] == "Psychiatrist"
    assert graph_review_fields(None) == {}


# The built site


def test_every_medical_page_shows_its_review_dates_and_reviewer(site: Build) -> None:
    config = site_config()
    language, extra = config["theme"]["language"], config["extra"]
    for path in MEDICAL_PAGES:
        front = meta(source_of(path))
        last = front["last_reviewed"]
        due = add_months(last, extra["review_interval_months"])
        reviewer = extra["reviewers"][front["reviewed_by"]]
        review = one(site.html(path), "article .rj-review")
        dates = " ".join(one(review, ".rj-review__dates").text().split())
        assert dates == (
            f"Page last reviewed: {format_date(last, 'long', locale=language)} · "
            f"Next review due: {format_date(due, 'long', locale=language)}"
        )
        assert " ".join(one(review, ".rj-review__reviewer").text().split()) == (
            f"Medical review by {reviewer['name']}, {reviewer['credentials']}."
        )


def test_review_dates_are_machine_readable(site: Build) -> None:
    times = site.html("faq/").css("article .rj-review time")
    last = meta("faq.md")["last_reviewed"]
    due = add_months(last, site_config()["extra"]["review_interval_months"])
    assert [node.attributes["datetime"] for node in times] == [last.isoformat(), due.isoformat()]


def test_the_notice_references_and_review_follow_the_page_text_in_that_order(site: Build) -> None:
    children = list(one(site.html("side-effects/"), "article").iter(include_text=False))
    classes = [node.attributes.get("class") or node.tag for node in children]
    last_heading = max(i for i, node in enumerate(children) if node.tag in ("h1", "h2", "h3"))
    order = [classes.index(name) for name in ("rj-notice", "rj-references", "rj-review")]
    assert order == sorted(order)
    assert order[0] > last_heading


def test_pages_that_are_not_medical_show_no_review(site: Build) -> None:
    for path in ("book/", "privacy/", "accessibility/", "medical-disclaimer/", "crisis-help/"):
        assert site.html(path).css("article .rj-review") == [], path


# One build with every page mistake the build reports as a warning (conftest.broken_page_files).


def test_a_stale_review_stops_the_build_naming_the_page_and_the_fix(broken_pages: Build) -> None:
    assert not broken_pages.ok
    assert (
        "WARNING -  docs/faq.md: the medical review is overdue: last reviewed 2025-10-01, next review was "
        "due 2026-10-01 (every 12 months). Have a clinician review the page again, then set last_reviewed "
        "to the day of that review." in broken_pages.log
    )


def test_a_medical_page_without_a_review_stops_the_build(broken_pages: Build) -> None:
    assert (
        "WARNING -  docs/side-effects.md: this medical page (it lists references) has no medical review."
        in (broken_pages.log)
    )


def test_an_unknown_reviewer_stops_the_build(broken_pages: Build) -> None:
    assert (
        'WARNING -  docs/how-ketamine-works.md: reviewed_by: "dr-nobody" is not a reviewer under '
        f"extra.reviewers in mkdocs.yml (known: {', '.join(sorted(site_config()['extra']['reviewers']))})"
        in broken_pages.log
    )


def test_a_review_date_after_the_build_date_stops_the_build(broken_pages: Build) -> None:
    build_day = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), UTC).date()
    assert (
        "WARNING -  docs/during-an-infusion.md: last_reviewed: 2026-12-01 is in the future (the build date "
        f"is {build_day})" in broken_pages.log
    )


EARLIER = "1790000000"  # 2026-09-21: before the docs' reviews, after the FAQ's below


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One build dated EARLIER, with a review every 3 months and the FAQ last reviewed on 2026-06-01."""
    faq = with_front_matter(doc("faq.md"), last_reviewed="2026-06-01")
    return build_copy(
        tmp_path_factory.mktemp("earlier"),
        files={"docs/faq.md": faq},
        config={"extra": {"review_interval_months": 3}},
        env={"SOURCE_DATE_EPOCH": EARLIER},
    )


def test_the_build_date_honours_source_date_epoch(earlier_build: Build) -> None:
    build_day = datetime.fromtimestamp(int(EARLIER), UTC).date()
    reviewed = meta("side-effects.md")["last_reviewed"]
    assert reviewed > build_day, "choose an earlier EARLIER: the docs' reviews must be after it"
    assert not earlier_build.ok
    assert f"last_reviewed: {reviewed} is in the future (the build date is {build_day})" in earlier_build.log


def test_a_shorter_interval_from_mkdocs_yml_applies_to_every_page(earlier_build: Build) -> None:
    build = earlier_build
    assert not build.ok
    assert "docs/faq.md: the medical review is overdue: last reviewed 2026-06-01, next review was due " in (
        build.log
    )
    assert "2026-09-01 (every 3 months)" in build.log


def test_a_new_page_with_references_is_medical_and_needs_a_review(broken_pages: Build) -> None:
    assert "docs/new.md: this medical page (it lists references) has no medical review." in broken_pages.log


def test_production_refuses_a_placeholder_reviewer_naming_the_key_and_the_fix(
    production_with_placeholders: Build,
) -> None:
    build = production_with_placeholders
    assert not build.ok
    assert "the public site cannot be built while anything in it is made up:" in build.log
    assert (
        'extra.reviewers "clinical-lead" is a placeholder: write the real clinician\'s name and credentials '
        'and delete its "placeholder: true" line' in build.log
    )


def test_production_shows_the_real_reviewer(production_site: Build) -> None:
    lead = production_settings()["extra"]["reviewers"]["clinical-lead"]
    reviewer = one(production_site.html("faq/"), ".rj-review__reviewer")
    assert " ".join(reviewer.text().split()) == f"Medical review by {lead['name']}, {lead['credentials']}."
