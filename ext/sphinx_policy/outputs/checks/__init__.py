"""Transparency checks: GDPR Art. 13/14 and cookie rules as located warnings, and their report pages.

On ``env-updated`` every policy record is checked (``rules``); each finding is a
warning at its source line (``policy.<code>``, so a site can suppress one check)
and goes into the domain, from which the feeds publish it.  The report pages, one
per policy and a summary, are generated on ``html-collect-pages`` (``report``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from sphinx_policy import model
from sphinx_policy.i18n import words
from sphinx_policy.publishing import GENERATED_PAGES, HEAD_LINKS, addresses
from sphinx_policy.publishing.consentmode import consent_mode
from sphinx_policy.publishing.html import PAGE_DESCRIPTION, page_title
from sphinx_policy.source import INPUT_PROBLEMS
from sphinx_policy.source.config import PolicyConfig
from sphinx_policy.source.domain import PolicyDomain, policy_domain

from . import report, rules
from .rules import CHECKS

logger = logging.getLogger(__name__)


def _trackers(app: Sphinx) -> tuple[dict[str, str], list[model.InputError]]:
    """Known tracker cookies: the built-in list, plus the cookie database conf.py names."""
    configured = PolicyConfig.from_sphinx(app.config).cookie_database
    if not configured:
        return rules.BUILTIN_TRACKERS, []
    path = Path(app.confdir) / configured
    try:
        return {**rules.load_cookie_database(path), **rules.BUILTIN_TRACKERS}, []
    except rules.CookieDatabaseError as error:
        return rules.BUILTIN_TRACKERS, [
            {
                "source": str(path),
                "line": error.line,
                "code": "config",
                "message": f"the cookie database (policy_cookie_database in conf.py): {error}",
            }
        ]


def _cookie_database_problems(app: Sphinx, domain: PolicyDomain) -> list[model.InputError]:
    return _trackers(app)[1]


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Check every policy once its sources are sound (the source part stops the build otherwise)."""
    domain = policy_domain(env)
    trackers = _trackers(app)[0]
    domain.findings = {docname: rules.check_policy(policy, trackers) for docname, policy in domain.policies.items()}
    for docname in sorted(domain.findings):
        for finding in domain.findings[docname]:
            if not finding["waived"]:
                logger.warning(
                    words.finding_message(finding["code"], finding["subject"]),
                    location=(docname, finding["line"]),
                    type="policy",
                    subtype=finding["code"],
                )
    return []


def _notes(app: Sphinx, policy: model.Policy) -> tuple[str, ...]:
    """What the report says besides the findings: Google's pings before consent in advanced Consent Mode."""
    if consent_mode(policy, PolicyConfig.from_sphinx(app.config).consent_mode) == "advanced":
        return (words.report_heading("advanced_consent_mode"),)
    return ()


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The transparency report of every policy, and the site-wide summary."""
    if app.builder.format != "html":
        return
    domain = policy_domain(app.env)
    if not domain.policies:
        return
    for docname, policy in sorted(domain.policies.items()):
        pagename = addresses.report_pagename(policy["id"])
        body = report.policy_report(
            policy,
            domain.findings.get(docname, []),
            app.builder.get_relative_uri(pagename, docname),
            app.builder.get_relative_uri(pagename, addresses.SUMMARY_PAGENAME),
            str(app.env.doc2path(docname, False)),
            # The browser audit checks the demo page of a policy with cookies.
            app.builder.get_relative_uri(pagename, addresses.audit_pagename(policy["id"]))
            if policy["cookies"]
            else None,
            notes=_notes(app, policy),
        )
        title = f"{words.report_heading('report')}: {policy['title']}"
        context = {"title": page_title(title), "body": body, PAGE_DESCRIPTION: words.report_heading("intro")}
        yield pagename, context, "page.html"
    findings = {policy["id"]: domain.findings.get(docname, []) for docname, policy in domain.policies.items()}
    summary = report.summary_page(
        list(domain.policies.values()),
        findings,
        lambda policy_id: app.builder.get_relative_uri(
            addresses.SUMMARY_PAGENAME, addresses.report_pagename(policy_id)
        ),
    )
    context = {
        "title": page_title(words.report_heading("summary")),
        "body": summary,
        PAGE_DESCRIPTION: words.report_heading("summary_intro"),
    }
    yield addresses.SUMMARY_PAGENAME, context, "page.html"


def _head_link(app: Sphinx, docname: str, policy: model.Policy) -> list[tuple[str, str]]:
    target = app.builder.get_target_uri(addresses.report_pagename(policy["id"]))
    return [(words.report_heading("link"), target)]


def _generated_pages(app: Sphinx, domain: PolicyDomain) -> list[str]:
    if not domain.policies:
        return []
    pages = [addresses.SUMMARY_PAGENAME]
    pages += [addresses.report_pagename(policy["id"]) for policy in domain.policies.values()]
    return pages


def setup(app: Sphinx) -> None:
    app.connect(INPUT_PROBLEMS, _cookie_database_problems)
    app.connect("env-updated", _on_env_updated)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect(HEAD_LINKS, _head_link)
    app.connect(GENERATED_PAGES, _generated_pages)


__all__ = ["CHECKS", "setup"]
