"""Published versions: immutable feeds at stable URLs, and what changed between versions.

Every version a site has published is kept in an archive folder (``policy_archive``
in conf.py, committed with the sources): ``<archive>/<lang>/<policy-id>/<version>.json``.
A build copies the archive to ``<lang>/feeds/policies/<id>/<version>.json``, adds the
current version when it is new, and refuses to change one that was published.
"""

from __future__ import annotations

import difflib
import json
from html import escape
from pathlib import Path
from typing import Any

from . import words

CHANGES_FOLDER = "changes"


def version_feed_path(policy_id: str, version: str) -> str:
    return f"feeds/policies/{policy_id}/{version}.json"


def change_pagename(policy_id: str, version: str) -> str:
    return f"{CHANGES_FOLDER}/{policy_id}/{version}"


def version_feed(policy_feed: dict[str, Any]) -> dict[str, Any]:
    """What a version publishes for good: the policy's facts, without the checks of the day."""
    published = {key: value for key, value in policy_feed.items() if key != "checks"}
    # Source lines move whenever the file is edited: they serve the audit of the day,
    # not the legal record, which must stay byte for byte what was published.
    published["cookies"] = [
        {key: value for key, value in cookie.items() if key != "source"} for cookie in policy_feed["cookies"]
    ]
    published["feed_url"] = version_feed_path(policy_feed["id"], policy_feed["version"])
    return published


def comparable(feed: dict[str, Any]) -> dict[str, Any]:
    """A version's feed as it must stay: everything but the page address, which the builder sets."""
    return {key: value for key, value in feed.items() if key != "url"}


def archive_file(archive: Path, language: str, policy_id: str, version: str) -> Path:
    return archive / language / policy_id / f"{version}.json"


def archived_versions(archive: Path, language: str, policy_id: str) -> dict[str, Path]:
    folder = archive / language / policy_id
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.json"))}


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


# --- what changed --------------------------------------------------------------------------


def _keyed(items: list[dict[str, Any]], *keys: str) -> dict[tuple[str, ...], dict[str, Any]]:
    return {tuple(str(item.get(key)) for key in keys): item for item in items}


def structured_changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, subject, detail) for every change in the codes and facts of two versions."""
    changes: list[tuple[str, str, str]] = []
    old_cookies, new_cookies = _keyed(old["cookies"], "name", "domain"), _keyed(new["cookies"], "name", "domain")
    for key in sorted(new_cookies.keys() - old_cookies.keys()):
        changes.append(("cookie-added", key[0], new_cookies[key]["domain"]))
    for key in sorted(old_cookies.keys() - new_cookies.keys()):
        changes.append(("cookie-removed", key[0], old_cookies[key]["domain"]))
    for key in sorted(old_cookies.keys() & new_cookies.keys()):
        for field in ("category", "lifetime", "provider"):
            if old_cookies[key][field] != new_cookies[key][field]:
                changes.append(
                    ("cookie-changed", key[0], f"{field}: {old_cookies[key][field]} → {new_cookies[key][field]}")
                )
    old_activities, new_activities = _keyed(old["activities"], "id"), _keyed(new["activities"], "id")
    for key in sorted(new_activities.keys() - old_activities.keys()):
        changes.append(("activity-added", new_activities[key]["name"], key[0]))
    for key in sorted(old_activities.keys() - new_activities.keys()):
        changes.append(("activity-removed", old_activities[key]["name"], key[0]))
    for key in sorted(old_activities.keys() & new_activities.keys()):
        before, after = old_activities[key], new_activities[key]
        if before["legal_bases"] != after["legal_bases"]:
            detail = f"{', '.join(before['legal_bases']) or '-'} → {', '.join(after['legal_bases']) or '-'}"
            changes.append(("legal-basis-changed", after["name"], detail))
        if _retention(before) != _retention(after):
            changes.append(("retention-changed", after["name"], f"{_retention(before)} → {_retention(after)}"))
        if before["recipients"] != after["recipients"]:
            detail = f"{', '.join(before['recipients']) or '-'} → {', '.join(after['recipients']) or '-'}"
            changes.append(("recipients-changed", after["name"], detail))
    old_recipients, new_recipients = _keyed(old["recipients"], "id"), _keyed(new["recipients"], "id")
    for key in sorted(new_recipients.keys() - old_recipients.keys()):
        changes.append(("recipient-added", new_recipients[key]["name"] or key[0], key[0]))
    for key in sorted(old_recipients.keys() - new_recipients.keys()):
        changes.append(("recipient-removed", old_recipients[key]["name"] or key[0], key[0]))
    old_rights = set((old.get("rights") or {}).get("codes", []))
    new_rights = set((new.get("rights") or {}).get("codes", []))
    for code in sorted(new_rights - old_rights):
        changes.append(("right-added", code, ""))
    for code in sorted(old_rights - new_rights):
        changes.append(("right-removed", code, ""))
    return changes


def _retention(activity: dict[str, Any]) -> str:
    retention = activity.get("retention") or {}
    return " / ".join(part for part in (retention.get("duration"), retention.get("criterion")) if part) or "-"


def text_lines(feed: dict[str, Any]) -> list[str]:
    """The reader's text of a version, one line per field, for a line-by-line comparison."""
    lines = [f"{feed['title']}", feed["description"]]
    for activity in feed["activities"]:
        lines.append(f"{activity['name']}: {activity['description']}")
        lines.extend(f"{activity['name']}: {purpose}" for purpose in activity["purposes"])
        lines.extend(f"{activity['name']}: {item}" for item in activity["personal_data"])
        retention = activity.get("retention") or {}
        if retention.get("criterion"):
            lines.append(f"{activity['name']}: {retention['criterion']}")
    lines.extend(f"{cookie['name']}: {cookie['purpose']}" for cookie in feed["cookies"])
    lines.extend(
        f"{recipient['name'] or recipient['id']}: {recipient['description']}" for recipient in feed["recipients"]
    )
    if feed.get("rights"):
        lines.append(feed["rights"]["description"])
    return [line for line in lines if line.strip()]


