"""The site model (hooks/site_model.py, rj/model.py, rj/production.py): mkdocs.yml is read and checked once,
every mistake is worded for an editor (key, value, fix), and production refuses anything made up."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import BuildChanged, site_config
from rj.claims import read_claims
from rj.model import Extra, SettingsError, Site, read_extra
from rj.production import production_problems
from rj.readability import read_limits
from rj.urls import is_fictional_phone, is_page_of, site_path
from structured_data import site_info

# A complete clinic that is not the real one (Ofcom's drama range: a valid number that belongs to nobody).
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


def merged(base: dict, changes: dict) -> dict:
    """`base` with `changes` deep-merged in (as MkDocs' INHERIT does); a value of None removes the key."""
    result = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def extra_with(**changes: Any) -> dict:
    """The real `extra` of mkdocs.yml with some settings changed."""
    return merged(dict(site_config()["extra"]), changes)


def clinic_with(**values: Any) -> dict:
    """`extra` with the test clinic, some of its details changed (None: removed)."""
    extra = extra_with()
    extra["clinic"] = merged(VALID, values)
    return extra


def read_clinic(**values: Any) -> Extra:
    return read_extra(clinic_with(**values))


def refusal(extra: dict) -> str:
    with pytest.raises(SettingsError) as error:
        read_extra(extra)
    return str(error.value)


def site_with(url: str = "https://www.clinic.test/", **changes: Any) -> Site:
    """A model of the site as on_config builds it, from the real `extra` with some settings changed."""
    config = site_config()
    return Site(
        url=url,
        name=config["site_name"],
        description=config.get("site_description", ""),
        language=config["theme"]["language"],
        use_directory_urls=True,
        extra=read_extra(extra_with(**changes)),
        card_size=(1200, 630),
        readability=read_limits(config["extra"]["readability"], config["theme"]["language"]),
        claims=read_claims(config["extra"]["claims_check"]),
    )


# The real settings


def test_the_real_mkdocs_yml_is_a_valid_model() -> None:
    extra = read_extra(site_config()["extra"])
    assert extra.clinic.name == site_config()["site_name"]
    assert sorted(extra.references) == sorted(site_config()["extra"]["references"])


# Which builds are production


@pytest.mark.parametrize("value", ["production", "Production", " production "])
def test_production_is_recognised(value: str) -> None:
    assert site_with(site_env=value).production is True


@pytest.mark.parametrize("value", [None, "development", "preview", ""])
def test_anything_else_is_not_production(value: str | None) -> None:
    assert site_with(site_env=value).production is False


# Phone numbers


def test_us_number_gives_e164_and_the_way_people_write_it() -> None:
    clinic = read_clinic(phone="281.555.0142", address={"country": "US"}).clinic
    assert (clinic.phone_e164, clinic.phone_display) == ("+12815550142", "(281) 555-0142")


def test_foreign_number_is_shown_in_international_form() -> None:
    clinic = read_clinic(address={"country": "US"}).clinic
    assert (clinic.phone_e164, clinic.phone_display) == ("+442079460018", "+44 20 7946 0018")


@pytest.mark.parametrize("raw", ["555-0100", "call us", "+1 281-555-01000"])
def test_a_number_that_does_not_parse_names_the_key_and_the_fix(raw: str) -> None:
    assert refusal(clinic_with(phone=raw)) == (
        f'mkdocs.yml: `extra.clinic.phone`: "{raw}" is not a complete phone number; write it with the area '
        'code, for example "(281) 555-0100" or "+1 281-555-0100".'
    )


def test_an_empty_number_is_refused() -> None:
    assert refusal(clinic_with(phone="")) == 'mkdocs.yml: `extra.clinic.phone` ("") must not be empty.'


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


# Booking address


@pytest.mark.parametrize("url", ["https://booking.clinic.test/x?y=1", "book/", "/book/", "book.md"])
def test_https_and_site_pages_are_allowed_booking_urls(url: str) -> None:
    assert read_clinic(booking_url=url).clinic.booking_url == url


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
    message = refusal(clinic_with(booking_url=url))
    assert message.startswith(f'mkdocs.yml: `extra.clinic.booking_url`: "{url}" is not ')
    assert message.endswith(
        "; use the https:// address of the booking system, or a page of this site such as book.md."
    )


# Missing and malformed details


@pytest.mark.parametrize("key", ["name", "phone", "booking_url", "address", "hours"])
def test_a_missing_detail_names_its_key(key: str) -> None:
    assert refusal(clinic_with(**{key: None})) == (
        f"mkdocs.yml: `extra.clinic.{key}` is missing; add `{key}:` under `extra.clinic`."
    )


def test_a_missing_address_part_names_it() -> None:
    assert refusal(clinic_with(address={"postal_code": None})) == (
        "mkdocs.yml: `extra.clinic.address.postal_code` is missing; add `postal_code:` under "
        "`extra.clinic.address`."
    )
    assert refusal(clinic_with(address={"postal_code": ""})) == (
        'mkdocs.yml: `extra.clinic.address.postal_code` ("") must not be empty.'
    )


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ([{"days": ["Mon"], "opens": "09:00", "closes": "17:00"}], '`extra.clinic.hours[1].days[1]` ("Mon")'),
        ([{"days": ["Monday"], "opens": "9am", "closes": "17:00"}], "`extra.clinic.hours[1]`: it opens"),
        ([{"days": ["Monday"], "opens": "18:00", "closes": "17:00"}], "`extra.clinic.hours[1]`: it opens"),
        ([{"days": "Monday", "opens": "09:00", "closes": "17:00"}], "`extra.clinic.hours[1].days` must be"),
    ],
)
def test_bad_opening_hours_name_the_period(hours: list, expected: str) -> None:
    assert expected in refusal(clinic_with(hours=hours)).replace(' ("Monday")', "")


