"""The cookie inventory in the IAB TCF Device Storage Disclosure v1.1 format.

Consent managers and browsers read ``feeds/policies/<id>.device-storage.json`` to
learn what a site stores.  TCF purposes are numbered by the TCF policy (v2.2);
the mapping from our consent categories is ours, stated here once:
necessary -> 1 (store or access information on a device); preferences -> 1;
statistics -> 1, 8 (measure content performance), 9 (understand audiences);
marketing -> 1, 2, 3, 4 (select and personalise advertising), 7 (measure advertising).
"""

from __future__ import annotations

from typing import Any

from . import model

TCF_PURPOSES = {
    "necessary": [1],
    "preferences": [1],
    "statistics": [1, 8, 9],
    "marketing": [1, 2, 3, 4, 7],
}


def disclosure(policy: model.Policy) -> dict[str, Any]:
    """One disclosure per declared cookie; a session cookie has maxAgeSeconds 0."""
    domains = sorted({cookie["domain"] for cookie in policy["cookies"]})
    return {
        "disclosures": [
            {
                "identifier": cookie["name"],
                "type": "cookie",
                "maxAgeSeconds": model.duration_seconds(cookie["lifetime"]),
                # The policies state no refresh behaviour; TCF asks for a boolean.
                "cookieRefresh": False,
                "domains": [cookie["domain"]],
                "purposes": TCF_PURPOSES[cookie["category"]],
            }
            for cookie in policy["cookies"]
        ],
        "domains": [{"domain": domain, "use": _use(policy, domain)} for domain in domains],
    }


def _use(policy: model.Policy, domain: str) -> str:
    providers = sorted({cookie["provider"] for cookie in policy["cookies"] if cookie["domain"] == domain})
    return ", ".join(providers)
