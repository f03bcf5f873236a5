"""The consent manager's configuration, generated from a policy's cookie declarations.

``consent.js`` knows nothing but this configuration: the categories to ask
about, every declared cookie and storage key with its lifetime, domain, path and
provider, the policy's id and version, a fingerprint of the declarations (so a
changed set is compared with the visitor's choice), the Google Consent Mode, and
its words in the page's language.  The banner, the cookie table and the feeds
read the same records, so they cannot disagree.  Published as
``<lang>/consent/<id>.json`` (schema ``consent-config.schema.json``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sphinx_policy import model
from sphinx_policy.i18n import consent_words, words
from sphinx_policy.publishing import addresses
from sphinx_policy.publishing.consentmode import consent_mode

CONSENT_COOKIE = "policy_consent"


def fingerprint(cookies: list[model.Cookie]) -> str:
    """Changes whenever a declaration is added, removed, recategorised, moved or given a new lifetime or provider."""
    declarations = sorted(
        (
            cookie["name"],
            cookie["domain"],
            cookie["category"],
            cookie["lifetime"],
            cookie["provider"],
            cookie["storage"],
        )
        for cookie in cookies
    )
    canonical = json.dumps(declarations, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _declaration(cookie: model.Cookie) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": cookie["name"],
        "category": cookie["category"],
        "provider": cookie["provider"],
        "storage": cookie["storage"],
        "domain": cookie["domain"],
        "party": cookie["party"],
        "maxAgeSeconds": model.duration_seconds(cookie["lifetime"]),
    }
    if cookie["path"]:
        entry["path"] = cookie["path"]
    if cookie["opt_out"]:
        entry["optOut"] = cookie["opt_out"]
    return entry


def configuration(
    policy: model.Policy, language: str, policy_url: str, max_age_days: int, mode: str | None = None
) -> dict[str, Any]:
    """The whole banner configuration; ``policy_url`` is relative to where the configuration is published."""
    present = {cookie["category"] for cookie in policy["cookies"]}
    categories = [
        {
            "id": code,
            "label": words.category(code),
            "description": consent_words.category_description(code),
            "locked": code == "necessary",
        }
        for code in model.COOKIE_CATEGORIES
        if code == "necessary" or code in present
    ]
    controller = policy["controller"]
    return {
        "format": addresses.CONSENT_FORMAT,
        "policy": {"id": policy["id"], "version": policy["version"], "url": policy_url},
        "controller": controller["name"] if controller else "",
        "language": language,
        "fingerprint": fingerprint(policy["cookies"]),
        "cookie": {"name": CONSENT_COOKIE, "maxAgeDays": max_age_days},
        "consentMode": consent_mode(policy, mode),
        "categories": categories,
        "cookies": [_declaration(cookie) for cookie in policy["cookies"]],
        "words": consent_words.banner_words(controller["name"] if controller else ""),
    }


def json_for_script(configuration_data: dict[str, Any]) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(configuration_data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
