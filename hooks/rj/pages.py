"""What each page is, computed once: its kind, review, references, crisis help and booking box.

`PageFacts` lives in `page.meta["rj"]` (the one entry the hooks add; editors' keys are only read). The
kind of a page has one definition (`page_kind`): a page that lists `references` is a medical page, which
needs a medical review, is a MedicalWebPage in the JSON-LD, shows its references and the FDA notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from rj.faq import QA
from rj.review import Review
from rj.text import find_phrases
from rj.translation import TranslationFacts

FACTS_KEY = "rj"
Kind = Literal["medical", "booking", "crisis", "legal", "general"]
# What editors may write after `cta:`, and the box each means (None: no box and no phone bar on the page).
CTA_VARIANTS: dict[str, str | None] = {
    "true": "full",
    "full": "full",
    "compact": "compact",
    "details": "details",
    "false": None,
}


@dataclass
class Cta:
    """The page's booking box: its variant (None: no box at all) and the copies that markers place."""

    variant: str | None
    inline: int = 0

    @property
    def end(self) -> bool:
        return self.variant is not None and not (self.variant == "details" and self.inline)


@dataclass
class PageFacts:
    """Everything the hooks and templates need to know about one page, in its language."""

    src: str  # the file as an editor finds it, e.g. `docs/faq.md`
    language: str
    kind: Kind
    cta: Cta
    crisis_help: bool
    crisis_urgent: bool = False  # the page discusses suicide: the callout's stronger style
    fda_notice: bool = False  # the FDA-status box: medical pages that do not explain it in their text
    visit_rules: bool = False  # front matter `visit_rules: true`: the clinic's visit rules after the text
    price: bool = False  # front matter `show_price: true`: the clinic's price after the text
    review: Review | None = None
    references: list[str] = field(default_factory=list)
    faq: list[QA] = field(default_factory=list)
    name: str = ""  # the page's name in every language, e.g. `faq.md` for docs/faq.es.md
    translation: TranslationFacts | None = None  # on a translated page
    language_help: bool = False  # how to get help in this language (translated home and booking pages)

    @property
    def medical(self) -> bool:
        return self.kind == "medical"


def page_kind(meta: Mapping[str, Any], *, booking: bool, crisis: bool, legal: bool) -> Kind:
    """The one definition of each kind of page: medical pages are those that list their sources."""
    if "references" in meta:
        return "medical"
    if booking:
        return "booking"
    if crisis:
        return "crisis"
    if legal:
        return "legal"
    return "general"


def cta_variant(value: Any) -> tuple[str | None, str | None]:
    """The booking box a page asks for in its front matter, and the problem if the value is unknown."""
    if value is None:
        return "full", None
    key = str(value).strip().lower()
    if key not in CTA_VARIANTS:
        return "full", (
            f"the front matter says `cta: {value}`, which is not a kind of booking box; "
            "write `cta: compact`, `cta: details` or `cta: false`, or delete the line for the usual box."
        )
    return CTA_VARIANTS[key], None


def needs_crisis_help(src_uri: str, text: str, *, pages: list[str], terms: list[str], asked: bool) -> bool:
    """True when a page must show the crisis callout: listed, asked for, or mentioning a term."""
    return src_uri in pages or asked or bool(find_phrases(text, terms))
