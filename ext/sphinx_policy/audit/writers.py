"""The audit's outputs: one JSON document per policy and language, its HTML page, the terminal table.

The JSON follows schemas/audit.schema.json and is checked against it before it is
written; its evidence uses the EDPS Website Evidence Collector's names (cookies with
``expiresDays`` and ``firstPartyStorage``, hosts split into first and third party).
The HTML has no script and no inline style (``Content-Security-Policy: default-src
'self'`` holds) unless it is a stand-alone file, which carries its style inside.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .declarations import PolicyDeclarations, schema
from .findings import ERROR, NOTE, Finding
from .passes import PassResult

AUDIT_SCHEMA = "audit.schema.json"
SCHEMA_VERSION = "1.0"
STYLESHEET = "audit.css"
TOOL = "sphinx-policy audit"

STYLE = """body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #999;padding:.3rem .5rem;
text-align:left;vertical-align:top}tr.error td:first-child{color:#a00;font-weight:bold}
tr.note td:first-child{color:#555}pre{white-space:pre-wrap;background:#f4f4f4;padding:.5rem;margin:.3rem 0}
.verdict-ok{color:#060}.verdict-failed{color:#a00}code{font-size:.95em}
"""


@dataclass
class PolicyAudit:
    """Every page audited against one policy feed (one language)."""

    declarations: PolicyDeclarations
    pages: dict[str, list[PassResult]]
    findings: list[Finding]
    started: str
    seconds: float
    browser: str

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == ERROR)

    @property
    def notes(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == NOTE)


def now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def document(audit: PolicyAudit) -> dict[str, Any]:
    declarations = audit.declarations
    third_party = sorted(
        {
            host
            for results in audit.pages.values()
            for result in results
            for snapshot in result.snapshots
            for host in snapshot.as_dict()["hosts"]["requests"]["thirdParty"]
        }
    )
    return {
        "$schema": schema(AUDIT_SCHEMA)["$id"],
        "schema_version": SCHEMA_VERSION,
        "tool": TOOL,
        "browser": audit.browser,
        "started": audit.started,
        "seconds": round(audit.seconds, 2),
        "policy": {
            "id": declarations.policy_id,
            "version": declarations.version,
            "language": declarations.language,
            "title": declarations.title,
            "feed": declarations.feed,
        },
        "pages": [
            {
                "url": url,
                "passes": [
                    {
                        "number": result.plan.number,
                        "id": result.plan.id,
                        "title": result.plan.title,
                        "gpc": result.plan.gpc,
                        "seconds": round(result.seconds, 2),
                        "stopped": result.problem,
                        "steps": [snapshot.as_dict() for snapshot in result.snapshots],
                    }
                    for result in results
                ],
            }
            for url, results in audit.pages.items()
        ],
        "findings": [finding.as_dict() for finding in audit.findings],
        "summary": {
            "errors": audit.errors,
            "notes": audit.notes,
            "pages": len(audit.pages),
            "passes": sum(len(results) for results in audit.pages.values()),
            "thirdPartyHosts": third_party,
        },
    }


def validate(data: dict[str, Any]) -> None:
    """Our own output must match its schema: a mismatch is a bug in the audit, said plainly."""
    error = best_match(Draft202012Validator(schema(AUDIT_SCHEMA)).iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        raise ValueError(f"the audit's result does not match {AUDIT_SCHEMA} at {where}: {error.message}")


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_json(path: Path, data: dict[str, Any]) -> None:
    validate(data)
    write_atomically(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n")


def html_page(audit: PolicyAudit, json_href: str, *, stylesheet_href: str | None) -> str:
    """The report page; with ``stylesheet_href`` None the style is carried inside (a stand-alone file)."""
    declarations = audit.declarations
    title = f"Browser audit: {declarations.title} ({declarations.language})"
    style = (
        f'<link rel="stylesheet" href="{escape(stylesheet_href)}">'
        if stylesheet_href is not None
        else f"<style>{STYLE}</style>"
    )
    verdict = "ok" if audit.errors == 0 else "failed"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(declarations.language)}">',
        f'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>{style}</head>",
        "<body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="verdict-{verdict}"><strong>{audit.errors} errors, {audit.notes} notes</strong> in '
        f"{sum(len(r) for r in audit.pages.values())} passes over {len(audit.pages)} page(s), "
        f"policy version {escape(declarations.version)}, audited {escape(audit.started)} with "
        f"{escape(audit.browser)}.</p>",
        f'<p>Evidence and findings as JSON: <a href="{escape(json_href)}">{escape(json_href)}</a> '
        f"(feed: <code>{escape(declarations.feed)}</code>).</p>",
        "<h2>Findings</h2>",
    ]
    if audit.findings:
        parts.append(
            '<table><thead><tr><th scope="col">Severity</th><th scope="col">Finding</th><th scope="col">Pass</th>'
            '<th scope="col">What was seen</th><th scope="col">Declaration</th></tr></thead><tbody>'
        )
        for finding in audit.findings:
            evidence = json.dumps(finding.evidence, ensure_ascii=False, sort_keys=True)
            suggestion = (
                f"<p>Suggested declaration:</p><pre>{escape(finding.suggestion)}</pre>" if finding.suggestion else ""
            )
            parts.append(
                f'<tr class="{escape(finding.severity)}"><td>{escape(finding.severity)}</td>'
                f"<td><code>{escape(finding.code)}</code> {escape(finding.message)}{suggestion}</td>"
                f"<td>{escape(', '.join(finding.passes))} ({escape(finding.step)})<br>"
                f"<code>{escape(finding.page)}</code></td>"
                f"<td><pre>{escape(evidence)}</pre></td><td>{escape(finding.where() or '')}</td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append("<p>None: the site did nothing the policy does not declare.</p>")
    parts.append("<h2>Passes</h2>")
    for url, results in audit.pages.items():
        parts.append(f"<h3><code>{escape(url)}</code></h3>")
        parts.append(
            '<table><thead><tr><th scope="col">Pass</th><th scope="col">Step</th><th scope="col">Allowed</th>'
            '<th scope="col">Cookies</th><th scope="col">Storage</th><th scope="col">Third-party hosts</th>'
            "</tr></thead><tbody>"
        )
        for result in results:
            for snapshot in result.snapshots:
                data = snapshot.as_dict()
                cookies = ", ".join(f"{c['name']} ({c['domain']})" for c in data["cookies"])
                storage = ", ".join(
                    f"{kind}: {key}"
                    for kind in ("localStorage", "sessionStorage", "indexedDB")
                    for keys in data[kind].values()
                    for key in keys
                )
                parts.append(
                    f"<tr><td>{result.plan.number} {escape(result.plan.id)}</td><td>{escape(snapshot.step)}</td>"
                    f"<td>{escape(', '.join(sorted(snapshot.allowed)))}</td><td>{escape(cookies)}</td>"
                    f"<td>{escape(storage)}</td>"
                    f"<td>{escape(', '.join(data['hosts']['requests']['thirdParty']))}</td></tr>"
                )
        parts.append("</tbody></table>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def progress_line(page: str, result: PassResult) -> str:
    cookies = {cookie.name for snapshot in result.snapshots for cookie in snapshot.cookies}
    keys = {
        key
        for snapshot in result.snapshots
        for store in (snapshot.local_storage, snapshot.session_storage, snapshot.indexed_db)
        for names in store.values()
        for key in names
    }
    third = {request.host for snapshot in result.snapshots for request in snapshot.requests if not request.first_party}
    state = f"  stopped: {result.problem}" if result.problem else ""
    return (
        f"  {page}  pass {result.plan.number} {result.plan.id:<18} {len(result.snapshots)} steps  "
        f"{len(cookies):2d} cookies  {len(keys):2d} storage keys  {len(third):2d} third-party hosts  "
        f"{result.seconds:5.2f} s{state}"
    )


def summary_table(audits: list[PolicyAudit]) -> str:
    rows = [("policy", "language", "pages", "passes", "errors", "notes", "seconds")]
    for audit in audits:
        rows.append(
            (
                audit.declarations.policy_id,
                audit.declarations.language,
                str(len(audit.pages)),
                str(sum(len(results) for results in audit.pages.values())),
                str(audit.errors),
                str(audit.notes),
                f"{audit.seconds:.1f}",
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def finding_lines(audit: PolicyAudit) -> list[str]:
    lines = []
    for finding in audit.findings:
        where = f"  [{finding.where()}]" if finding.where() else ""
        lines.append(
            f"  {finding.severity:<5} {finding.code:<26} {finding.subject}  pass {finding.pass_id} "
            f"({finding.step}){where}: {finding.message}"
        )
    return lines