def test_unknown_placeholder_key_is_refused() -> None:
    assert refusal(clinic_with(placeholders=["fax"])) == (
        'mkdocs.yml: `extra.clinic`: `placeholders` names "fax", which is not a clinic detail; remove it.'
    )


def test_every_mistake_is_listed_at_once() -> None:
    lines = refusal(clinic_with(phone="call us", booking_url="javascript:x", hours=None)).splitlines()
    assert [line.split("`")[1] for line in lines] == [
        "extra.clinic.phone",
        "extra.clinic.booking_url",
        "extra.clinic.hours",
    ]


# Booking box words


def test_the_booking_box_words_are_optional() -> None:
    assert read_clinic(cta=None).clinic.cta.title is None
    words = {"title": "Questions?", "text": "A consultation does not commit you to any treatment."}
    cta = read_clinic(cta=words).clinic.cta
    assert (cta.title, cta.text) == (words["title"], words["text"])


@pytest.mark.parametrize(
    ("cta", "expected"),
    [
        ("Book now", '`extra.clinic.cta` ("Book now") must list its details below it'),
        (
            {"button": "Go"},
            '`extra.clinic.cta.button` ("Go") is not a setting here; check its spelling (the settings are: '
            "text, title)",
        ),
        ({"title": ""}, '`extra.clinic.cta.title` ("") must not be empty'),
        ({"title": "x" * 81}, '`extra.clinic.cta.title` ("' + "x" * 81 + '") must be at most 80 characters'),
        ({"text": "x" * 201}, '`extra.clinic.cta.text` ("' + "x" * 201 + '") must be at most 200 characters'),
        ({"text": "one\ntwo"}, '`extra.clinic.cta.text` ("one\ntwo") must be one line'),
        ({"text": ["one"]}, "`extra.clinic.cta.text` must be text; put it in quotes"),
    ],
)
def test_bad_booking_box_words_name_the_key_and_the_fix(cta: object, expected: str) -> None:
    assert expected in refusal(clinic_with(cta=cta))


# Editors' wording of other mistakes (issue: errors from the model)


def test_a_missing_section_names_where_to_add_it() -> None:
    assert (
        refusal(extra_with(therapy=None))
        == "mkdocs.yml: `extra.therapy` is missing; add `therapy:` under `extra`."
    )


def test_a_wrong_type_says_what_to_write() -> None:
    assert refusal(extra_with(crisis_help={"terms": "suicide"})) == (
        'mkdocs.yml: `extra.crisis_help.terms` ("suicide") must be a list, written [a, b] or one `- item` a '
        "line."
    )


def test_a_misspelt_clinic_key_lists_the_known_keys() -> None:
    message = refusal(clinic_with(phon="(281) 555-0142"))
    assert message.startswith(
        'mkdocs.yml: `extra.clinic.phon` ("(281) 555-0142") is not a setting here; check its spelling '
        "(the settings are: "
    )
    known = message.split("the settings are: ", 1)[1].rstrip(").").split(", ")
    assert {"name", "phone", "booking_url", "address", "hours", "placeholders"} <= set(known)
    assert "phon" not in known


@pytest.mark.parametrize("value", ["2019-02-30", "March 2019"])
def test_a_bad_date_in_a_reference_names_the_entry_and_the_format(value: str) -> None:
    key = next(key for key, ref in site_config()["extra"]["references"].items() if ref.get("dates"))
    assert refusal(extra_with(references={key: {"dates": [value]}})) == (
        f'mkdocs.yml: `extra.references.{key}.dates[1]` ("{value}") must be a real date written YYYY-MM-DD, '
        "e.g. 2026-11-16."
    )


