"""Published versions: immutable version feeds, the archive, change pages and the change feeds.

Every version a site publishes is kept in the archive (``policy_archive``,
``archive``); a build refuses to change one (``policy-output-problems``), copies
each to ``feeds/policies/<id>/<version>.json``, writes a page of what changed
between consecutive versions (``changes``), the JSON Feed and Atom feed of all
versions (``changefeeds``), and records a new current version in the archive
last, once everything else is written.
"""

from __future__ import annotations

import itertools
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from sphinx_policy import model
from sphinx_policy.i18n import words
from sphinx_policy.publishing import GENERATED_PAGES, addresses, documents
from sphinx_policy.publishing.files import serialise, write_atomically
from sphinx_policy.publishing.html import PAGE_DESCRIPTION
from sphinx_policy.publishing.schemas import FeedValidationError, write_validated
from sphinx_policy.source import OUTPUT_PROBLEMS
from sphinx_policy.source.config import PolicyConfig
from sphinx_policy.source.domain import PolicyDomain, policy_domain
from sphinx_policy.source.problems import PolicyBuildError

from . import archive as versions
from . import changefeeds, changes

logger = logging.getLogger(__name__)


def _archive(app: Sphinx) -> Path | None:
    configured = PolicyConfig.from_sphinx(app.config).archive
    return Path(app.confdir) / configured if configured else None


def _current_version_feed(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, Any]:
    feed = documents.policy_feed(
        policy, addresses.page_path(app.builder, docname), addresses.feed_path(policy["id"]), []
    )
    return versions.version_feed(feed)


def _published_version_problems(app: Sphinx, domain: PolicyDomain) -> list[model.InputError]:
    """A published version never changes: the build stops before it would alter one."""
    archive = _archive(app)
    if archive is None or app.builder.format != "html":
        return []
    language = app.config.language or "en"
    problems = versions.archive_problems(archive, language, sorted(p["id"] for p in domain.policies.values()))
    if problems:
        return problems  # nothing below may read a damaged archive
    for docname, policy in sorted(domain.policies.items()):
        published = versions.archive_file(archive, language, policy["id"], policy["version"])
        if not published.is_file():
            continue
        # Compared as data, less the page's address, which depends on the builder
        # (policies/x.html, policies/x/) and not on the version.
        current = versions.comparable(_current_version_feed(app, docname, policy))
        if versions.comparable(versions.load(published)) != current:
            problems.append(
                {
                    "source": docname,
                    "line": policy["location"]["line"],
                    "code": "published",
                    "message": (
                        f"policy {policy['id']!r}: version {policy['version']} was published as {published} and "
                        "this build would change it. A published version never changes: give the policy a new "
                        ":version: (with a policy-version entry saying what changed), or undo the change."
                    ),
                }
            )
    return problems


def _published_feeds(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, dict[str, Any]]:
    """Every published version's feed by version: the archive's, and the current one."""
    archive = _archive(app)
    language = app.config.language or "en"
    found: dict[str, dict[str, Any]] = {}
    if archive is not None:
        for version, path in versions.archived_versions(archive, language, policy["id"]).items():
            found[version] = versions.load(path)
    found[policy["version"]] = _current_version_feed(app, docname, policy)
    return found


def _change_pairs(
    policy: model.Policy, published: dict[str, dict[str, Any]]
) -> list[tuple[model.Version, model.Version]]:
    """Consecutive versions whose feeds are both at hand: each gets a page of what changed."""
    return [
        (before, after)
        for before, after in itertools.pairwise(policy["history"])
        if before["version"] in published and after["version"] in published
    ]


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format != "html":
        return
    for docname, policy in sorted(policy_domain(app.env).policies.items()):
        published = _published_feeds(app, docname, policy)
        for before, after in _change_pairs(policy, published):
            pagename = addresses.change_pagename(policy["id"], after["version"])
            body = changes.change_page(
                policy["title"],
                published[before["version"]],
                published[after["version"]],
                after["summary"],
                app.builder.get_relative_uri(pagename, docname),
            )
            title = words.changes_heading(policy["title"], before["version"], after["version"])
            yield pagename, {"title": title, "body": body, PAGE_DESCRIPTION: title}, "page.html"


