"""What a build publishes of each policy's versions, and what it may not change.

The data (version feeds) and the text (``text``) of every version: the archive's,
and the current version's from this build.  ``problems`` is asked before anything
is written (``policy-output-problems``) and stops a build that would change a
published version or announce a major one too late.
"""

from __future__ import annotations

import datetime
import inspect
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from sphinx_policy import model
from sphinx_policy.publishing import addresses, documents
from sphinx_policy.source.config import PolicyConfig
from sphinx_policy.source.domain import PolicyDomain

from . import archive as versions
from . import changes, pages, text

# The current versions' texts, taken once per build from the resolved pages, and every version's
# text as published, read once per build (dicts on the app, since Sphinx hands the same app to
# every handler; reset when the outputs' checks start).
_TEXTS = "_sphinx_policy_version_texts"
_PUBLISHED_TEXTS = "_sphinx_policy_published_texts"


def archive_folder(app: Sphinx) -> Path | None:
    configured = PolicyConfig.from_sphinx(app.config).archive
    return Path(app.confdir) / configured if configured else None


def language(app: Sphinx) -> str:
    return app.config.language or "en"


def current_version_feed(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, Any]:
    feed = documents.policy_feed(
        policy, addresses.page_path(app.builder, docname), addresses.feed_path(policy["id"]), []
    )
    return versions.version_feed(feed)


def current_text(app: Sphinx, docname: str, policy: model.Policy) -> list[text.Block]:
    """The text of the page this build makes from the source, as the archive would keep it."""
    cache: dict[str, list[text.Block]] = app.__dict__.setdefault(_TEXTS, {})
    if docname not in cache:
        cache[docname] = text.blocks_of(_resolved(app, docname))
    return cache[docname]


def _resolved(app: Sphinx, docname: str) -> Any:
    """The page as it is written: cross-references resolved, every part's doctree-resolved applied."""
    if "tags" in inspect.signature(app.env.get_and_resolve_doctree).parameters:  # Sphinx 8.2 and later
        return app.env.get_and_resolve_doctree(docname, app.builder, tags=app.builder.tags)
    return app.env.get_and_resolve_doctree(docname, app.builder)


def current_text_document(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, Any]:
    return text.text_document(
        policy["id"], language(app), policy["version"], pages.build_day(), current_text(app, docname, policy)
    )


def published_feeds(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, dict[str, Any]]:
    """Every published version's feed by version: the archive's, and the current one."""
    archive = archive_folder(app)
    found: dict[str, dict[str, Any]] = {}
    if archive is not None:
        for version, path in versions.archived_versions(archive, language(app), policy["id"]).items():
            found[version] = versions.load(path)
    found[policy["version"]] = current_version_feed(app, docname, policy)
    return found


def published_texts(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, dict[str, Any]]:
    """Every version's whole text by version: the archive's, and the current one when it is new.

    Nothing without an archive: a version's text is a record only once it is kept.
    """
    archive = archive_folder(app)
    if archive is None:
        return {}
    cache: dict[str, dict[str, dict[str, Any]]] = app.__dict__.setdefault(_PUBLISHED_TEXTS, {})
    if docname not in cache:
        found = versions.archived_texts(archive, language(app), policy["id"])
        if policy["version"] not in found:
            found[policy["version"]] = current_text_document(app, docname, policy)
        cache[docname] = found
    return cache[docname]


def _problem(source: str, line: int | None, message: str) -> model.InputError:
    return {"source": source, "line": line or 0, "code": "published", "message": message}


_NEW_VERSION = (
    "A published version never changes: give the policy a new :version: (with a policy-version entry saying "
    "what changed), or undo the change."
)


def problems(app: Sphinx, domain: PolicyDomain) -> list[model.InputError]:
    """A published version never changes, and a major one is announced in time: else the build stops here."""
    app.__dict__[_TEXTS] = {}
    app.__dict__[_PUBLISHED_TEXTS] = {}
    archive = archive_folder(app)
    if archive is None or app.builder.format != "html":
        return []
    found = versions.archive_problems(archive, language(app), sorted(p["id"] for p in domain.policies.values()))
    if found:
        return found  # nothing below may read a damaged archive
    for docname, policy in sorted(domain.policies.items()):
        found += _version_problems(app, archive, docname, policy)
        found += _announced_problems(app, archive, docname, policy)
    return found


