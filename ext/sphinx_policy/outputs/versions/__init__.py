"""Published versions as legal records: the archive, version pages, change pages and the change feeds.

Every version a site publishes is kept in the archive (``policy_archive``,
``archive``): its data and its whole text as readers saw it (``text``).  A build
refuses to change either (``policy-output-problems``), checks that a major version is
announced in time, copies each version's data to
``feeds/policies/<id>/<version>.json``, gives every version a page from its archived
text (``policies/<id>/<version>``) and an embeddable fragment, writes a page of what
changed between consecutive versions with a redline (``changes``), the JSON Feed and
Atom feed of all versions (``changefeeds``), and records a new version in the archive
last, once everything else is written.  While a new version is announced but not in
effect, the policy's page shows the version in effect (``pages``).
"""

from __future__ import annotations

import itertools
import posixpath
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinx_policy import model
from sphinx_policy.i18n import version_words, words
from sphinx_policy.publishing import GENERATED_PAGES, HEAD_LINKS, addresses
from sphinx_policy.publishing.files import serialise, write_atomically
from sphinx_policy.publishing.html import PAGE_DESCRIPTION, page_title
from sphinx_policy.publishing.schemas import FeedValidationError, validate, write_validated
from sphinx_policy.source import OUTPUT_PROBLEMS
from sphinx_policy.source.domain import PolicyDomain, policy_domain
from sphinx_policy.source.problems import PolicyBuildError

from . import archive as versions
from . import changefeeds, changes, pages, published, render, text

logger = logging.getLogger(__name__)


def _change_pairs(policy: model.Policy, feeds: dict[str, dict[str, Any]]) -> list[tuple[model.Version, model.Version]]:
    """Consecutive versions whose feeds are both at hand: each gets a page of what changed."""
    return [
        (before, after)
        for before, after in itertools.pairwise(policy["history"])
        if before["version"] in feeds and after["version"] in feeds
    ]


def _relative(app: Sphinx, target: str, from_page: str) -> str:
    return app.builder.get_relative_uri(from_page, target)


def _version_links(
    app: Sphinx, docname: str, policy: model.Policy, version: str, changed: set[str], from_page: str
) -> list[tuple[str, str]]:
    links = [(version_words.word("current_link"), _relative(app, docname, from_page))]
    if version in changed:
        links.append(
            (
                version_words.word("changes_link"),
                _relative(app, addresses.change_pagename(policy["id"], version), from_page),
            )
        )
    page_folder = posixpath.dirname(app.builder.get_target_uri(from_page)) or "."
    feed = posixpath.relpath(addresses.version_feed_path(policy["id"], version), page_folder)
    links.append((version_words.word("data_link"), feed))
    return links


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format != "html":
        return
    language = published.language(app)
    day = pages.build_day()
    for docname, policy in sorted(policy_domain(app.env).policies.items()):
        feeds = published.published_feeds(app, docname, policy)
        texts = published.published_texts(app, docname, policy)
        pairs = _change_pairs(policy, feeds)
        for before, after in pairs:
            pagename = addresses.change_pagename(policy["id"], after["version"])
            body = changes.change_page(
                policy["title"],
                feeds[before["version"]],
                feeds[after["version"]],
                after,
                app.builder.get_relative_uri(pagename, docname),
                (texts.get(before["version"]), texts.get(after["version"])),
                language,
            )
            title = words.changes_heading(policy["title"], before["version"], after["version"])
            yield pagename, {"title": page_title(title), "body": body, PAGE_DESCRIPTION: title}, "page.html"
        states = pages.standing(policy["history"], day)
        changed = {after["version"] for _, after in pairs}
        for entry in policy["history"]:
            version = entry["version"]
            if version not in texts:
                continue
            pagename = addresses.version_pagename(policy["id"], version)
            body, notice = pages.version_page_body(
                texts[version],
                states[version],
                entry,
                pages.valid_until(policy["history"], version),
                _version_links(app, docname, policy, version, changed, pagename),
                language,
            )
            title = words.version_title(policy["title"], version)
            yield pagename, {"title": page_title(title), "body": body, PAGE_DESCRIPTION: notice}, "page.html"


def _generated_pages(app: Sphinx, domain: PolicyDomain) -> list[str]:
    names = []
    for docname, policy in sorted(domain.policies.items()):
        feeds = published.published_feeds(app, docname, policy)
        names += [
            addresses.change_pagename(policy["id"], after["version"]) for _, after in _change_pairs(policy, feeds)
        ]
        texts = published.published_texts(app, docname, policy)
        names += [addresses.version_pagename(policy["id"], version) for version in sorted(texts)]
    return names


