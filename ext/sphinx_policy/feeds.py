"""Machine-readable feeds: the records as JSON, validated before they are written.

``feeds/index.json`` lists every policy of a language; ``feeds/policies/<id>.json``
holds one policy whole.  Every feed is checked against its JSON Schema first;
then all of them are written, each atomically (temporary file, then rename), so
a reader never sees half a file and a failed build leaves the last good feeds.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from . import model

SCHEMA_DIR = Path(__file__).parent / "schemas"
SCHEMA_FILES = (
    "audit.schema.json",
    "consent-record.schema.json",
    "device-storage.schema.json",
    "index.schema.json",
    "jsonfeed-1.1.schema.json",
    "policy.schema.json",
)


class FeedValidationError(Exception):
    """A feed does not match its schema: a bug in the extension or a schema change."""


@cache
def schema(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    Draft202012Validator.check_schema(loaded)
    return loaded


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(schema_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(feed: dict[str, Any], schema_name: str, path: str) -> None:
    error = best_match(_validator(schema_name).iter_errors(feed))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        raise FeedValidationError(f"{path} does not match {schema_name} at {where}: {error.message}")


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
                **_without_location(cookie),
                "lifetime_seconds": model.duration_seconds(cookie["lifetime"]),
                "source": {"file": source_path or cookie["location"]["source"], "line": cookie["location"]["line"]},
            }
            for cookie in policy["cookies"]
        ],
        "rights": _without_location(policy["rights"]),
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


def index_entry(feed: dict[str, Any], other_languages: Iterable[str]) -> dict[str, Any]:
    keys = ("id", "title", "language", "version", "effective", "updated", "url", "feed_url")
    entry = {key: feed[key] for key in keys}
    # Every language is built from the same sources into a sibling folder, so a
    # translation has the same path there.
    entry["translations"] = [
        {"language": language, "url": f"../{language}/{feed['url']}", "feed_url": f"../{language}/{feed['feed_url']}"}
        for language in other_languages
    ]
    return entry


def index_feed(language: str, site_languages: Iterable[str], policy_feeds: Iterable[dict[str, Any]]) -> dict[str, Any]:
    others = [code for code in site_languages if code != language]
    return {
        "$schema": schema("index.schema.json")["$id"],
        "schema_version": model.SCHEMA_VERSION,
        "language": language,
        "policies": sorted((index_entry(feed, others) for feed in policy_feeds), key=lambda entry: entry["id"]),
    }


def _without_location(record: Any) -> Any:
    if record is None:
        return None
    return {key: value for key, value in record.items() if key not in ("location", "docname")}


def serialise(feed: dict[str, Any]) -> bytes:
    """Sorted keys and a final newline: the same records give the same bytes."""
    return (json.dumps(feed, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def write_atomically(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` in one step; a file that already holds it is left alone."""
    if _unchanged(path, content):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_feeds(outdir: Path, files: dict[str, tuple[dict[str, Any], str]]) -> list[Path]:
    """Validate every new or changed feed, then write them all; nothing is written if one is invalid.

    ``files`` maps a path relative to ``outdir`` to the feed and its schema name.  A
    feed whose file already holds the same bytes, validated against the same schema
    (the copy published beside it is unchanged), is neither validated nor written
    again: an incremental build costs what changed, not the whole site.
    """
    pending: list[tuple[Path, bytes]] = []
    for relative, (feed, schema_name) in sorted(files.items()):
        target = outdir / relative
        content = serialise(feed)
        if _unchanged(target, content) and _schema_published(outdir, schema_name):
            continue
        validate(feed, schema_name, relative)
        pending.append((target, content))
    for target, content in pending:
        write_atomically(target, content)
    return [outdir / relative for relative in sorted(files)]


def _unchanged(target: Path, content: bytes) -> bool:
    return target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content


def _schema_published(outdir: Path, schema_name: str) -> bool:
    published = outdir / "schemas" / schema_name
    return published.is_file() and published.read_bytes() == (SCHEMA_DIR / schema_name).read_bytes()


def publish_schemas(outdir: Path) -> None:
    """The schemas go out with the site, so consumers can validate what they read."""
    target = outdir / "schemas"
    for name in SCHEMA_FILES:
        content = (SCHEMA_DIR / name).read_bytes()
        destination = target / name
        if not destination.exists() or destination.read_bytes() != content:
            write_atomically(destination, content)


__all__ = ["FeedValidationError", "index_feed", "policy_feed", "publish_schemas", "write_feeds"]
