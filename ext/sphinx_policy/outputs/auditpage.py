"""The browser audit's page per policy with cookies, until the audit writes its report there.

``python -m sphinx_policy.audit SITE`` runs after the build (it needs a browser) and
writes ``<lang>/audit/<id>.html``; the build writes a page at that address saying
the audit has not run, so the transparency report's link never leads nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from typing import Any

from sphinx.application import Sphinx

from sphinx_policy.i18n import words
from sphinx_policy.publishing import GENERATED_PAGES, addresses
from sphinx_policy.publishing.html import PAGE_DESCRIPTION, page_title
from sphinx_policy.source.domain import PolicyDomain, policy_domain


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if app.builder.format != "html":
        return
    for _, policy in sorted(policy_domain(app.env).policies.items()):
        if not policy["cookies"]:
            continue
        pagename = addresses.audit_pagename(policy["id"])
        title = f"{words.report_heading('audit')}: {policy['title']}"
        report_href = app.builder.get_relative_uri(pagename, addresses.report_pagename(policy["id"]))
        body = (
            f"<h1>{escape(title)}</h1>\n"
            f'<p class="policy-audit-pending">{escape(words.report_heading("audit_pending"))}</p>\n'
            f'<p><a href="{escape(report_href)}">{escape(words.report_heading("link"))}</a></p>'
        )
        context = {"title": page_title(title), "body": body, PAGE_DESCRIPTION: words.report_heading("audit_pending")}
        yield pagename, context, "page.html"


def _generated_pages(app: Sphinx, domain: PolicyDomain) -> list[str]:
    return [addresses.audit_pagename(policy["id"]) for policy in domain.policies.values() if policy["cookies"]]


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect(GENERATED_PAGES, _generated_pages)
