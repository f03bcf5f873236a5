"""JSON documents checked against their schemas before they are written.

Every JSON document the site publishes (policy feeds, the index, version feeds,
device-storage disclosures, the change feed) is validated against its JSON Schema
first; then all documents of one output are written, each atomically, so a
failed build leaves the last good files.  The schemas go out with the site.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .files import serialise, unchanged, write_atomically

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SCHEMA_FILES = (
    "audit.schema.json",
    "consent-config.schema.json",
    "consent-record.schema.json",
    "device-storage.schema.json",
    "index.schema.json",
    "jsonfeed-1.1.schema.json",
    "policy.schema.json",
    "policy-text.schema.json",
)


class FeedValidationError(Exception):
    """A document does not match its schema: a bug in the extension or a schema change."""


@cache
def schema(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    Draft202012Validator.check_schema(loaded)
    return loaded


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(schema_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate(document: dict[str, Any], schema_name: str, path: str) -> None:
    error = best_match(_validator(schema_name).iter_errors(document))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        raise FeedValidationError(f"{path} does not match {schema_name} at {where}: {error.message}")


def write_validated(outdir: Path, files: dict[str, tuple[dict[str, Any], str]]) -> list[Path]:
    """Validate every new or changed document, then write them all; nothing is written if one is invalid.

    ``files`` maps a path relative to ``outdir`` to the document and its schema name.
    A document whose file already holds the same bytes, validated against the same
    schema (the copy published beside it is unchanged), is neither validated nor
    written again: an incremental build costs what changed, not the whole site.
    """
    pending: list[tuple[Path, bytes]] = []
    for relative, (document, schema_name) in sorted(files.items()):
        target = outdir / relative
        content = serialise(document)
        if unchanged(target, content) and _schema_published(outdir, schema_name):
            continue
        validate(document, schema_name, relative)
        pending.append((target, content))
    for target, content in pending:
        write_atomically(target, content)
    return [outdir / relative for relative in sorted(files)]


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
