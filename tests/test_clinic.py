"""hooks/clinic.py: the clinic's details are checked at build time, and production refuses placeholders."""

from __future__ import annotations

import copy

import pytest
from clinic import (
    booking_target,
    check_booking_url,
    check_clinic,
    check_cta_text,
    format_phone,
    is_fictional_phone,
    is_page_of,
    refuse_placeholders,
    site_path,
)
from mkdocs.exceptions import PluginError

VALID = {
    "name": "Test Clinic",
    "phone": "+44 20 7946 0018",
    "booking_url": "https://booking.clinic.test/book",
    "address": {
        "street": "1 Test Road",
        "locality": "Town",
        "region": "ST",
        "postal_code": "1",
        "country": "GB",
    },
    "hours": [{"days": ["Monday"], "opens": "09:00", "closes": "17:00"}],
    "placeholders": [],
}


def changed(**values) -> dict:
    clinic = copy.deepcopy(VALID)
    clinic.update(values)
    return clinic


def test_us_number_gives_e164_and_the_way_people_write_it() -> None:
    assert format_phone("281.555.0142") == ("+12815550142", "(281) 555-0142")


def test_foreign_number_is_shown_in_international_form() -> None:
    assert format_phone("+44 20 7946 0018") == ("+442079460018", "+44 20 7946 0018")


@pytest.mark.parametrize("raw", ["555-0100", "call us", "", "+1 281-555-01000"])
def test_a_number_that_does_not_parse_names_the_key_and_the_fix(raw: str) -> None:
    with pytest.raises(
        PluginError, match=r"`extra.clinic.phone` .* is not a complete phone number; write it"
    ):
        format_phone(raw)


@pytest.mark.parametrize(
    ("e164", "fictional"),
    [
        ("+12815550100", True),
        ("+12815550199", True),
        ("+12815550200", False),
        ("+442079460018", False),
        ("+15550100", False),
    ],
)
def test_fictional_range_is_555_0100_to_0199(e164: str, fictional: bool) -> None:
    assert is_fictional_phone(e164) is fictional


@pytest.mark.parametrize("url", ["https://booking.clinic.test/x?y=1", "book/", "/book/", "book.md"])
def test_https_and_site_pages_are_allowed_booking_urls(url: str) -> None:
    check_booking_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "http://booking.clinic.test/",
        "//evil.test/",
        "https://",
        "ftp://x.test/",
        "book now/",
    ],
)
def test_other_booking_urls_are_refused_with_the_fix(url: str) -> None:
    with pytest.raises(PluginError, match=r"`extra.clinic.booking_url` .*; use the https:// address"):
        check_booking_url(url)


@pytest.mark.parametrize("key", ["name", "phone", "booking_url", "address", "hours"])
def test_a_missing_detail_names_its_key(key: str) -> None:
    clinic = changed()
    del clinic[key]
    with pytest.raises(PluginError, match=rf"`extra.clinic.{key}` is missing; add `{key}:`"):
        check_clinic(clinic)


def test_a_missing_address_part_names_it() -> None:
    with pytest.raises(PluginError, match=r"`extra.clinic.address.postal_code` is missing"):
        check_clinic(changed(address={**VALID["address"], "postal_code": ""}))


@pytest.mark.parametrize(
    "hours",
    [
        [{"days": ["Mon"], "opens": "09:00", "closes": "17:00"}],
        [{"days": ["Monday"], "opens": "9am", "closes": "17:00"}],
        [{"days": ["Monday"], "opens": "18:00", "closes": "17:00"}],
    ],
)
def test_bad_opening_hours_name_the_period(hours: list) -> None:
    with pytest.raises(PluginError, match=r"`extra.clinic.hours \(period 1\)`"):
        check_clinic(changed(hours=hours))


def test_unknown_placeholder_key_is_refused() -> None:
    with pytest.raises(PluginError, match=r'names "fax", which is not a clinic detail'):
        check_clinic(changed(placeholders=["fax"]))


def test_check_returns_the_derived_phone_fields() -> None:
    assert check_clinic(changed()) == {"phone_e164": "+442079460018", "phone_display": "+44 20 7946 0018"}


def test_production_lists_every_placeholder_at_once() -> None:
    clinic = changed(
        phone="(281) 555-0100", booking_url="https://booking.example.com/x", placeholders=["address", "hours"]
    )
    clinic.update(check_clinic(clinic))
    with pytest.raises(PluginError) as error:
        refuse_placeholders(clinic, site_url="https://rejuvenate-iv.example/")
    message = str(error.value)
    for expected in (
        "extra.clinic.address",
        "extra.clinic.hours",
        "fictional 555-01xx number",
        "example address",
        "site_url",
    ):
        assert expected in message
    assert "remove its name from `extra.clinic.placeholders`" in message


def test_production_accepts_real_looking_details() -> None:
    clinic = changed()
    clinic.update(check_clinic(clinic))
    refuse_placeholders(clinic, site_url="https://www.clinic.test/")


