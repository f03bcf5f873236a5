"""DPV codes for purposes, personal data and Art. 9(2) conditions, read from DPV's own term lists.

The terms are not typed here: they are DPV's published CSV files, shipped in
``model/data/dpv/`` with their licence notice (``NOTICE.md``).  Authors write a
purpose as ``ServiceProvision`` or ``dpv:ServiceProvision``, a data item as
``EmailAddress`` or ``pd:EmailAddress``, and a condition for special categories
as ``A9-2-a``; the record keeps the prefixed form (``dpv:ServiceProvision``),
which is the same in every language, and the JSON-LD writes the term's IRI.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
from dataclasses import dataclass
from importlib import resources

from .values import PolicyInputError
from .vocabularies import DPV, Term

PD = "https://w3id.org/dpv/pd#"
SPECIAL_CATEGORY = DPV + "SpecialCategoryPersonalData"

_LISTS = {"dpv": "https://w3id.org/dpv#vocab-purposes", "pd": "https://w3id.org/dpv/pd"}

#: The placeholder for an item that has no code, in a list of codes in item order.
NO_CODE = "-"


@dataclass(frozen=True)
class DpvTerm:
    """One DPV concept: its prefixed code, IRI and English label, and its broader concepts."""

    code: str
    iri: str
    label: str
    broader: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("data", "dpv", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _terms(name: str, prefix: str, namespace: str) -> dict[str, DpvTerm]:
    terms: dict[str, DpvTerm] = {}
    for row in _rows(name):
        if row["type"] != "class" or not row["iri"].startswith(namespace):
            continue
        broader = tuple(iri for iri in (row["hasbroader"] + ";" + row["dpvtype"]).split(";") if iri)
        terms[row["term"]] = DpvTerm(f"{prefix}:{row['term']}", row["iri"], row["label"], broader)
    return terms


@functools.cache
def purposes() -> dict[str, DpvTerm]:
    """DPV's purposes (``dpv:``), by term name."""
    return _terms("purposes.csv", "dpv", DPV)


@functools.cache
def personal_data() -> dict[str, DpvTerm]:
    """DPV's personal data categories (``pd:``), by term name."""
    return _terms("pd.csv", "pd", PD)


@functools.cache
def special_conditions() -> dict[str, Term]:
    """The conditions of GDPR Art. 9(2), by code (``A9-2-a``), with DPV's IRIs."""
    conditions: dict[str, Term] = {}
    for row in _rows("legal_basis_special.csv"):
        code = row["term"]
        if row["type"] != "class" or not code.startswith("A9-2-"):
            continue
        conditions[code] = Term(code, row["iri"], f"9(2)({code.rsplit('-', 1)[1]})")
    return conditions


@functools.cache
def _special_iris() -> frozenset[str]:
    """Every pd: concept that DPV places under SpecialCategoryPersonalData, directly or through a broader one."""
    terms = personal_data()
    by_iri = {term.iri: term for term in terms.values()}

    def special(iri: str, seen: frozenset[str]) -> bool:
        if iri == SPECIAL_CATEGORY:
            return True
        term = by_iri.get(iri)
        if term is None or iri in seen:
            return False
        return any(special(broader, seen | {iri}) for broader in term.broader)

    return frozenset(term.iri for term in terms.values() if special(term.iri, frozenset()))


def is_special_category(code: str | None) -> bool:
    """Whether a pd: code is a special category of personal data (GDPR Art. 9(1)) in DPV."""
    if not code or not code.startswith("pd:"):
        return False
    term = personal_data().get(code[3:])
    return term is not None and term.iri in _special_iris()


def iri(code: str) -> str:
    """The IRI of a prefixed code from the record (``dpv:…``, ``pd:…``)."""
    prefix, _, name = code.partition(":")
    terms = purposes() if prefix == "dpv" else personal_data()
    return terms[name].iri


def _parse_code(text: str, terms: dict[str, DpvTerm], prefix: str, what: str) -> str:
    name = text.strip()
    if name.startswith(prefix + ":"):
        name = name[len(prefix) + 1 :]
    if name in terms:
        return terms[name].code
    folded = {key.lower(): key for key in terms}
    if name.lower() in folded:
        return terms[folded[name.lower()]].code
    near = difflib.get_close_matches(name, list(terms), n=1, cutoff=0.6)
    hint = f"did you mean {prefix}:{near[0]}?" if near else f"use a term of DPV's {prefix}: list"
    raise PolicyInputError(f"unknown {what} code {text.strip()!r}: {hint} (the terms: {_LISTS[prefix]}).")


def parse_item_codes(value: str, kind: str) -> list[str | None]:
    """A comma-separated list of codes in item order; ``-`` for an item without one.

    ``kind`` is ``purposes`` (``dpv:`` terms) or ``data`` (``pd:`` terms).
    """
    terms, prefix, what = (purposes(), "dpv", "purpose") if kind == "purposes" else (personal_data(), "pd", "data")
    codes: list[str | None] = []
    for part in value.split(","):
        text = part.strip()
        if not text:
            raise PolicyInputError(f"an empty entry in the {what} codes: write {NO_CODE!r} for an item without code.")
        codes.append(None if text == NO_CODE else _parse_code(text, terms, prefix, what))
    return codes


def parse_special_conditions(value: str) -> list[str]:
    """Art. 9(2) conditions, written as their DPV codes (``A9-2-a`` … ``A9-2-j``)."""
    known = special_conditions()
    folded = {code.lower(): code for code in known}
    codes: list[str] = []
    for part in value.split(","):
        text = part.strip()
        if not text:
            continue
        code = folded.get(text.lower())
        if code is None:
            near = difflib.get_close_matches(text.lower(), list(folded), n=1, cutoff=0.5)
            hint = f"did you mean {folded[near[0]]}?" if near else f"use one of {', '.join(known)}."
            raise PolicyInputError(f"unknown Art. 9(2) condition {text!r}: {hint}")
        if code in codes:
            raise PolicyInputError(f"Art. 9(2) condition {code!r} is listed twice: list it once.")
        codes.append(code)
    if not codes:
        raise PolicyInputError(f"no Art. 9(2) condition given: use one or more of {', '.join(known)}.")
    return codes