def _history(app: Sphinx, docname: str, policy: model.Policy) -> list[tuple[str, str | None]]:
    """The policy's versions, newest first: each one's words, and the address of its page, relative to
    the policy's page (None for a version the archive has no text of, which has no page)."""
    archive = published.archive_folder(app)
    assert archive is not None
    language = published.language(app)
    with_pages = set(versions.archived_text_versions(archive, language, policy["id"])) | {policy["version"]}
    states = pages.standing(policy["history"], pages.build_day())
    page_folder = posixpath.dirname(app.builder.get_target_uri(docname)) or "."
    found: list[tuple[str, str | None]] = []
    for entry in reversed(policy["history"]):
        label = version_words.version_label(
            entry["version"], entry["date"], language, stated=entry["impact"] is not None
        )
        state = version_words.state(states[entry["version"]], entry["date"], language)
        target = None
        if entry["version"] in with_pages:
            page = app.builder.get_target_uri(addresses.version_pagename(policy["id"], entry["version"]))
            target = posixpath.relpath(page, page_folder)
        found.append((f"{label} ({state})", target))
    return found


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The policy's head lists its published versions, each linked to its page."""
    policy = policy_domain(app.env).policies.get(docname)
    if policy is None or app.builder.format != "html" or published.archive_folder(app) is None:
        return
    history = nodes.container(classes=["policy-history"])
    label = version_words.word("history")
    history += nodes.paragraph("", "", nodes.strong(label, label))
    items = nodes.bullet_list()
    for words_of_version, target in _history(app, docname, policy):
        item = nodes.paragraph("")
        if target is None:
            item += nodes.Text(words_of_version)
        else:
            item += nodes.reference(words_of_version, words_of_version, refuri=target)
        items += nodes.list_item("", item)
    history += items
    for head in doctree.findall(nodes.container):
        if "policy-head" in head["classes"]:
            head += history
            break


def _head_html(app: Sphinx, docname: str, policy: model.Policy) -> str:
    """The head of the page in effect: the line of links every output contributes, and the history."""
    page_folder = posixpath.dirname(app.builder.get_target_uri(docname)) or "."
    links = [link for contributed in app.emit(HEAD_LINKS, docname, policy) for link in contributed]
    line = " · ".join(
        f'<a href="{escape(posixpath.relpath(target, page_folder), quote=True)}">{escape(text)}</a>'
        for text, target in links
    )
    items = "".join(
        f'<li><a href="{escape(target, quote=True)}">{escape(label)}</a></li>'
        if target
        else f"<li>{escape(label)}</li>"
        for label, target in _history(app, docname, policy)
    )
    history = (
        f'<div class="policy-history"><p><strong>{escape(version_words.word("history"))}</strong></p>'
        f"<ul>{items}</ul></div>"
    )
    return (f'<p class="policy-feed-link">{line}</p>' if line else "") + history


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """While a new version is announced, the policy's page shows the version in effect, with a notice."""
    policy = policy_domain(app.env).policies.get(pagename)
    if policy is None or app.builder.format != "html" or published.archive_folder(app) is None:
        return
    history = policy["history"]
    if not pages.upcoming(history, pages.build_day()):
        return
    entry, in_effect = history[-1], history[-2]
    texts = published.published_texts(app, pagename, policy)
    if in_effect["version"] not in texts:
        return  # refused before writing (published.problems)
    version_page = _relative(app, addresses.version_pagename(policy["id"], entry["version"]), pagename)
    changes_page = _relative(app, addresses.change_pagename(policy["id"], entry["version"]), pagename)
    notice = pages.upcoming_notice(entry, version_page, changes_page, published.language(app))
    blocks = texts[in_effect["version"]]["blocks"]
    # The version in effect's title, then the notice and the head, then the rest of its text.
    title, rest = (blocks[:1], blocks[1:]) if blocks and blocks[0]["kind"] == "heading" else ([], blocks)
    context["body"] = "\n".join(
        [render.blocks_html(title), notice, _head_html(app, pagename, policy), render.blocks_html(rest)]
    )
    context["toc"] = ""
    context["display_toc"] = False


# The day each page was last read, kept in the environment between builds (as sphinx.ext.todo keeps its
# notes: set while reading, merged from parallel readers, dropped with the page).
_READ_DAYS = "sphinx_policy_read_days"


def _read_days(env: BuildEnvironment) -> dict[str, str]:
    days: dict[str, str] = env.__dict__.setdefault(_READ_DAYS, {})
    return days


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    _read_days(app.env)[app.env.current_document.docname] = pages.build_day()


def _on_env_merge_info(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = _read_days(other)
    _read_days(env).update({docname: theirs[docname] for docname in docnames if docname in theirs})


def _on_env_purge_doc(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _read_days(env).pop(docname, None)


def _on_env_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A policy whose announced version took effect since its page was last read is read and written
    again, though its source did not change: its page now shows the new version."""
    day, read_days = pages.build_day(), _read_days(env)
    return sorted(
        docname
        for docname, policy in policy_domain(env).policies.items()
        if docname in read_days
        and pages.upcoming(policy["history"], read_days[docname]) != pages.upcoming(policy["history"], day)
    )


def _change_entries(
    app: Sphinx, domain: PolicyDomain, feeds_by_docname: dict[str, dict[str, dict[str, Any]]]
) -> list[changefeeds.ChangeEntry]:
    """One entry per version of every policy, with URLs relative to the feeds/ folder."""
    entries = []
    language = published.language(app)
    day = pages.build_day()
    for docname, policy in sorted(domain.policies.items()):
        feeds = feeds_by_docname[docname]
        texts = published.published_texts(app, docname, policy)
        changed = {after["version"] for _, after in _change_pairs(policy, feeds)}
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
                    # An announced version is dated the day it was published, not the day it takes effect.
                    date=(
                        texts.get(version, {}).get("published", day)
                        if entry["date"] and str(entry["date"]) > day
                        else entry["date"]
                    ),
                    effective=entry["date"],
                    summary=entry["summary"] or (words.changes_word("first") if position == 0 else ""),
                    url=posixpath.relpath(page or ".", "feeds"),  # dirhtml: "" is the root
                    version_feed_url=(
                        posixpath.relpath(addresses.version_feed_path(policy["id"], version), "feeds")
                        if version in feeds
                        else None
                    ),
                    impact=entry["impact"],
                    facts=version_words.change_facts(entry["date"], entry["impact"], language),
                )
            )
    return entries


def _describe(entry: changefeeds.ChangeEntry) -> str:
    return words.version_title(entry.policy_title, entry.version)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return  # write nothing after a failed build: the last good feeds stay
    domain = policy_domain(app.env)
    language = published.language(app)
    archive = published.archive_folder(app)
    files: dict[str, tuple[dict[str, Any], str]] = {}
    fragments: dict[str, bytes] = {}
    new_records: list[tuple[Path, bytes]] = []
    feeds_by_docname: dict[str, dict[str, dict[str, Any]]] = {}
    for docname, policy in sorted(domain.policies.items()):
        feeds_by_docname[docname] = published.published_feeds(app, docname, policy)
        for version, version_feed in feeds_by_docname[docname].items():
            files[addresses.version_feed_path(policy["id"], version)] = (version_feed, "policy.schema.json")
        if archive is None:
            continue
        texts = published.published_texts(app, docname, policy)
        for version, version_text in texts.items():
            fragments[addresses.fragment_path(policy["id"], version)] = render.fragment(version_text)
        archived = versions.archive_file(archive, language, policy["id"], policy["version"])
        if not archived.is_file():
            new_records.append((archived, serialise(feeds_by_docname[docname][policy["version"]])))
        kept = versions.text_file(archive, language, policy["id"], policy["version"])
        if not kept.is_file():
            document = texts[policy["version"]]  # the current version's, taken from this build's page
            validate(document, "policy-text.schema.json", str(kept))
            new_records.append((kept, text.serialise_text(document)))
    entries = _change_entries(app, domain, feeds_by_docname)
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
    for path, content in sorted(fragments.items()):
        write_atomically(outdir / path, content)
    for archived, content in new_records:
        # Recorded only now, after the version's outputs were written: this version is published.
        write_atomically(archived, content)
        logger.info("sphinx-policy: published %s (commit it: published versions never change)", archived)


def setup(app: Sphinx) -> None:
    app.connect(OUTPUT_PROBLEMS, published.problems)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect(GENERATED_PAGES, _generated_pages)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("env-merge-info", _on_env_merge_info)
    app.connect("env-purge-doc", _on_env_purge_doc)
    app.connect("env-get-outdated", _on_env_get_outdated)
    # Last of the writers: a version enters the archive only once the rest is written.
    app.connect("build-finished", _on_build_finished, priority=900)
