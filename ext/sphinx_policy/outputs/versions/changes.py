"""What changed between two published versions: the facts, and the text in reading order."""

from __future__ import annotations

import difflib
from html import escape
from typing import Any

from sphinx_policy import model
from sphinx_policy.i18n import version_words, words

from . import render


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


def change_page(
    title: str,
    old: dict[str, Any],
    new: dict[str, Any],
    entry: model.Version,
    policy_href: str,
    texts: tuple[dict[str, Any] | None, dict[str, Any] | None],
    language: str,
) -> str:
    """The HTML body of a page that shows what changed from one version to the next.

    With both versions' archived texts, the text is shown as a redline; without them
    (a version archived before texts were), the readers' fields of the data are compared.
    """
    heading = words.changes_heading(title, old["version"], new["version"])
    parts = [f"<h1>{escape(heading)}</h1>"]
    facts = version_words.change_facts(entry["date"], entry["impact"], language)
    if facts:
        parts.append(f'<p class="policy-change-facts"><strong>{escape(facts)}</strong></p>')
    if entry["summary"]:
        parts.append(f"<p>{escape(entry['summary'])}</p>")
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
    old_text, new_text = texts
    if old_text is not None and new_text is not None:
        parts.append(f"<h2>{escape(version_words.word('redline'))}</h2>")
        parts.append(f"<p>{escape(version_words.word('redline_help'))}</p>")
        marked, changed = render.redline(old_text["blocks"], new_text["blocks"])
        if not changed:
            parts.append(f"<p>{escape(words.changes_word('none'))}</p>")
        parts.append(f'<div class="policy-redline">{marked}</div>')
        return "\n".join(parts)
    parts.append(f"<h2>{escape(words.changes_word('text'))}</h2>")
    parts.append(f"<p>{escape(version_words.word('no_text'))}</p>")
    diff = [line for line in difflib.ndiff(text_lines(old), text_lines(new)) if line[:1] in ("-", "+")]
    if diff:
        items = "".join(
            f'<li class="policy-text-{"removed" if line[0] == "-" else "added"}">'
            + render.marked("removed" if line[0] == "-" else "added", line[2:])
            + "</li>"
            for line in diff
        )
        parts.append(f'<ul class="policy-text-diff">{items}</ul>')
    else:
        parts.append(f"<p>{escape(words.changes_word('none'))}</p>")
    return "\n".join(parts)