def _generated_pages(app: Sphinx, domain: PolicyDomain) -> list[str]:
    pages = []
    for docname, policy in sorted(domain.policies.items()):
        published = _published_feeds(app, docname, policy)
        pages += [
            addresses.change_pagename(policy["id"], after["version"]) for _, after in _change_pairs(policy, published)
        ]
    return pages


def _change_entries(
    app: Sphinx, domain: PolicyDomain, published_by_docname: dict[str, dict[str, dict[str, Any]]]
) -> list[changefeeds.ChangeEntry]:
    """One entry per version of every policy, with URLs relative to the feeds/ folder."""
    entries = []
    for docname, policy in sorted(domain.policies.items()):
        published = published_by_docname[docname]
        changed = {after["version"] for _, after in _change_pairs(policy, published)}
        controller = policy["controller"]
        for position, entry in enumerate(policy["history"]):
            version = entry["version"]
            if version in changed:
                page = app.builder.get_target_uri(addresses.change_pagename(policy["id"], version))
            else:
                page = app.builder.get_target_uri(docname)
            entries.append(
                changefeeds.ChangeEntry(
                    policy_id=policy["id"],
                    policy_title=policy["title"],
                    controller=controller["name"] if controller else "",
                    version=version,
                    date=entry["date"],
                    summary=entry["summary"] or (words.changes_word("first") if position == 0 else ""),
                    url=posixpath.relpath(page or ".", "feeds"),  # dirhtml: "" is the root
                    version_feed_url=(
                        posixpath.relpath(addresses.version_feed_path(policy["id"], version), "feeds")
                        if version in published
                        else None
                    ),
                )
            )
    return entries


def _describe(entry: changefeeds.ChangeEntry) -> str:
    return words.version_title(entry.policy_title, entry.version)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return  # write nothing after a failed build: the last good feeds stay
    domain = policy_domain(app.env)
    language = app.config.language or "en"
    archive = _archive(app)
    files: dict[str, tuple[dict[str, Any], str]] = {}
    new_versions: list[tuple[Path, dict[str, Any]]] = []
    published_by_docname: dict[str, dict[str, dict[str, Any]]] = {}
    for docname, policy in sorted(domain.policies.items()):
        published_by_docname[docname] = _published_feeds(app, docname, policy)
        for version, version_feed in published_by_docname[docname].items():
            files[addresses.version_feed_path(policy["id"], version)] = (version_feed, "policy.schema.json")
        if archive is not None:
            archived = versions.archive_file(archive, language, policy["id"], policy["version"])
            if not archived.is_file():
                new_versions.append((archived, published_by_docname[docname][policy["version"]]))
    entries = _change_entries(app, domain, published_by_docname)
    feed_title = words.changes_word("feed_title")
    files["feeds/changes.json"] = (
        changefeeds.json_feed(feed_title, language, entries, _describe),
        "jsonfeed-1.1.schema.json",
    )
    outdir = Path(app.outdir)
    try:
        write_validated(outdir, files)
    except FeedValidationError as error:
        raise PolicyBuildError(f"a version feed failed validation, so none was written: {error}") from None
    write_atomically(outdir / "feeds" / "changes.atom", changefeeds.atom_feed(feed_title, language, entries, _describe))
    for archived, version_feed in new_versions:
        # Recorded only now, after the version's outputs were written: this version is published.
        write_atomically(archived, serialise(version_feed))
        logger.info("sphinx-policy: published %s (commit it: published versions never change)", archived)


def setup(app: Sphinx) -> None:
    app.connect(OUTPUT_PROBLEMS, _published_version_problems)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect(GENERATED_PAGES, _generated_pages)
    # Last of the writers: a version enters the archive only once the rest is written.
    app.connect("build-finished", _on_build_finished, priority=900)
