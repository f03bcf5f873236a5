"""The archive of published versions: immutable feeds, kept with the sources.

Every version a site has published is kept in an archive folder (``policy_archive``
in conf.py, committed with the sources): ``<archive>/<lang>/<policy-id>/<version>.json``.
A build copies the archive to ``<lang>/feeds/policies/<id>/<version>.json``, adds the
current version when it is new, and refuses to change one that was published.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx_policy.publishing.addresses import version_feed_path


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
