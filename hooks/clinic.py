"""The clinic's details in mkdocs.yml, checked once per build so no page ships a wrong one.

Events: `on_config`, `on_files` (a booking_url that is a page of this site must be a real page).
Reads: `extra.clinic` in mkdocs.yml: `name`, `locality`, `phone`, `booking_url`, `address` (`street`,
`locality`, `region`, `postal_code`, `country`), `hours` (a list of `days`, `opens`, `closes`), the
optional words of the booking box `cta` (`title`, `text`), and `placeholders`, the keys whose values are
not real yet. `SITE_ENV=production` marks the public build.
Produces: `extra.clinic.phone_e164` (for `tel:` links and structured data), `extra.clinic.phone_display`
(the number as people write it) and `extra.clinic.booking_path` (the site-relative address when
booking_url is a page of this site, else "") beside the configured values; or a build error naming the
key and the fix. In production it also refuses every placeholder, a fictional 555-01xx number, and an
example booking host. `booking_target()` gives structured data the absolute booking address.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import phonenumbers
from environment import is_production
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

DEFAULT_REGION = "US"
REQUIRED = ("name", "phone", "booking_url", "address", "hours")
ADDRESS_PARTS = ("street", "locality", "region", "postal_code", "country")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Domains reserved for examples (RFC 2606): never a real booking system or public address.
EXAMPLE_HOSTS = re.compile(r"(^|\.)example(\.com|\.org|\.net)?$")
# The booking box's optional words and their longest sensible length: it must stay short on a phone.
CTA_TEXT_LIMITS = {"title": 80, "text": 200}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    clinic = config.extra.get("clinic")
    if not isinstance(clinic, dict):
        raise PluginError(
            "mkdocs.yml: `extra.clinic` is missing; add the clinic's name, phone and booking_url."
        )
    clinic.update(check_clinic(clinic))
    clinic["booking_path"] = site_path(
        str(clinic["booking_url"]), use_directory_urls=config.use_directory_urls
    )
    if is_production(config.extra):
        refuse_placeholders(clinic, site_url=config.site_url or "")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> None:
    path = config.extra["clinic"]["booking_path"]
    if path and not is_page_of(path, [file.url for file in files.documentation_pages()]):
        raise config_error(
            "booking_url",
            f'"{config.extra["clinic"]["booking_url"]}" is not a page of this site',
            "name an existing page such as `book.md`, or use the https:// address of the booking system",
        )


def check_clinic(clinic: dict[str, Any]) -> dict[str, str]:
    """Check every clinic detail; return the derived phone fields, or raise naming the key and the fix."""
    for key in REQUIRED:
        if clinic.get(key) in (None, "", [], {}):
            raise config_error(key, "is missing", f"add `{key}:` under `extra.clinic`")
    check_booking_url(str(clinic["booking_url"]))
    check_address(clinic["address"])
    check_hours(clinic["hours"])
    check_cta_text(clinic.get("cta"))
    check_placeholder_keys(clinic.get("placeholders") or [], clinic)
    e164, display = format_phone(str(clinic["phone"]))
    return {"phone_e164": e164, "phone_display": display}


def format_phone(raw: str, region: str = DEFAULT_REGION) -> tuple[str, str]:
    """Return the number in E.164 (for `tel:`) and as people write it, or raise if it is not a number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise config_error(
            "phone",
            f'"{raw}" is not a complete phone number',
            'write it with the area code, for example "(281) 555-0100" or "+1 281-555-0100"',
        )
    local = phonenumbers.region_code_for_number(number) == region
    style = phonenumbers.PhoneNumberFormat.NATIONAL if local else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        phonenumbers.format_number(number, style),
    )


def is_fictional_phone(e164: str) -> bool:
    """True for North American 555-0100 to 555-0199, the numbers set aside for fiction."""
    return e164.startswith("+1") and len(e164) == 12 and e164[5:10] == "55501"


def check_booking_url(url: str) -> None:
    """Allow an https:// address or a page of this site; refuse every other scheme."""
    parts = urlsplit(url)
    if re.search(r"\s", url) or url.startswith("//"):
        problem = f'"{url}" is not a web address'
    elif parts.scheme == "https" and parts.netloc:
        return
    elif not parts.scheme and not parts.netloc and url:
        return  # a page of this site, such as `book/`
    else:
        problem = f'"{url}" is not allowed: only https:// addresses or pages of this site are'
    raise config_error(
        "booking_url",
        problem,
        "use the https:// address of the booking system, or a page of this site such as `book/`",
    )


