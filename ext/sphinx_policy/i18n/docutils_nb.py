"""Norwegian Bokmål words for the few labels docutils itself writes (admonitions, fields).

Docutils ships no Norwegian module, warns once per build when the language is
``nb``, and falls back to English; a site built with ``--fail-on-warning``
would then fail in Norwegian only.  ``register()`` fills the gap.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

labels = {
    "author": "Forfatter",
    "authors": "Forfattere",
    "organization": "Organisasjon",
    "address": "Adresse",
    "contact": "Kontakt",
    "version": "Versjon",
    "revision": "Revisjon",
    "status": "Status",
    "date": "Dato",
    "copyright": "Opphavsrett",
    "dedication": "Dedikasjon",
    "abstract": "Sammendrag",
    "attention": "Obs!",
    "caution": "Forsiktig!",
    "danger": "Fare!",
    "error": "Feil",
    "hint": "Hint",
    "important": "Viktig",
    "note": "Merk",
    "tip": "Tips",
    "warning": "Advarsel",
    "contents": "Innhold",
}

bibliographic_fields = {
    "forfatter": "author",
    "forfattere": "authors",
    "organisasjon": "organization",
    "adresse": "address",
    "kontakt": "contact",
    "versjon": "version",
    "revisjon": "revision",
    "status": "status",
    "dato": "date",
    "opphavsrett": "copyright",
    "dedikasjon": "dedication",
    "sammendrag": "abstract",
}

author_separators = [";", ","]


def register() -> None:
    """Make docutils find this module for ``nb`` (and ``no``), unless it has its own.

    Docutils imports ``docutils.languages.<code>``; a module placed in
    ``sys.modules`` under that name is found the same way, whether or not
    Sphinx has wrapped docutils' language lookup.
    """
    for code in ("nb", "no"):
        name = f"docutils.languages.{code}"
        if name in sys.modules or importlib.util.find_spec(name) is not None:
            continue
        module = ModuleType(name, __doc__)
        module.labels = labels  # type: ignore[attr-defined]
        module.bibliographic_fields = bibliographic_fields  # type: ignore[attr-defined]
        module.author_separators = author_separators  # type: ignore[attr-defined]
        sys.modules[name] = module