def test_the_real_build_stops_in_production_while_placeholders_remain(build_changed) -> None:
    build = build_changed(env={"SITE_ENV": "production"})
    assert not build.ok
    assert "cannot be built while clinic details are placeholders" in build.log
    assert "extra.clinic.phone" in build.log


def test_a_bad_phone_in_mkdocs_yml_stops_the_build(build_changed) -> None:
    build = build_changed(config={"extra": {"clinic": {"phone": "555-01"}}})
    assert not build.ok
    assert '`extra.clinic.phone` "555-01" is not a complete phone number' in build.log


@pytest.mark.parametrize(
    ("url", "directory_urls", "path"),
    [
        ("https://booking.clinic.test/book", True, ""),
        ("book/", True, "book/"),
        ("/book/", True, "book/"),
        ("book.md", True, "book/"),
        ("book.md#contact-and-hours", True, "book/#contact-and-hours"),
        ("visits/book.md?first=1", True, "visits/book/?first=1"),
        ("index.md", True, "./"),
        ("visits/index.md", True, "visits/"),
        ("book.md", False, "book.html"),
        ("/", True, "./"),
    ],
)
def test_a_booking_page_of_this_site_gets_its_site_relative_address(
    url: str, directory_urls: bool, path: str
) -> None:
    assert site_path(url, use_directory_urls=directory_urls) == path


@pytest.mark.parametrize(
    ("path", "found"),
    [("book/", True), ("book/#contact", True), ("./", True), ("bok/", False), ("book", False)],
)
def test_a_site_relative_booking_address_must_be_one_of_the_pages(path: str, found: bool) -> None:
    assert is_page_of(path, ["", "book/", "faq/"]) is found


@pytest.mark.parametrize(
    ("booking_url", "site_url", "target"),
    [
        (
            "https://booking.clinic.test/book?x=1",
            "https://www.clinic.test/",
            "https://booking.clinic.test/book?x=1",
        ),
        ("book.md", "https://www.clinic.test/", "https://www.clinic.test/book/"),
        ("/book/", "https://owner.github.test/site", "https://owner.github.test/site/book/"),
        ("book/#hours", "https://owner.github.test/site/", "https://owner.github.test/site/book/#hours"),
    ],
)
def test_structured_data_gets_the_absolute_booking_address(
    booking_url: str, site_url: str, target: str
) -> None:
    assert booking_target({"booking_url": booking_url}, site_url) == target
    with_path = {"booking_url": booking_url, "booking_path": site_path(booking_url)}
    assert booking_target(with_path, site_url) == target


def test_the_booking_box_words_are_optional() -> None:
    check_cta_text(None)
    check_cta_text({"title": "Questions?", "text": "A consultation does not commit you to any treatment."})


@pytest.mark.parametrize(
    ("cta", "expected"),
    [
        ("Book now", r"`extra.clinic.cta` must list `title:` and `text:`"),
        ({"button": "Go"}, r"`extra.clinic.cta.button` is not a setting; use only title and text"),
        ({"title": ""}, r"`extra.clinic.cta.title` must be one line of 1 to 80 characters"),
        ({"title": "x" * 81}, r"`extra.clinic.cta.title` must be one line"),
        ({"text": "one\ntwo"}, r"`extra.clinic.cta.text` must be one line of 1 to 200 characters"),
        ({"text": 3}, r"`extra.clinic.cta.text` must be one line"),
    ],
)
def test_bad_booking_box_words_name_the_key_and_the_fix(cta: object, expected: str) -> None:
    with pytest.raises(PluginError, match=expected):
        check_clinic(changed(cta=cta))


@pytest.mark.parametrize(
    ("clinic", "expected"),
    [
        ({"phone": ""}, "`extra.clinic.phone` is missing; add `phone:` under `extra.clinic`"),
        ({"booking_url": ""}, "`extra.clinic.booking_url` is missing; add `booking_url:`"),
        (
            {"booking_url": "javascript:alert(1)"},
            '`extra.clinic.booking_url` "javascript:alert(1)" is not allowed',
        ),
        ({"booking_url": "data:text/html,x"}, '`extra.clinic.booking_url` "data:text/html,x" is not allowed'),
        ({"booking_url": "http://booking.clinic.test/"}, '"http://booking.clinic.test/" is not allowed'),
        ({"booking_url": "bok.md"}, '`extra.clinic.booking_url` "bok.md" is not a page of this site'),
        ({"cta": {"title": "x" * 81}}, "`extra.clinic.cta.title` must be one line of 1 to 80 characters"),
    ],
)
def test_each_clinic_mistake_in_mkdocs_yml_stops_the_build(
    build_changed, clinic: dict, expected: str
) -> None:
    build = build_changed(config={"extra": {"clinic": clinic}})
    assert not build.ok
    assert expected in build.log


def test_production_names_every_placeholder_in_the_build_log(build_changed) -> None:
    build = build_changed(env={"SITE_ENV": "production"})
    assert not build.ok
    for key in ("phone", "booking_url", "address", "hours"):
        assert f"extra.clinic.{key}" in build.log
    assert "site_url" in build.log
