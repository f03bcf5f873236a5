"""Norwegian Bokmål words for the few labels docutils itself writes (admonitions, fields).

Docutils ships no Norwegian module, warns once per build when the language is
``nb``, and falls back to English; a site built with ``--fail-on-warning``
would then fail in Norwegian only.  ``register()`` fills the gap.
"""

from __future__ import annotations

from types import ModuleType

import docutils.languages

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
    """Make docutils find this module for ``nb`` (and ``no``), unless it has its own."""
    importer = docutils.languages.get_language
    for code in ("nb", "no"):
        if code in importer.cache:
            continue
        if importer.import_from_packages(code) is None:
            module = ModuleType(f"docutils.languages.{code}", __doc__)
            module.labels = labels  # type: ignore[attr-defined]
            module.bibliographic_fields = bibliographic_fields  # type: ignore[attr-defined]
            module.author_separators = author_separators  # type: ignore[attr-defined]
            importer.cache[code] = module  # type: ignore[assignment]