def site_path(url: str, *, use_directory_urls: bool = True) -> str:
    """The site-relative address of a booking_url naming a page of this site (`book.md`: `book/`), else ""."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return ""
    path = parts.path.lstrip("/")  # `/book/` means this site's page even when the site lives in a sub-folder
    if path.endswith(".md"):
        stem = path[: -len(".md")]
        if not use_directory_urls:
            path = stem + ".html"
        elif stem == "index" or stem.endswith("/index"):
            path = stem[: -len("index")]
        else:
            path = stem + "/"
    path = path or "./"
    return (
        path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")
    )


def is_page_of(path: str, page_urls: list[str]) -> bool:
    """True when the site-relative `path` (query and fragment aside) is one of the site's page addresses."""
    bare = re.split(r"[?#]", path, maxsplit=1)[0]
    return (bare if bare != "./" else "") in page_urls


def booking_target(clinic: dict[str, Any], site_url: str) -> str:
    """The absolute booking address for structured data: the https:// address, or this site's page."""
    url = str(clinic["booking_url"])
    path = clinic["booking_path"] if "booking_path" in clinic else site_path(url)
    return urljoin(site_url.rstrip("/") + "/", path) if path else url


def check_cta_text(cta: Any) -> None:
    """Allow the booking box's optional `title` and `text`: short, one line each."""
    if cta is None:
        return
    if not isinstance(cta, dict):
        raise config_error("cta", "must list `title:` and `text:`", "see the example in mkdocs.yml")
    for key, value in cta.items():
        if key not in CTA_TEXT_LIMITS:
            raise config_error(f"cta.{key}", "is not a setting", "use only " + " and ".join(CTA_TEXT_LIMITS))
        limit = CTA_TEXT_LIMITS[key]
        if not isinstance(value, str) or not value.strip() or "\n" in value.strip() or len(value) > limit:
            raise config_error(
                f"cta.{key}", f"must be one line of 1 to {limit} characters", "shorten it, or delete the line"
            )


def check_address(address: Any) -> None:
    if not isinstance(address, dict):
        raise config_error("address", "must list " + ", ".join(ADDRESS_PARTS), "see the example in README.md")
    for part in ADDRESS_PARTS:
        if not str(address.get(part) or "").strip():
            raise config_error(f"address.{part}", "is missing", f"add `{part}:` under `extra.clinic.address`")


def check_hours(hours: Any) -> None:
    if not isinstance(hours, list):
        raise config_error("hours", "must be a list", "write each opening period as `- days: [...]`")
    for index, period in enumerate(hours, start=1):
        place = f"hours (period {index})"
        days = period.get("days") if isinstance(period, dict) else None
        if not isinstance(days, list) or not days or any(day not in DAYS for day in days):
            raise config_error(place, f"has days {days!r}", "list day names in full: " + ", ".join(DAYS))
        opens, closes = str(period.get("opens", "")), str(period.get("closes", ""))
        if not (TIME.match(opens) and TIME.match(closes)) or opens >= closes:
            raise config_error(
                place,
                f'opens "{opens}" and closes "{closes}"',
                'write 24-hour times in quotes, opening before closing, e.g. opens: "09:00", closes: "17:00"',
            )


def check_placeholder_keys(placeholders: Any, clinic: dict[str, Any]) -> None:
    if not isinstance(placeholders, list):
        raise config_error("placeholders", "must be a list", "write it as `placeholders: [phone, address]`")
    for key in placeholders:
        if key not in clinic:
            raise config_error("placeholders", f'names "{key}", which is not a clinic detail', "remove it")


def refuse_placeholders(clinic: dict[str, Any], *, site_url: str) -> None:
    """Stop a production build while any clinic detail is still a placeholder, listing each one."""
    found = [describe(key, clinic.get(key)) for key in clinic.get("placeholders") or []]
    if EXAMPLE_HOSTS.search(urlsplit(site_url).hostname or "example"):
        found.append(f"site_url ({site_url!r}: set SITE_URL to the site's public address)")
    if is_fictional_phone(clinic["phone_e164"]) and "phone" not in (clinic.get("placeholders") or []):
        found.append(f"extra.clinic.phone ({clinic['phone']!r} is a fictional 555-01xx number)")
    host = urlsplit(str(clinic["booking_url"])).hostname or ""
    if EXAMPLE_HOSTS.search(host) and "booking_url" not in (clinic.get("placeholders") or []):
        found.append(f"extra.clinic.booking_url ({clinic['booking_url']!r} is an example address)")
    if found:
        raise PluginError(
            "mkdocs.yml: the public site cannot be built while clinic details are placeholders:\n  - "
            + "\n  - ".join(found)
            + "\nPut in the real value for each, then remove its name from `extra.clinic.placeholders`."
        )


def describe(key: str, value: Any) -> str:
    shown = f' ("{value}")' if isinstance(value, str | int) else ""
    return f"extra.clinic.{key}{shown}"


def config_error(key: str, problem: str, fix: str) -> PluginError:
    return PluginError(f"mkdocs.yml: `extra.clinic.{key}` {problem}; {fix}.")
