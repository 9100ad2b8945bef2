"""hooks/clinic.py: the clinic's details are checked at build time, and production refuses placeholders."""

from __future__ import annotations

import copy

import pytest
from clinic import check_booking_url, check_clinic, format_phone, is_fictional_phone, refuse_placeholders
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
