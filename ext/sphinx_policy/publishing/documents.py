"""The policy record as the JSON document the site publishes.

The policy feed and every published version's feed are this document (a version
drops the checks of the day); it lives below both outputs so that they cannot
disagree.
"""

from __future__ import annotations

from typing import Any

from sphinx_policy import model

from .schemas import schema


def policy_feed(
    policy: model.Policy,
    page_url: str,
    feed_url: str,
    findings: list[dict[str, Any]],
    source_path: str | None = None,
) -> dict[str, Any]:
    """The whole policy as the feed publishes it: the record less its source locations.

    Cookies keep theirs (``source``: file and line), because the browser audit, which
    reads only the feed, points an author at the declaration a finding is about.
    ``source_path`` is the policy's file as the transparency checks name it; without
    it the document name stands in.
    """
    return {
        "$schema": schema("policy.schema.json")["$id"],
        "schema_version": model.SCHEMA_VERSION,
        "id": policy["id"],
        "title": policy["title"],
        "language": policy["language"],
        "source_language": policy["source_language"],
        "version": policy["version"],
        "effective": policy["effective"],
        "updated": policy["updated"],
        "domains": policy["domains"],
        "description": policy["description"],
        "url": page_url,
        "feed_url": feed_url,
        "controller": _without_location(policy["controller"]),
        "authority": _without_location(policy["authority"]),
        "activities": [_activity(activity) for activity in policy["activities"]],
        "recipients": [_without_location(recipient) for recipient in policy["recipients"]],
        "cookies": [
            {
                # A path or an opt-out page appears only where the declaration gives one.
                **{key: value for key, value in _without_location(cookie).items() if value is not None},
                "lifetime_seconds": model.duration_seconds(cookie["lifetime"]),
                "source": {"file": source_path or cookie["location"]["source"], "line": cookie["location"]["line"]},
            }
            for cookie in policy["cookies"]
        ],
        "rights": _without_location(policy["rights"]),
        "general_legal_bases": _without_location(policy["general_legal_bases"]),
        "statements": policy["statements"],
        "cookie_consent": policy["cookie_consent"],
        "waivers": [_without_location(waiver) for waiver in policy["waivers"]],
        "checks": findings,
    }


def _activity(activity: model.Activity) -> dict[str, Any]:
    published = _without_location(activity)
    if activity["retention"] is not None:
        # The untranslated criterion serves the checks; readers get their language's words.
        published["retention"] = {
            key: value for key, value in activity["retention"].items() if key != "untranslated_criterion"
        }
    return dict(published)


# Keys of a record that no public document carries: where it was declared, and
# the internal fields (security measures, owners, assessments) that only the
# record of processing activities may show.  Every published JSON document is made
# here, so this is the one place they are dropped.
UNPUBLISHED_KEYS = frozenset({"location", "docname", "internal", "service", "catalogue"})


def _without_location(record: Any) -> Any:
    if record is None:
        return None
    return {key: value for key, value in record.items() if key not in UNPUBLISHED_KEYS}
