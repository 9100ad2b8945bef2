"""The site model: every setting the hooks and templates use, read and checked once per build.

Reads the `extra` mapping of mkdocs.yml (plus `site_url`, `site_name`, `site_description` and the theme's
language, passed in by hooks/site_model.py) into typed, frozen pydantic models. Every mistake becomes one
`SettingsError` whose message names the mkdocs.yml key, the value and the fix, in an editor's words
(`editor_messages` is the one place that words pydantic's errors).
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

import phonenumbers
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    computed_field,
    field_validator,
    model_validator,
)

from rj.claims import Claim
from rj.i18n import LANGUAGES_KEY, OVERRIDES_KEY, MergeProblem, language_extra, language_overrides
from rj.readability import Limits
from rj.urls import check_booking_url, site_path

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
DOI = re.compile(r"10\.\d{4,9}/\S+")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PRODUCTION = "production"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Day = Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Problem(ValueError):
    """A mistake in a setting: what is wrong and what to do, for `editor_messages` to word with the key."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(f"{problem}; {fix}")
        self.problem = problem
        self.fix = fix


class SettingsError(ValueError):
    """One or more mistakes in mkdocs.yml, each already worded for an editor."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", coerce_numbers_to_str=True)


class Address(Settings):
    street: Text
    locality: Text
    region: Text
    postal_code: Text
    country: Text


class Period(Settings):
    days: list[Day] = Field(min_length=1)
    opens: str
    closes: str

    @model_validator(mode="after")
    def _times(self) -> Period:
        if not (TIME.fullmatch(self.opens) and TIME.fullmatch(self.closes)) or self.opens >= self.closes:
            raise Problem(
                f'it opens "{self.opens}" and closes "{self.closes}"',
                'write 24-hour times in quotes, opening before closing, e.g. opens: "09:00", closes: "17:00"',
            )
        return self


def one_line(limit: int) -> Any:
    return Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limit, pattern=r"^[^\n]*$")
    ]


class CtaWords(Settings):
    """The booking box's optional words: short, so the box stays small on a phone."""

    title: one_line(80) | None = None  # type: ignore[valid-type]
    text: one_line(200) | None = None  # type: ignore[valid-type]


class VisitRule(Settings):
    topic: Text
    rule: Text


class Clinic(Settings):
    name: Text
    locality: Text | None = None
    phone: Text
    booking_url: Text
    address: Address
    hours: list[Period] = Field(min_length=1)
    cta: CtaWords = CtaWords()
    # The clinic's own rules for before and after a visit, and its price (partials/rj-visit-rules.html).
    visit_rules: list[VisitRule] = []
    price: str | None = None
    # How to get help in another language (interpreters, staff who speak it): shown on that language's home
    # and booking pages (partials/rj-language-help.html); set under `extra.languages.<code>.overrides`.
    language_help: str | None = None
    placeholders: list[str] = []

    @field_validator("booking_url")
    @classmethod
    def _booking_url(cls, value: str) -> str:
        problem = check_booking_url(value)
        if problem:
            raise Problem(
                problem,
                "use the https:// address of the booking system, or a page of this site such as book.md",
            )
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        parse_phone(value)
        return value

    @model_validator(mode="after")
    def _placeholders(self) -> Clinic:
        for key in self.placeholders:
            if key not in type(self).model_fields:
                raise Problem(f'`placeholders` names "{key}", which is not a clinic detail', "remove it")
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def phone_e164(self) -> str:
        """The number for `tel:` links and structured data."""
        return phonenumbers.format_number(parse_phone(self.phone), phonenumbers.PhoneNumberFormat.E164)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def phone_display(self) -> str:
        """The number as people in the clinic's country write it."""
        number = parse_phone(self.phone)
        local = phonenumbers.region_code_for_number(number) == self.address.country.upper()
        style = (
            phonenumbers.PhoneNumberFormat.NATIONAL if local else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(number, style)


class Reviewer(Settings):
    name: Text
    credentials: str = ""
    role: str = ""
    placeholder: bool = False


class Reference(Settings):
    about: Text
    authors: str | None = None
    journal: str | None = None
    year: int | None = None
    citation: str | None = None
    doi: str | None = None
    url: str | None = None
    agency: str | None = None
    dates: list[date] = []
    pmid: str | None = None

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str | None) -> str | None:
        if value is not None and not DOI.fullmatch(value):
            raise Problem(f'doi "{value}" is not a DOI', "write it like 10.1176/appi.ajp.2016.16010037")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise Problem(f'url "{value}" does not start with https://', "give the https:// address")
        return value

    @model_validator(mode="after")
    def _kind(self) -> Reference:
        if self.journal:
            missing = [name for name in ("authors", "year") if not getattr(self, name)]
            if missing or not (self.doi or self.url):
                raise Problem(
                    f"is a journal article without {', '.join(missing) or 'a doi'}",
                    "give authors, journal, year and a doi (or url)",
                )
        elif not self.agency or not (self.dates or self.year):
            raise Problem(
                "is neither an article nor an official document",
                'write "journal:" (with authors, year, doi) for an article, or "agency:" with "dates:" (or '
                '"year:") for an official document',
            )
        return self


