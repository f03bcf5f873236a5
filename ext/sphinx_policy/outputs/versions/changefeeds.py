"""Feeds of policy changes: JSON Feed 1.1 and Atom (RFC 4287), one entry per policy version.

Entry dates are the versions' dates.  JSON Feed leaves a version without a stated
date undated; Atom requires a date, so there it is ``SOURCE_DATE_EPOCH`` (the time
of the sources, as reproducible builds define it), or 1970-01-01 when that is not
set: never another version's date, and the same sources always give the same bytes.
"""

from __future__ import annotations

import datetime
import os
import uuid
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

from sphinx_policy.publishing.xml import xml_text

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
#: Our Atom extension: the day a version takes effect, and its impact as a category scheme.
POLICY_NAMESPACE = "https://sphinx-policy.github.io/ns/changes/1.0"
IMPACT_SCHEME = f"{POLICY_NAMESPACE}#impact"
# Entry ids must be stable and unique: UUIDs derived from this namespace, the
# language, the policy and the version (RFC 4122 name-based).
_ID_NAMESPACE = uuid.UUID("5d1f3f3a-6c4b-5a4e-9b1e-2f0b7c9d8e11")


@dataclass(frozen=True)
class ChangeEntry:
    policy_id: str
    policy_title: str
    controller: str
    version: str
    date: str | None
    summary: str
    url: str  # the change page, or the policy page for a first version
    version_feed_url: str | None  # where this version's feed is kept, when published
    impact: str | None = None  # major, minor or editorial (model.VERSION_IMPACTS)
    effective: str | None = None  # the day it takes effect; ``date`` is the day it was published
    facts: str = ""  # how much it changes and when it takes effect, in the feed's language


def fallback_timestamp(entries: list[ChangeEntry]) -> datetime.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _timestamp(entry: ChangeEntry, fallback: datetime.datetime) -> str:
    moment = datetime.datetime.fromisoformat(entry.date).replace(tzinfo=datetime.UTC) if entry.date else fallback
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_id(language: str, entry: ChangeEntry) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'{language}/{entry.policy_id}/{entry.version}')}"


def _ordered(entries: list[ChangeEntry], fallback: datetime.datetime) -> list[ChangeEntry]:
    return sorted(
        entries, key=lambda entry: (_timestamp(entry, fallback), entry.policy_id, entry.version), reverse=True
    )


def json_feed(title: str, language: str, entries: list[ChangeEntry], describe: Any) -> dict[str, Any]:
    """JSON Feed 1.1; ``describe(entry)`` gives an entry's title in the feed's language."""
    fallback = fallback_timestamp(entries)
    items = []
    for entry in _ordered(entries, fallback):
        item: dict[str, Any] = {
            "id": entry_id(language, entry),
            "url": entry.url,
            "title": describe(entry),
            "content_text": _content(entry, describe),
            "language": language,
            "authors": [{"name": entry.controller}] if entry.controller else [],
            "tags": [entry.policy_id],
            "_sphinx_policy": {
                "policy": entry.policy_id,
                "version": entry.version,
                "feed_url": entry.version_feed_url,
                "effective": entry.effective,
                "impact": entry.impact,
            },
        }
        if entry.date:
            item["date_published"] = _timestamp(entry, fallback)
        if not item["authors"]:
            del item["authors"]
        items.append(item)
    return {"version": JSON_FEED_VERSION, "title": title, "language": language, "items": items}


def atom_feed(title: str, language: str, entries: list[ChangeEntry], describe: Any) -> bytes:
    fallback = fallback_timestamp(entries)
    ordered = _ordered(entries, fallback)
    ElementTree.register_namespace("", ATOM_NAMESPACE)
    ElementTree.register_namespace("policy", POLICY_NAMESPACE)

    def element(
        parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str
    ) -> ElementTree.Element:
        # Text from titles and summaries may hold characters XML cannot (control characters): removed.
        cleaned = {name: xml_text(value) for name, value in attributes.items()}
        child = ElementTree.SubElement(parent, f"{{{ATOM_NAMESPACE}}}{tag}", cleaned)
        if text is not None:
            child.text = xml_text(text)
        return child

    feed = ElementTree.Element(f"{{{ATOM_NAMESPACE}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": language})
    element(feed, "id", f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'{language}/changes')}")
    element(feed, "title", title)
    element(feed, "updated", _timestamp(ordered[0], fallback) if ordered else _timestamp_of(fallback))
    element(feed, "link", rel="self", href="changes.atom")
    for entry in ordered:
        item = element(feed, "entry")
        element(item, "id", entry_id(language, entry))
        element(item, "title", describe(entry))
        element(item, "updated", _timestamp(entry, fallback))
        author = element(item, "author")
        element(author, "name", entry.controller or entry.policy_title)
        element(item, "link", rel="alternate", type="text/html", href=entry.url)
        if entry.version_feed_url:
            element(item, "link", rel="related", type="application/json", href=entry.version_feed_url)
        element(item, "summary", _content(entry, describe))
        element(item, "category", term=entry.policy_id)
        if entry.impact:
            element(item, "category", term=entry.impact, scheme=IMPACT_SCHEME)
        if entry.effective:
            # Atom has no element for the day a change takes effect: ours, in our namespace.
            effective = ElementTree.SubElement(item, f"{{{POLICY_NAMESPACE}}}effective")
            effective.text = entry.effective
    ElementTree.indent(feed)
    text: bytes = ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def _content(entry: ChangeEntry, describe: Any) -> str:
    text = entry.summary or describe(entry)
    return f"{text} ({entry.facts})" if entry.facts else text


def _timestamp_of(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
