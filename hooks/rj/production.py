"""What the public site must not ship: placeholders and made-up details, each named with where to fix it."""

from __future__ import annotations

from urllib.parse import urlsplit

from rj.model import Site
from rj.urls import host_of, is_example_host, is_fictional_phone


def production_problems(site: Site) -> list[str]:
    """Every setting still made up, as `key (value: why)`, for the production build's refusal."""
    clinic = site.clinic
    placeholders = list(clinic.placeholders)
    found = []
    for key in placeholders:
        value = getattr(clinic, key, None)
        shown = f' ("{value}")' if isinstance(value, str) else ""
        found.append(
            f"extra.clinic.{key}{shown} is marked as a placeholder: put in the real value, then remove its "
            "name from `extra.clinic.placeholders`"
        )
    if is_example_host(host_of(site.url) or "example"):
        found.append(f"site_url ({site.url!r}: set SITE_URL to the site's public address)")
    elif urlsplit(site.url).scheme != "https":
        found.append(f"site_url ({site.url!r}: the public address must start with https://)")
    if is_fictional_phone(clinic.phone_e164) and "phone" not in placeholders:
        found.append(f"extra.clinic.phone ({clinic.phone!r} is a fictional 555-01xx number)")
    if is_example_host(host_of(clinic.booking_url)) and "booking_url" not in placeholders:
        found.append(f"extra.clinic.booking_url ({clinic.booking_url!r} is an example address)")
    for key, reviewer in site.extra.reviewers.items():
        if reviewer.placeholder:
            found.append(
                f'extra.reviewers "{key}" is a placeholder: write the real clinician\'s name and credentials '
                'and delete its "placeholder: true" line'
            )
    for key, translator in site.extra.translators.items():
        if translator.placeholder:
            found.append(
                f'extra.translators "{key}" is a placeholder: medical translations need a qualified '
                'translator; write their name and credentials and delete its "placeholder: true" line'
            )
    return found
