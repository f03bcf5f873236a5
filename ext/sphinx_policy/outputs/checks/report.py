"""Transparency report pages: one per policy, and a site-wide table of policies by check.

The pages are HTML fragments handed to the theme's page template; every value
that comes from a policy is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from sphinx_policy import model
from sphinx_policy.i18n import coded_words, words

from . import chart
from . import rules as checks


def article_label(article: str) -> str:
    """A check's articles in the build's notation: 'GDPR 13(1)(c), 9(2)', 'ePrivacy 5(3)'."""
    if not article:
        return ""
    law, _, numbers = article.rpartition(" ") if article.startswith("ePrivacy") else ("GDPR", "", article)
    return f"{law} " + ", ".join(words.article_number(number) for number in numbers.split(", "))


def _message(finding: model.Finding) -> str:
    return words.finding_message(finding["code"], finding["subject"])


def policy_report(
    policy: model.Policy,
    findings: list[model.Finding],
    policy_href: str,
    summary_href: str,
    source_path: str,
    audit_href: str | None = None,
    notes: tuple[str, ...] = (),
) -> str:
    counts = checks.summarise(findings)
    parts = [
        f"<h1>{escape(words.report_heading('report'))}: {escape(policy['title'])}</h1>",
        f"<p>{escape(words.report_heading('intro'))}</p>",
        f'<p><a href="{escape(policy_href)}">{escape(policy["title"])}</a> · '
        f'<a href="{escape(summary_href)}">{escape(words.report_heading("summary"))}</a>'
        + (f' · <a href="{escape(audit_href)}">{escape(words.report_heading("audit"))}</a>' if audit_href else "")
        + "</p>",
        '<ul class="policy-finding-counts">'
        + "".join(f"<li>{escape(words.severity(key))}: {counts[key]}</li>" for key in (*model.SEVERITIES, "waived"))
        + "</ul>",
        *(f'<p class="policy-report-note">{escape(note)}</p>' for note in notes),
    ]
    parts.extend(_catalogue_values(policy))
    if not findings:
        parts.append(f"<p>{escape(words.report_heading('none'))}</p>")
        return "\n".join(parts)
    rows = []
    for finding in findings:
        severity = "waived" if finding["waived"] else finding["severity"]
        message = escape(_message(finding))
        if finding["waived"]:
            message += (
                f'<br><span class="policy-waiver">{escape(words.report_heading("reason"))}: '
                f"{escape(finding['waived'])}</span>"
            )
        rows.append(
            f'<tr class="policy-finding policy-finding-{escape(severity)}" data-code="{escape(finding["code"])}">'
            f"<td>{escape(words.severity(severity))}</td>"
            f"<td><code>{escape(finding['code'])}</code></td>"
            f"<td>{escape(article_label(finding['article']))}</td>"
            f"<td>{message}</td>"
            f"<td>{escape(source_path)}:{finding['line']}</td></tr>"
        )
    headings = "".join(
        f'<th scope="col">{escape(words.report_heading(key))}</th>'
        for key in ("severity", "check", "article", "finding", "source")
    )
    parts.append(
        '<div class="table-wrapper"><table class="policy-findings docutils">'
        f"<caption>{escape(words.report_heading('report'))}: {escape(policy['title'])}</caption>"
        f"<thead><tr>{headings}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    return "\n".join(parts)


def _catalogue_values(policy: model.Policy) -> list[str]:
    """Which values came from the catalogue of common services, and whether the policy shows them."""
    items = [
        (recipient["name"] or recipient["id"], field, value)
        for recipient in policy["recipients"]
        for field, value in recipient["catalogue"].items()
    ] + [
        (f"{cookie['name']} ({cookie['provider']})", field, value)
        for cookie in policy["cookies"]
        for field, value in cookie["catalogue"].items()
    ]
    if not items:
        return []
    note = "catalogue_filled" if policy["catalogue_mode"] == "fill" else "catalogue_note"
    entries = "".join(
        f'<li data-field="{escape(field)}">{escape(subject)}: <code>{escape(field)}</code> {escape(value)}</li>'
        for subject, field, value in items
    )
    return [
        f'<section class="policy-catalogue"><h2>{escape(coded_words.coded_heading("catalogue"))}</h2>'
        f"<p>{escape(coded_words.coded_heading(note))}</p><ul>{entries}</ul></section>"
    ]


def severity_label(severity: str) -> str:
    """A severity as its shape and its word: the table never tells it by colour alone."""
    return (
        f'<span class="policy-severity-icon" aria-hidden="true">{chart.SYMBOLS[severity]}</span>'
        f"{escape(words.severity(severity))}"
    )


def summary_page(
    policies: list[model.Policy], findings: dict[str, list[model.Finding]], report_href: Callable[[str], str]
) -> str:
    """A table of checks by policy: each cell says how many findings of that check a policy has."""
    ordered = sorted(policies, key=lambda policy: policy["id"])
    header = "".join(
        f'<th scope="col"><a href="{escape(report_href(policy["id"]))}">{escape(policy["id"])}</a></th>'
        for policy in ordered
    )
    rows = []
    totals = []
    for policy in ordered:
        counts = checks.summarise(findings[policy["id"]])
        totals.append(
            f'<tr><th scope="row"><a href="{escape(report_href(policy["id"]))}">{escape(policy["title"])}</a></th>'
            + "".join(f"<td>{counts[key]}</td>" for key in (*model.SEVERITIES, "waived"))
            + "</tr>"
        )
    for code, check in checks.CHECKS.items():
        cells = []
        for policy in ordered:
            matching = [finding for finding in findings[policy["id"]] if finding["code"] == code]
            if not matching:
                cells.append('<td class="policy-check-pass">&ndash;</td>')
                continue
            severity = "waived" if all(finding["waived"] for finding in matching) else check.severity
            cells.append(
                f'<td class="policy-check-{escape(severity)}">{severity_label(severity)} ({len(matching)})</td>'
            )
        rows.append(
            f'<tr><th scope="row"><code>{escape(code)}</code> <small>{escape(article_label(check.article))}</small>'
            f"</th>{''.join(cells)}</tr>"
        )
    total_headings = "".join(f'<th scope="col">{severity_label(key)}</th>' for key in (*model.SEVERITIES, "waived"))
    return "\n".join(
        [
            f"<h1>{escape(words.report_heading('summary'))}</h1>",
            f"<p>{escape(words.report_heading('summary_intro'))}</p>",
            chart.severity_chart([(policy["title"], checks.summarise(findings[policy["id"]])) for policy in ordered]),
            '<div class="table-wrapper"><table class="policy-summary docutils">'
            f"<caption>{escape(words.report_heading('summary'))}</caption>"
            f'<thead><tr><th scope="col">{escape(words.report_heading("policy"))}</th>{total_headings}</tr></thead>'
            f"<tbody>{''.join(totals)}</tbody></table></div>",
            '<div class="table-wrapper"><table class="policy-check-matrix docutils">'
            f"<caption>{escape(words.report_heading('check'))} &times; "
            f"{escape(words.report_heading('policy'))}</caption>"
            f'<thead><tr><th scope="col">{escape(words.report_heading("check"))}</th>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>",
        ]
    )