class CrisisHelp(Settings):
    page: str | None = None  # the crisis resources page
    pages: list[Text] = Field(min_length=1)
    terms: list[Text] = Field(min_length=1)
    urgent_terms: list[Text] = []  # words that give the callout its stronger style


class FdaKetamine(Settings):
    year: int
    approved_for: Text
    schedule: Text


class Approval(Settings):
    date: dt.date | None = None  # None: the date is not in our sources
    use: Text


class FdaEsketamine(Settings):
    name: Text
    approvals: list[Approval] = Field(min_length=1)
    rems: Text


class Fda(Settings):
    """What the FDA approved, said one way wherever the site says it (partials/rj-fda-notice.html)."""

    ketamine: FdaKetamine
    esketamine: FdaEsketamine


class Therapy(Settings):
    name: Text
    description: Text
    drug: Text
    page: Text


class SocialCard(Settings):
    image: Text
    alt: Text


class FooterLink(Settings):
    page: Text
    label: Text


class Faq(Settings):
    headings: list[Text] = Field(min_length=1)


class GuardException(Settings):
    """A deliberate exception to the content guard: which rule, on which page, and why it is safe."""

    what: Text
    page: Text
    reason: Text


class Guard(Settings):
    allow: list[GuardException] = []


class Untranslated(Settings):
    """A page that exists in the main language only, on purpose or for now, and why."""

    page: Text
    reason: Text


class Language(Settings):
    """`extra.languages.<code>`: the language's name, its pages not translated yet, and its words."""

    name: Text
    untranslated: list[Untranslated] = []
    # The pages that say how to get help in this language (`extra.clinic.language_help`).
    help_pages: list[Text] = ["index.md"]
    # Merged over `extra` for this language's pages (rj.i18n.language_extra): words only, never facts.
    overrides: dict[str, Any] = {}


class Negations(Settings):
    """Words that make a phrase after them a denial, for one language, beside the English ones in code."""

    words: list[Text] = []
    not_after: list[Text] = []  # "no solo": the next word turns the negation into emphasis


class Extra(Settings):
    """`extra` in mkdocs.yml, as the hooks read it. Keys that belong to the theme are passed over."""

    model_config = ConfigDict(frozen=True, extra="ignore", coerce_numbers_to_str=True)

    site_env: str = "development"
    clinic: Clinic
    faq: Faq
    therapy: Therapy
    social_card: SocialCard
    review_interval_months: int = Field(default=12, ge=1, strict=True)
    reviewers: dict[str, Reviewer] = {}
    references: dict[str, Reference] = {}
    crisis_help: CrisisHelp
    footer_links: list[FooterLink] = []
    fda: Fda
    guard: Guard = Guard()
    # Checked in depth by rj.readability.read_limits and rj.claims.read_claims (each words its own errors).
    readability: dict[str, Any]
    claims_check: list[Any] = []
    claims_negations: Negations = Negations()
    # Other languages than the main one, and who may sign a translation (like `reviewers`).
    languages: dict[str, Language] = {}
    translators: dict[str, Reviewer] = {}


class Site(BaseModel):
    """The whole model of one build (one language): the checked settings and what follows from them."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    url: str
    name: str
    description: str
    language: str
    use_directory_urls: bool
    extra: Extra
    card_size: tuple[int, int]
    readability: Limits  # this language's reading-level limits
    claims: list[Claim]  # the claims check's phrases
    main_language: str = "en"  # the language of docs/<name>.md (mkdocs-static-i18n's default)
    languages: tuple[str, ...] = ("en",)  # every language built, the main one first

    @property
    def translated(self) -> bool:
        """True in the build of a translation (pages docs/<name>.<language>.md, under /<language>/)."""
        return self.language != self.main_language

    @property
    def help_pages(self) -> list[str]:
        """This language's pages that show how to get help in it (none in the main language)."""
        entry = self.extra.languages.get(self.language)
        return list(entry.help_pages) if entry and self.translated else []

    @property
    def untranslated(self) -> list[str]:
        """Base names of this language's pages listed in mkdocs.yml as not translated."""
        entry = self.extra.languages.get(self.language)
        return [item.page for item in entry.untranslated] if entry else []

    @property
    def production(self) -> bool:
        return self.extra.site_env.strip().lower() == PRODUCTION

    @property
    def clinic(self) -> Clinic:
        return self.extra.clinic

    @property
    def booking_path(self) -> str:
        """The booking page's address relative to the site root, when booking_url names a page ("" if not),
        in this build's language (`es/book/`) unless that page is not translated."""
        return self.page_path(self.clinic.booking_url) if site_path(self.clinic.booking_url) else ""

    def page_path(self, name: str) -> str:
        """A page's address relative to the site root in this build's language (`faq.md` -> `es/faq/`)."""
        path = site_path(name, use_directory_urls=self.use_directory_urls)
        if self.translated and name not in self.untranslated:
            return f"{self.language}/" + ("" if path == "./" else path)
        return path