def change_page(title: str, old: dict[str, Any], new: dict[str, Any], summary: str, policy_href: str) -> str:
    """The HTML body of a page that shows what changed from one version to the next."""
    heading = words.changes_heading(title, old["version"], new["version"])
    parts = [f"<h1>{escape(heading)}</h1>"]
    if summary:
        parts.append(f"<p>{escape(summary)}</p>")
    parts.append(f'<p><a href="{escape(policy_href)}">{escape(title)}</a></p>')
    changes = structured_changes(old, new)
    parts.append(f"<h2>{escape(words.changes_word('structured'))}</h2>")
    if changes:
        rows = "".join(
            f'<tr data-change="{escape(kind)}"><td>{escape(words.change_kind(kind))}</td>'
            f"<td>{escape(subject)}</td><td>{escape(detail)}</td></tr>"
            for kind, subject, detail in changes
        )
        parts.append(
            '<div class="table-wrapper"><table class="policy-changes docutils">'
            f"<caption>{escape(words.changes_word('structured'))}</caption><thead><tr>"
            f'<th scope="col">{escape(words.changes_word("change"))}</th>'
            f'<th scope="col">{escape(words.changes_word("subject"))}</th>'
            f'<th scope="col">{escape(words.changes_word("detail"))}</th>'
            f"</tr></thead><tbody>{rows}</tbody></table></div>"
        )
    else:
        parts.append(f"<p>{escape(words.changes_word('none'))}</p>")
    parts.append(f"<h2>{escape(words.changes_word('text'))}</h2>")
    diff = [line for line in difflib.ndiff(text_lines(old), text_lines(new)) if line[:1] in ("-", "+")]
    if diff:
        items = "".join(
            f'<li class="policy-text-{"removed" if line[0] == "-" else "added"}">'
            + (f"<del>{escape(line[2:])}</del>" if line[0] == "-" else f"<ins>{escape(line[2:])}</ins>")
            + "</li>"
            for line in diff
        )
        parts.append(f'<ul class="policy-text-diff">{items}</ul>')
    else:
        parts.append(f"<p>{escape(words.changes_word('none'))}</p>")
    return "\n".join(parts)