def _version_problems(app: Sphinx, archive: Path, docname: str, policy: model.Policy) -> list[model.InputError]:
    policy_id, version, line = policy["id"], policy["version"], policy["location"]["line"]
    published = versions.archive_file(archive, language(app), policy_id, version)
    if published.is_file():
        # Compared as data, less the page's address, which depends on the builder
        # (policies/x.html, policies/x/) and not on the version.
        current = versions.comparable(current_version_feed(app, docname, policy))
        if versions.comparable(versions.load(published)) != current:
            return [
                _problem(
                    docname,
                    line,
                    f"policy {policy_id!r}: version {version} was published as {published} and this build would "
                    f"change its facts. {_NEW_VERSION}",
                )
            ]
        kept = versions.text_file(archive, language(app), policy_id, version)
        if kept.is_file():
            change = text.first_change(versions.load(kept)["blocks"], current_text(app, docname, policy))
            if change is not None:
                description, changed_line = change
                return [
                    _problem(
                        docname,
                        changed_line or line,
                        f"policy {policy_id!r}: version {version} was published with other text ({kept}): "
                        f"{description}. {_NEW_VERSION}",
                    )
                ]
        return []
    return _new_version_problems(app, archive, docname, policy)


def _announced_problems(app: Sphinx, archive: Path, docname: str, policy: model.Policy) -> list[model.InputError]:
    """An announced version: its page shows the version in effect until then, so that version's text is kept."""
    history = policy["history"]
    if not pages.upcoming(history, pages.build_day()):
        return []
    entry, in_effect = history[-1], history[-2]
    if versions.text_file(archive, language(app), policy["id"], in_effect["version"]).is_file():
        return []
    return [
        _problem(
            docname,
            entry["location"]["line"],
            f"policy-version {entry['version']!r} takes effect on {entry['date']}, so until then the policy's page "
            f"shows version {in_effect['version']!r}, but the archive holds no text of it (it was published before "
            "texts were kept, or not by this site): build and commit that version first, or give "
            f"{entry['version']!r} a :date: on or before {pages.build_day()}.",
        )
    ]


def _new_version_problems(app: Sphinx, archive: Path, docname: str, policy: model.Policy) -> list[model.InputError]:
    """A version published now over an earlier one: editorial versions change no fact, major ones give notice."""
    history = policy["history"]
    if len(history) < 2:
        return []
    entry, previous = history[-1], history[-2]
    previous_file = versions.archive_file(archive, language(app), policy["id"], previous["version"])
    if not previous_file.is_file():
        return []  # nobody has read an earlier version on this site: there is nobody to give notice to
    subject = f"policy-version {entry['version']!r}"
    if entry["impact"] == "editorial":
        facts = changes.structured_changes(versions.load(previous_file), current_version_feed(app, docname, policy))
        if facts:
            kinds = ", ".join(sorted({kind for kind, _, _ in facts}))
            return [
                _problem(
                    docname,
                    entry["location"]["line"],
                    f"{subject} is marked :impact: editorial but changes facts of version {previous['version']} "
                    f"({kinds}): an editorial version changes only wording; mark it minor or major.",
                )
            ]
    if entry["impact"] != "major":
        return []
    notice_days = PolicyConfig.from_sphinx(app.config).notice_days
    day = pages.build_day()
    effective = entry["date"] or day
    notice = (datetime.date.fromisoformat(str(effective)) - datetime.date.fromisoformat(day)).days
    if entry["notice_reason"] or notice >= notice_days:
        return []
    earliest = (datetime.date.fromisoformat(day) + datetime.timedelta(days=notice_days)).isoformat()
    if not entry["date"]:
        problem = (
            f"{subject} is a major change without a :date:, the day it takes effect: a major change is "
            f"published at least {notice_days} days ahead (policy_notice_days), so give it a :date: of "
            f"{earliest} or later, or say why the notice is shorter with :notice-reason:."
        )
    else:
        problem = (
            f"{subject} is a major change that takes effect on {effective}, {notice} days after this build "
            f"({day}), but a major change is published at least {notice_days} days before it takes effect "
            f"(policy_notice_days): set its :date: to {earliest} or later, or say why the notice is shorter "
            "with :notice-reason: (for example, a change the law requires)."
        )
    return [_problem(docname, entry["location"]["line"], problem)]
