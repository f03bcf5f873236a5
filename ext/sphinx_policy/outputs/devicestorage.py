"""The cookie inventory in the IAB TCF Device Storage Disclosure v1.1 format.

Consent managers and browsers read ``feeds/policies/<id>.device-storage.json`` to
learn what a site stores.  TCF purposes are numbered by the TCF policy (v2.2);
the mapping from our consent categories is ours, stated here once:
necessary -> 1 (store or access information on a device); preferences -> 1;
statistics -> 1, 8 (measure content performance), 9 (understand audiences);
marketing -> 1, 2, 3, 4 (select and personalise advertising), 7 (measure advertising).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from sphinx_policy import model
from sphinx_policy.publishing import addresses
from sphinx_policy.publishing.schemas import FeedValidationError, write_validated
from sphinx_policy.source.domain import policy_domain
from sphinx_policy.source.problems import PolicyBuildError

TCF_PURPOSES = {
    "necessary": [1],
    "preferences": [1],
    "statistics": [1, 8, 9],
    "marketing": [1, 2, 3, 4, 7],
}


def disclosure(policy: model.Policy) -> dict[str, Any]:
    """One disclosure per declaration (cookie or web storage); a session cookie has maxAgeSeconds 0."""
    domains = sorted({cookie["domain"] for cookie in policy["cookies"]})
    return {
        "disclosures": [
            {
                "identifier": cookie["name"],
                # localStorage, sessionStorage and IndexedDB are all "web" storage to TCF, whose
                # maxAgeSeconds speaks of cookies only: a web key has none (null).
                "type": "cookie" if cookie["storage"] == "cookie" else "web",
                "maxAgeSeconds": model.duration_seconds(cookie["lifetime"]) if cookie["storage"] == "cookie" else None,
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


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    files: dict[str, tuple[dict[str, Any], str]] = {}
    for policy in policy_domain(app.env).policies.values():
        path = addresses.device_storage_path(policy["id"])
        if policy["cookies"]:
            files[path] = (disclosure(policy), "device-storage.schema.json")
        else:
            (Path(app.outdir) / path).unlink(missing_ok=True)  # left by a build that had cookies
    try:
        write_validated(Path(app.outdir), files)
    except FeedValidationError as error:
        raise PolicyBuildError(f"a device-storage disclosure failed validation, so none was written: {error}") from None


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)
