"""Spanish test pages for changed copies of the site, and the configuration that builds them.

The real Spanish pages are written on another branch; these short pages exercise the machinery only (their
words are test data, reviewed by nobody). `translation_of` is computed from the real English page, so the
copies start up to date; a test changes the English page to make one stale.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Mapping
from typing import Any

from conftest import ROOT, site_config

sys.path.insert(0, str(ROOT / "hooks"))
from rj.i18n import content_hash

TRANSLATOR = "medical-translator"


def english(name: str) -> str:
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


def spanish_page(name: str, title: str, description: str, body: str, *, extra: str = "") -> str:
    header = (
        f"---\ntitle: {title}\ndescription: {description}\n"
        f"translation_of: {content_hash(english(name))}\ntranslated_by: {TRANSLATOR}\n"
        f"translation_reviewed: 2026-11-20\n{extra}---\n\n"
    )
    return header + body


SPANISH_BODIES: dict[str, tuple[str, str, str, str]] = {
    "index.md": (
        "Terapia de infusión de ketamina",
        "Qué es la terapia de infusión de ketamina para la depresión, a quién puede ayudar y cómo pedir "
        "una cita.",
        "# Terapia de infusión de ketamina\n\nEsta clínica da ketamina por la vena. Puede ayudar a algunas "
        "personas con depresión. No es para todos.\n\nHable con su médico. Pida una cita con nosotros.\n",
        "",
    ),
    "faq.md": (
        "Preguntas frecuentes",
        "Respuestas cortas a las preguntas que más nos hacen sobre la terapia de infusión de ketamina.",
        "# Preguntas frecuentes\n\n## ¿Puedo manejar a casa?\n\nNo. Pida a otra persona que lo lleve a casa."
        "\n\n## ¿Duele la infusión?\n\nLa aguja pica un poco. Luego no duele.\n",
        "",
    ),
    "book.md": (
        "Pedir una consulta",
        "Cómo pedir una consulta en la clínica por teléfono o en línea, y qué traer el día de la cita.",
        "# Pedir una consulta\n\nPuede pedir una cita por teléfono o en línea. Traiga su lista de "
        "medicamentos.\n",
        "cta: details\nvisit_rules: true\nshow_price: true\n",
    ),
    "privacy.md": (
        "Aviso de privacidad",
        "Cómo trata este sitio web sus datos. No usamos cookies ni servicios de otras empresas en las "
        "páginas.",
        "# Aviso de privacidad\n\nEste sitio no usa cookies. No guarda nada suyo. No manda sus datos a "
        "nadie.\n",
        "",
    ),
}


def spanish_pages() -> dict[str, str]:
    """`docs/<name>.es.md` for each Spanish page in docs/, as it is (tests change copies of them)."""
    return {
        f"docs/{path.name}": path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "docs").glob("*.es.md"))
    }


def spanish_config(translated: list[str] | None = None) -> dict[str, Any]:
    """Configuration that builds the Spanish edition with the pages in `translated` (default: all of
    SPANISH_BODIES), every other page listed as untranslated."""
    done = set(SPANISH_BODIES if translated is None else translated)
    config = site_config()
    plugins = copy.deepcopy(config["plugins"])
    for plugin in plugins:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                language["build"] = True
    untranslated = [
        item for item in config["extra"]["languages"]["es"]["untranslated"] if item["page"] not in done
    ]
    return {"plugins": plugins, "extra": {"languages": {"es": {"untranslated": untranslated}}}}


def as_files(pages: Mapping[str, str]) -> dict[str, str | None]:
    """Pages as `build_copy(files=...)` takes them."""
    return dict(pages)