def test_a_list_entry_is_named_from_one_in_the_key_and_in_the_fix() -> None:
    links = [*site_config()["extra"]["footer_links"], {"page": "privacy.md"}]
    number = len(links)
    assert refusal(extra_with(footer_links=links)) == (
        f"mkdocs.yml: `extra.footer_links[{number}].label` is missing; add `label:` under "
        f"`extra.footer_links[{number}]`."
    )


# Production


def test_a_555_01xx_number_is_fictional_in_production() -> None:
    real_looking = site_with(clinic={"phone": "(281) 555-0200", "placeholders": []})
    assert not [p for p in production_problems(real_looking) if p.startswith("extra.clinic.phone")]
    fictional = site_with(clinic={"phone": "(281) 555-0100", "placeholders": []})
    assert "extra.clinic.phone ('(281) 555-0100' is a fictional 555-01xx number)" in production_problems(
        fictional
    )


def test_production_lists_every_placeholder_at_once() -> None:
    site = site_with(
        url="https://rejuvenate-iv.example/",
        clinic={
            "phone": "(281) 555-0100",
            "booking_url": "https://booking.example.com/x",
            "placeholders": ["address", "hours"],
        },
    )
    message = "\n".join(production_problems(site))
    for expected in (
        "extra.clinic.address",
        "extra.clinic.hours",
        "fictional 555-01xx number",
        "example address",
        "site_url",
    ):
        assert expected in message
    assert "remove its name from `extra.clinic.placeholders`" in message


def test_production_refuses_a_site_address_that_is_not_https() -> None:
    problems = production_problems(site_with(url="http://www.clinic.test/"))
    assert any(p.startswith("site_url") and "https://" in p for p in problems)


def test_production_accepts_real_looking_details(production_config: dict) -> None:
    site = site_with(url=production_config["site_url"], **production_config["extra"])
    assert production_problems(site) == []


def test_the_real_build_stops_in_production_while_placeholders_remain(build_changed: BuildChanged) -> None:
    build = build_changed(env={"SITE_ENV": "production"})
    assert not build.ok
    assert "the public site cannot be built while anything in it is made up:" in build.log
    for key in site_config()["extra"]["clinic"]["placeholders"]:
        assert f"extra.clinic.{key}" in build.log
    assert "site_url" in build.log


def test_a_bad_phone_in_mkdocs_yml_stops_the_build(build_changed: BuildChanged) -> None:
    build = build_changed(config={"extra": {"clinic": {"phone": "555-01"}}})
    assert not build.ok
    assert '`extra.clinic.phone`: "555-01" is not a complete phone number' in build.log


# Addresses of this site's pages


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
    site = site_with(url=site_url, clinic={"booking_url": booking_url})
    assert site_info(site, logo="").booking == target


# Each mistake stops the real build with the editor's message


@pytest.mark.parametrize(
    ("clinic", "expected"),
    [
        ({"phone": None}, "`extra.clinic.phone` is missing; add `phone:` under `extra.clinic`"),
        ({"phone": ""}, '`extra.clinic.phone` ("") must not be empty'),
        ({"booking_url": ""}, '`extra.clinic.booking_url` ("") must not be empty'),
        (
            {"booking_url": "javascript:alert(1)"},
            '`extra.clinic.booking_url`: "javascript:alert(1)" is not allowed',
        ),
        (
            {"booking_url": "data:text/html,x"},
            '`extra.clinic.booking_url`: "data:text/html,x" is not allowed',
        ),
        ({"booking_url": "http://booking.clinic.test/"}, '"http://booking.clinic.test/" is not allowed'),
        (
            {"booking_url": "bok.md"},
            '`extra.clinic.booking_url` names "bok.md", which is not a page in docs/',
        ),
        ({"cta": {"title": "x" * 81}}, '`extra.clinic.cta.title` ("' + "x" * 81 + '") must be at most 80'),
    ],
)
def test_each_clinic_mistake_in_mkdocs_yml_stops_the_build(
    build_changed: BuildChanged, clinic: dict, expected: str
) -> None:
    if clinic.get("phone", "") is None:
        # INHERIT cannot delete a key; a copy of mkdocs.yml without the line can.
        from conftest import ROOT

        text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        phone_line = next(line for line in text.splitlines() if line.strip().startswith("phone:"))
        build = build_changed(files={"mkdocs.yml": text.replace(phone_line + "\n", "", 1)})
    else:
        build = build_changed(config={"extra": {"clinic": clinic}})
    assert not build.ok
    assert expected in build.log