def read_extra(extra: Mapping[str, Any], language: str | None = None) -> Extra:
    """The checked `extra` settings as `language`'s pages read them (its words merged over the shared
    facts, see rj.i18n), or a SettingsError listing every mistake in an editor's words."""
    try:
        merged = language_extra(extra, language) if language else dict(extra)
    except MergeProblem as problem:
        raise SettingsError(f"mkdocs.yml: {problem}.") from None
    try:
        return Extra.model_validate(merged)
    except ValidationError as error:
        overrides = language_overrides(extra, language) if language else {}
        override_root = f"extra.{LANGUAGES_KEY}.{language}.{OVERRIDES_KEY}"
        messages = editor_messages(
            error, root="extra", source=merged, overrides=overrides, override_root=override_root
        )
        raise SettingsError("\n".join(messages)) from None


def parse_phone(raw: str, region: str = "US") -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Problem(
            f'"{raw}" is not a complete phone number',
            'write it with the area code, for example "(281) 555-0100" or "+1 281-555-0100"',
        )
    return number


def png_size(start: bytes) -> tuple[int, int] | None:
    """Width and height from the first 24 bytes of a PNG file, or None if it is not one."""
    if len(start) < 24 or not start.startswith(PNG_SIGNATURE) or start[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", start[16:24])
    return width, height


# How each kind of pydantic error reads to an editor; `{name}` is the key's last part, `{parent}` its parent.
FIXES = {
    "missing": "is missing; add `{name}:` under `{parent}`",
    "string_type": "must be text; put it in quotes",
    "list_type": "must be a list, written [a, b] or one `- item` a line",
    "dict_type": "must list its details below it, one `key: value` a line",
    "model_type": "must list its details below it, one `key: value` a line",
    "model_attributes_type": "must list its details below it, one `key: value` a line",
    "int_type": "must be a whole number, e.g. 12",
    "int_parsing": "must be a whole number, e.g. 12",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "date_type": "must be a date written YYYY-MM-DD, e.g. 2026-11-16",
    "date_from_datetime_parsing": "must be a real date written YYYY-MM-DD, e.g. 2026-11-16",
    "literal_error": "must be one of: {expected}",
    "extra_forbidden": "is not a setting here; check its spelling (the settings are: {known})",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters; shorten it",
    "string_pattern_mismatch": "must be one line; shorten it",
    "greater_than_equal": "must be at least {ge}",
}


def editor_messages(
    error: ValidationError,
    *,
    root: str,
    source: Mapping[str, Any],
    overrides: Mapping[str, Any] | None = None,
    override_root: str = "",
) -> list[str]:
    """Each pydantic error as `mkdocs.yml: `key` (value) problem; fix.` for the person editing the file.

    A value that comes from `overrides` (a language's words) is named where it is written, `override_root`.
    """
    messages = []
    for item in error.errors(include_url=False):
        loc = [part for part in item["loc"] if not str(part).startswith(("function-", "constrained-str"))]
        from_override = bool(overrides) and _value_at(overrides, loc) is not None
        place = _place(override_root if from_override else root, loc)
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, Problem):
            messages.append(f"mkdocs.yml: `{place}`: {cause.problem}; {cause.fix}.")
            continue
        kind = item["type"]
        template = FIXES.get(kind, item["msg"][:1].lower() + item["msg"][1:])
        ctx = {str(k): v for k, v in (item.get("ctx") or {}).items()}
        known = ", ".join(sorted(_model_at(Extra, loc[:-1]))) if kind == "extra_forbidden" else ""
        text = template.format(
            name=loc[-1] if loc else root, parent=_place(root, loc[:-1]), known=known, **ctx
        )
        value = _value_at(source, loc)
        shown = f' ("{value}")' if isinstance(value, str | int | float) and kind != "missing" else ""
        messages.append(f"mkdocs.yml: `{place}`{shown} {text}.")
    return messages


def _place(root: str, loc: list[Any]) -> str:
    """A key as editors find it in mkdocs.yml: `extra.clinic.hours[1].days` (list entries counted from 1)."""
    return root + "".join(f"[{part + 1}]" if isinstance(part, int) else f".{part}" for part in loc)


def _value_at(source: Any, loc: list[Any]) -> Any:
    for part in loc:
        try:
            source = source[part]
        except (KeyError, IndexError, TypeError):
            return None
    return source


def _model_at(model: type[BaseModel], loc: list[Any]) -> list[str]:
    """The setting names of the model found at `loc` inside `model` (for "did you mean" lists)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
