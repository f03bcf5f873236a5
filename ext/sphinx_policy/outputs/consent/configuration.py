"""The consent manager's configuration, generated from a policy's cookie declarations.

``consent.js`` knows nothing but this configuration: the categories to ask
about, every declared cookie with its lifetime, the policy's id and version,
a fingerprint of the declarations (so a changed set asks again) and its words
in the page's language.  The banner, the cookie table and the feeds read the
same records, so they cannot disagree.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sphinx_policy import model
from sphinx_policy.i18n import words

CONSENT_COOKIE = "policy_consent"


def fingerprint(cookies: list[model.Cookie]) -> str:
    """Changes whenever a cookie is added, removed, recategorised or given a new lifetime."""
    declarations = sorted(
        (cookie["name"], cookie["domain"], cookie["category"], cookie["lifetime"]) for cookie in cookies
    )
    canonical = json.dumps(declarations, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def configuration(policy: model.Policy, language: str, policy_url: str, max_age_days: int) -> dict[str, Any]:
    present = {cookie["category"] for cookie in policy["cookies"]}
    categories = [
        {
            "id": code,
            "label": words.category(code),
            "description": words.category_description(code),
            "locked": code == "necessary",
        }
        for code in model.COOKIE_CATEGORIES
        if code == "necessary" or code in present
    ]
    controller = policy["controller"]
    return {
        "policy": {"id": policy["id"], "version": policy["version"], "url": policy_url},
        "controller": controller["name"] if controller else "",
        "language": language,
        "fingerprint": fingerprint(policy["cookies"]),
        "cookie": {"name": CONSENT_COOKIE, "maxAgeDays": max_age_days},
        "categories": categories,
        "cookies": [
            {
                "name": cookie["name"],
                "category": cookie["category"],
                "maxAgeSeconds": model.duration_seconds(cookie["lifetime"]),
            }
            for cookie in policy["cookies"]
        ],
        "words": words.banner_words(controller["name"] if controller else ""),
    }


def json_for_script(configuration_data: dict[str, Any]) -> str:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(configuration_data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
