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

from sphinx_policy import model
from sphinx_policy.publishing.addresses import version_feed_path
from sphinx_policy.publishing.schemas import FeedValidationError, validate


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


#: A version's whole text lies beside its data: ``<version>.text.json`` (``text.py``).
TEXT_SUFFIX = ".text.json"


def archive_file(archive: Path, language: str, policy_id: str, version: str) -> Path:
    return archive / language / policy_id / f"{version}.json"


def text_file(archive: Path, language: str, policy_id: str, version: str) -> Path:
    return archive / language / policy_id / f"{version}{TEXT_SUFFIX}"


def _is_text(path: Path) -> bool:
    return path.name.endswith(TEXT_SUFFIX)


def archived_versions(archive: Path, language: str, policy_id: str) -> dict[str, Path]:
    folder = archive / language / policy_id
    if not folder.is_dir():
        return {}
    return {path.stem: path for path in sorted(folder.glob("*.json")) if not _is_text(path)}


def archived_text_versions(archive: Path, language: str, policy_id: str) -> dict[str, Path]:
    """The versions of a policy whose text the archive keeps, with their files (none read)."""
    folder = archive / language / policy_id
    if not folder.is_dir():
        return {}
    return {path.name[: -len(TEXT_SUFFIX)]: path for path in sorted(folder.glob(f"*{TEXT_SUFFIX}")) if path.is_file()}


def archived_texts(archive: Path, language: str, policy_id: str) -> dict[str, dict[str, Any]]:
    """Every archived text of a policy by version (read after ``archive_problems`` found none)."""
    return {version: load(path) for version, path in archived_text_versions(archive, language, policy_id).items()}


def archive_problems(archive: Path, language: str, policy_ids: list[str]) -> list[model.InputError]:
    """Every archive file this build would read is readable and of its policy and version.

    Read before anything else reads the archive, so a damaged file is a located error naming the
    file and what to do, never a traceback.
    """

    def problem(path: Path, message: str, line: int = 0) -> model.InputError:
        return {"source": str(path), "line": line, "code": "archive", "message": message}

    if archive.exists() and not archive.is_dir():
        return [problem(archive, "policy_archive in conf.py names a file: give the folder of published versions.")]
    folder = archive / language
    if folder.exists() and not folder.is_dir():
        return [problem(folder, f"the archive's {language} folder is a file: move it away, so a folder can be made.")]
    problems = []
    for policy_id in policy_ids:
        policy_folder = folder / policy_id
        if policy_folder.exists() and not policy_folder.is_dir():
            problems.append(problem(policy_folder, "this should be the folder of the policy's versions, not a file."))
            continue
        for path in sorted(policy_folder.glob("*.json")) if policy_folder.is_dir() else []:
            problems += [problem(path, message, line) for message, line in _file_problems(path, policy_id)]
    return problems


_RESTORE = "restore it from version control (git checkout -- <file>): a published version never changes."


def _file_problems(path: Path, policy_id: str) -> list[tuple[str, int]]:
    problems = _json_file_problems(path, policy_id)
    if problems:
        return problems
    schema, what = ("policy-text.schema.json", "text") if _is_text(path) else ("policy.schema.json", "version feed")
    try:
        validate(load(path), schema, path.name)
    except FeedValidationError as error:
        return [(f"the file is not a published {what} ({error}): {_RESTORE}", 1)]
    return []


def _json_file_problems(path: Path, policy_id: str) -> list[tuple[str, int]]:
    if not path.is_file():
        return [(f"a folder where the published version {path.stem} should be: remove it and {_RESTORE}", 0)]
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        return [(f"the file starts with a byte order mark: save it as UTF-8 without one, or {_RESTORE}", 1)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return [(f"the file is not UTF-8 (byte {error.start}): {_RESTORE}", line)]
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        return [
            (
                f"the file is not valid JSON ({error.msg}, column {error.colno}); is it truncated? {_RESTORE}",
                error.lineno,
            )
        ]
    except ValueError:  # not a JSONDecodeError: a number of more digits than Python reads
        return [(f"the file holds a number too long to read: {_RESTORE}", 1)]
    except RecursionError:
        return [(f"the file nests too deeply to be a published version: {_RESTORE}", 1)]
    if not isinstance(loaded, dict):
        return [(f"a published version is a JSON object, not a {type(loaded).__name__}: {_RESTORE}", 1)]
    if loaded.get("id") != policy_id:
        return [
            (
                f"this file is of policy {loaded.get('id')!r}, not {policy_id!r}: "
                f"move it to its own folder, or {_RESTORE}",
                1,
            )
        ]
    stem = path.name[: -len(TEXT_SUFFIX)] if _is_text(path) else path.stem
    if loaded.get("version") != stem:
        return [(f"this file holds version {loaded.get('version')!r}, but is named {path.name}: {_RESTORE}", 1)]
    return []


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded
