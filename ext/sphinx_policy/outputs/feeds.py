"""Policy feeds: ``feeds/policies/<id>.json`` per policy and ``feeds/index.json`` per language.

Written on ``build-finished``, only after a successful build, validated against
their schemas first (``publishing.schemas``); the schemas are published beside
them.  Policy pages link to their feed (``<link rel="alternate">`` and a link in
the policy's head).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from sphinx_policy import model
from sphinx_policy.i18n import words
from sphinx_policy.publishing import addresses, documents
from sphinx_policy.publishing.html import add_head_tags, attribute
from sphinx_policy.publishing.schemas import FeedValidationError, publish_schemas, schema, write_validated
from sphinx_policy.source import config, problems
from sphinx_policy.source.domain import policy_domain

logger = logging.getLogger(__name__)


def findings_for_feed(findings: list[model.Finding], source_path: str) -> list[dict[str, object]]:
    """Findings as the feed publishes them: codes, the article, the message in the feed's language."""
    return [
        {
            "code": finding["code"],
            "severity": finding["severity"],
            "article": finding["article"],
            "subject": finding["subject"],
            "message": words.finding_message(finding["code"], finding["subject"]),
            "source": source_path,
            "line": finding["line"],
            "waived": finding["waived"],
        }
        for finding in findings
    ]


def index_entry(
    feed: dict[str, Any], other_languages: Iterable[str], template: str = addresses.DEFAULT_LANGUAGE_FOLDER
) -> dict[str, Any]:
    keys = ("id", "title", "language", "version", "effective", "updated", "url", "feed_url")
    entry = {key: feed[key] for key in keys}
    # Every language is built from the same sources into a sibling folder, so a
    # translation has the same path there.
    up = "../" * (template.count("/") + 1)
    entry["translations"] = [
        {
            "language": language,
            "url": f"{up}{addresses.language_folder(language, template)}/{feed['url']}",
            "feed_url": f"{up}{addresses.language_folder(language, template)}/{feed['feed_url']}",
        }
        for language in other_languages
    ]
    return entry


def index_feed(
    language: str,
    site_languages: Iterable[str],
    policy_feeds: Iterable[dict[str, Any]],
    template: str = addresses.DEFAULT_LANGUAGE_FOLDER,
) -> dict[str, Any]:
    others = [code for code in site_languages if code != language]
    return {
        "$schema": schema("index.schema.json")["$id"],
        "schema_version": model.SCHEMA_VERSION,
        "language": language,
        "policies": sorted(
            (index_entry(feed, others, template) for feed in policy_feeds), key=lambda entry: entry["id"]
        ),
    }


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    policy = policy_domain(app.env).policies.get(pagename)
    if policy is not None:
        feed_href = attribute(context["pathto"](addresses.feed_path(policy["id"]), resource=True))
        add_head_tags(context, [f'<link rel="alternate" type="application/json" href="{feed_href}">'])


def _head_link(app: Sphinx, docname: str, policy: model.Policy) -> list[tuple[str, str]]:
    return [(words.heading("feed"), addresses.feed_path(policy["id"]))]


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return  # write nothing after a failed build: the last good feeds stay
    domain = policy_domain(app.env)
    language = app.config.language or "en"
    files: dict[str, tuple[dict[str, Any], str]] = {}
    policy_feeds = []
    for docname, policy in sorted(domain.policies.items()):
        # Feed URLs stay relative to the language root, so that every language's
        # feeds point into their own folder wherever the site is hosted.
        feed = documents.policy_feed(
            policy,
            addresses.page_path(app.builder, docname),
            addresses.feed_path(policy["id"]),
            findings_for_feed(domain.findings.get(docname, []), str(app.env.doc2path(docname, False))),
            source_path=str(app.env.doc2path(docname, False)),
        )
        policy_feeds.append(feed)
        files[addresses.feed_path(policy["id"])] = (feed, "policy.schema.json")
    settings = config.PolicyConfig.from_sphinx(app.config)
    files["feeds/index.json"] = (
        index_feed(language, settings.languages, policy_feeds, settings.language_folder),
        "index.schema.json",
    )
    outdir = Path(app.outdir)
    try:
        written = write_validated(outdir, files)
    except FeedValidationError as error:
        raise problems.PolicyBuildError(f"a feed failed validation, so no feed was written: {error}") from None
    publish_schemas(outdir)
    logger.info(
        "sphinx-policy: %d %s, %d feeds valid and up to date in %s",
        len(policy_feeds),
        "policy" if len(policy_feeds) == 1 else "policies",
        len(written),
        outdir / "feeds",
    )


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _on_html_page_context)
    app.connect("policy-head-links", _head_link)
    app.connect("build-finished", _on_build_finished)
