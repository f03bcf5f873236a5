"""Where each version stands on the build's day, and the pages made from the archived text.

A version whose :date: lies after the build's day is announced, not in effect: until
that day the policy's page shows the version before it, from the archive, with a
notice of the change.  The build's day is ``SOURCE_DATE_EPOCH``'s (reproducible
builds), or today's.
"""

from __future__ import annotations

import datetime
import os
from html import escape
from typing import Any

from sphinx_policy import model
from sphinx_policy.i18n import version_words

from . import render

EARLIER, CURRENT, UPCOMING = "earlier", "current", "upcoming"


def build_day() -> str:
    """The day of this build, as ISO 8601: SOURCE_DATE_EPOCH's when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = (
        datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        if epoch.isascii() and epoch.isdigit()
        else datetime.datetime.now(tz=datetime.UTC)
    )
    return moment.date().isoformat()


def upcoming(history: list[model.Version], day: str) -> bool:
    """Whether the newest version is announced but not yet in effect (there is an earlier one to show)."""
    newest = history[-1]
    return len(history) > 1 and bool(newest["date"]) and str(newest["date"]) > day


def standing(history: list[model.Version], day: str) -> dict[str, str]:
    """earlier, current or upcoming, for every version of the history."""
    states = {entry["version"]: EARLIER for entry in history}
    if upcoming(history, day):
        states[history[-1]["version"]] = UPCOMING
        states[history[-2]["version"]] = CURRENT
    else:
        states[history[-1]["version"]] = CURRENT
    return states


def valid_until(history: list[model.Version], version: str) -> str | None:
    """The day the next version took effect, which ended this one."""
    labels = [entry["version"] for entry in history]
    position = labels.index(version)
    return history[position + 1]["date"] if position + 1 < len(history) else None


def _link(href: str, text: str) -> str:
    return f'<a href="{escape(href, quote=True)}">{escape(text)}</a>'


def version_page_body(
    text: dict[str, Any],
    state: str,
    entry: model.Version,
    until: str | None,
    links: list[tuple[str, str]],
    language: str,
) -> tuple[str, str]:
    """A version's page: the notice, its links, and its archived text; and the notice alone (the page's summary)."""
    notice = version_words.page_notice(state, entry["version"], entry["date"], until, language)
    facts = version_words.change_facts(entry["date"], entry["impact"], language)
    parts = [
        f'<div class="policy-version-notice policy-version-{state}" role="note">',
        f"<p><strong>{escape(notice)}</strong></p>",
    ]
    if facts:
        parts.append(f"<p>{escape(facts)}</p>")
    if links:
        parts.append("<p>" + " · ".join(_link(href, label) for label, href in links) + "</p>")
    parts.append("</div>")
    parts.append(f'<div class="policy-archived-text" lang="{escape(text["language"], quote=True)}">')
    parts.append(render.blocks_html(text["blocks"]))
    parts.append("</div>")
    return "\n".join(parts), notice


def upcoming_notice(entry: model.Version, version_href: str, changes_href: str | None, language: str) -> str:
    """The notice on the current page while a new version is announced."""
    assert entry["date"]
    links = [_link(changes_href, version_words.upcoming_link("changes"))] if changes_href else []
    links.append(_link(version_href, version_words.upcoming_link("version")))
    return (
        '<div class="policy-upcoming admonition important" role="note"><p>'
        f"<strong>{escape(version_words.upcoming_notice(entry['date'], language))}</strong> "
        + " · ".join(links)
        + "</p></div>"
    )
