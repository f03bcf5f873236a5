"""The catalogue of common services (``model/data/services.json``) and what it adds to a record.

``:service: google-analytics`` on a recipient or a cookie names a catalogued
service.  The catalogue's values stand in for what the author did not state:
the author's values always win.  A policy chooses with ``:catalogue:`` on its
``policy`` directive whether the values are filled into the record (``fill``, the
default: the page and feeds show them) or only given to the checks and the
transparency report (``checks``: nothing the author did not write is published).
"""

from __future__ import annotations

import difflib
import functools
import json
from importlib import resources
from typing import Any

from .values import PolicyInputError

#: How a policy uses the catalogue (the ``policy`` directive's ``:catalogue:``).
CATALOGUE_MODES = ("fill", "checks")

#: The facts of a service a recipient can take from the catalogue, and the record field each fills.
RECIPIENT_FIELDS = {"name": "entity", "country": "country", "role": "role"}


@functools.cache
def services() -> dict[str, dict[str, Any]]:
    """Every catalogued service by its id."""
    text = resources.files(__package__).joinpath("data", "services.json").read_text(encoding="utf-8")
    catalogue: dict[str, dict[str, Any]] = json.loads(text)["services"]
    return catalogue


def parse_service(value: str) -> str:
    """A service id from the catalogue; an unknown one is refused with the nearest known id."""
    code = value.strip().lower()
    known = services()
    if code in known:
        return code
    near = difflib.get_close_matches(code, list(known), n=1, cutoff=0.5)
    hint = f"did you mean {near[0]!r}?" if near else f"use one of {', '.join(known)}."
    raise PolicyInputError(f"unknown service {value.strip()!r}: {hint}")


def facts(service: str | None) -> dict[str, str]:
    """What the catalogue knows of a service as plain values: name, entity, country, role, privacy_url, dpf."""
    if not service:
        return {}
    entry = services()[service]
    return {key: str(value) for key, value in entry.items() if isinstance(value, (str, bool))}


def known_cookies(service: str | None) -> list[dict[str, Any]]:
    """The service's known cookies, from the Open Cookie Database (name, prefix, domain, category, retention)."""
    if not service:
        return []
    cookies: list[dict[str, Any]] = services()[service].get("cookies", [])
    return cookies
