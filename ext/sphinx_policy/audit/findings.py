"""Findings: what the browser saw against what the policy declares.

Each finding is reported once per page, at the first pass and step where it was
seen, with every pass it was seen in; so a cookie set before consent on every
visit is one problem to fix, not six.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .declarations import CookieDatabase, Declaration, PolicyDeclarations, host_matches
from .passes import AFTER_CONSENT, AFTER_WITHDRAWAL, BEFORE_CONSENT, ObservedCookie, PassResult, Snapshot

ERROR = "error"
NOTE = "note"

# Every finding code with its severity; codes are stable (tests, CI filters and the schema use them).
CODES = {
    "undeclared-cookie": ERROR,
    "undeclared-storage": ERROR,
    "before-consent": ERROR,
    "without-consent": ERROR,
    "after-withdrawal": ERROR,
    "lifetime-exceeded": ERROR,
    "session-cookie-persists": ERROR,
    "undeclared-host": ERROR,
    "third-party-before-consent": ERROR,
    "page-timeout": ERROR,
    "page-unreachable": ERROR,
    "banner-missing": ERROR,
    "javascript-error": NOTE,
    "consent-cookie-undeclared": NOTE,
    "declared-not-seen": NOTE,
}

ONE_DAY = 86400  # slack on lifetimes: clocks and rounding of months and years
SETTING_DELAY = 120  # seconds between a cookie being set and being seen, at most, for a suggested lifetime


@dataclass
class Finding:
    code: str
    subject: str
    page: str
    pass_id: str
    pass_number: int
    step: str
    message: str
    evidence: dict[str, Any]
    declaration: Declaration | None = None
    suggestion: str | None = None
    passes: list[str] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return CODES[self.code]

    def where(self) -> str | None:
        if self.declaration is None or self.declaration.source_file is None:
            return None
        return f"{self.declaration.source_file}:{self.declaration.source_line}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "subject": self.subject,
            "page": self.page,
            "pass": self.pass_id,
            "pass_number": self.pass_number,
            "step": self.step,
            "passes": self.passes,
            "message": self.message,
            "evidence": self.evidence,
            "declaration": self.declaration.as_evidence() if self.declaration else None,
            "suggestion": self.suggestion,
        }


class Findings:
    """Collects findings of one page, one per (code, subject)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], Finding] = {}

    def add(self, finding: Finding) -> None:
        key = (finding.code, finding.subject)
        if key in self.by_key:
            known = self.by_key[key]
            if finding.pass_id not in known.passes:
                known.passes.append(finding.pass_id)
            return
        finding.passes = [finding.pass_id]
        self.by_key[key] = finding

    def sorted(self) -> list[Finding]:
        order = list(CODES)
        return sorted(self.by_key.values(), key=lambda f: (f.page, f.pass_number, order.index(f.code), f.subject))


@dataclass(frozen=True)
class Context:
    declarations: PolicyDeclarations
    consent_cookie: str
    allowed_hosts: frozenset[str]
    database: CookieDatabase | None


def page_findings(context: Context, page: str, results: list[PassResult]) -> list[Finding]:
    found = Findings()
    seen: set[str] = set()
    for result in results:
        for snapshot in result.snapshots:
            _snapshot_findings(context, page, result, snapshot, found, seen)
        if result.problem_code:
            last_step = result.snapshots[-1].step if result.snapshots else "load"
            found.add(_finding(result, last_step, result.problem_code, page, page, result.problem or "", {}))
    for declaration in context.declarations.cookies:
        if declaration.name not in seen:
            found.add(
                Finding(
                    "declared-not-seen",
                    declaration.name,
                    page,
                    "all",
                    0,
                    "",
                    f"{declaration.name} is declared but was not seen in any pass: check that it is still "
                    "used, or remove the declaration",
                    {},
                    declaration,
                )
            )
    return found.sorted()


def _finding(
    result: PassResult,
    step: str,
    code: str,
    subject: str,
    page: str,
    message: str,
    evidence: dict[str, Any],
    declaration: Declaration | None = None,
    suggestion: str | None = None,
) -> Finding:
    return Finding(
        code, subject, page, result.plan.id, result.plan.number, step, message, evidence, declaration, suggestion
    )


def _consent_problem(phase: str) -> tuple[str, str]:
    if phase == BEFORE_CONSENT:
        return "before-consent", "before any consent was given"
    if phase == AFTER_WITHDRAWAL:
        return "after-withdrawal", "after its category was withdrawn"
    return "without-consent", "although its category was not allowed"


def _snapshot_findings(
    context: Context, page: str, result: PassResult, snapshot: Snapshot, found: Findings, seen: set[str]
) -> None:
    declarations = context.declarations
    step = snapshot.step
    for error in snapshot.javascript_errors:
        found.add(_finding(result, step, "javascript-error", error[:200], page, f"the page threw: {error}", {}))
    for cookie in snapshot.cookies:
        seen.add(cookie.name)
        evidence = cookie.as_evidence()
        declaration = declarations.find(cookie.name)
        if declaration is None:
            if cookie.name == context.consent_cookie:
                message = (
                    f"{cookie.name} is the consent manager's record of the visitor's choice; "
                    "declare it as a strictly necessary cookie so the policy lists it"
                )
                suggestion = suggested_block(
                    cookie.name, "necessary", observed_lifetime(cookie), declarations.controller, cookie.domain
                )
                found.add(_finding(result, step, "consent-cookie-undeclared", cookie.name, page, message, evidence))
                found.by_key[("consent-cookie-undeclared", cookie.name)].suggestion = suggestion
                continue
            found.add(_undeclared(context, result, step, page, "cookie", cookie.name, evidence, cookie))
            continue
        _consent_findings(result, step, page, snapshot, declaration, "cookie", evidence, found)
        _lifetime_findings(result, step, page, cookie, declaration, evidence, found)
    for kind, stores in (
        ("localStorage", snapshot.local_storage),
        ("sessionStorage", snapshot.session_storage),
        ("indexedDB", snapshot.indexed_db),
    ):
        for origin, names in stores.items():
            for name in names:
                seen.add(name)
                evidence = {"kind": kind, "origin": origin, "key": name}
                declaration = declarations.find(name)
                if declaration is None:
                    found.add(_undeclared(context, result, step, page, kind, name, evidence, None))
                else:
                    _consent_findings(result, step, page, snapshot, declaration, kind, evidence, found)
    declared_hosts = declarations.declared_hosts() | set(context.allowed_hosts)
    for host in sorted({request.host for request in snapshot.requests if not request.first_party}):
        urls = sorted({request.url for request in snapshot.requests if request.host == host})
        evidence = {"host": host, "firstParty": False, "requests": urls[:10], "count": len(urls)}
        if not host_matches(host, declared_hosts):
            message = (
                f"a request went to {host}, which belongs to no declared cookie provider domain or site domain: "
                "declare the provider's cookies, or name the host with --allow-host if it stores nothing"
            )
            found.add(_finding(result, step, "undeclared-host", host, page, message, evidence))
        if snapshot.phase == BEFORE_CONSENT:
            message = f"a request went to the third party {host} before any consent was given"
            found.add(_finding(result, step, "third-party-before-consent", host, page, message, evidence))


def _consent_findings(
    result: PassResult,
    step: str,
    page: str,
    snapshot: Snapshot,
    declaration: Declaration,
    kind: str,
    evidence: dict[str, Any],
    found: Findings,
) -> None:
    if declaration.category in snapshot.allowed:
        return
    code, when = _consent_problem(snapshot.phase)
    message = f"{kind} {declaration.name} ({declaration.category}) was present {when} ({step})"
    found.add(_finding(result, step, code, declaration.name, page, message, evidence, declaration))


def _lifetime_findings(
    result: PassResult,
    step: str,
    page: str,
    cookie: ObservedCookie,
    declaration: Declaration,
    evidence: dict[str, Any],
    found: Findings,
) -> None:
    if cookie.expires_days is None:
        return  # a session cookie lives no longer than any declared lifetime
    if declaration.lifetime == "session":
        message = (
            f"{cookie.name} is declared as a session cookie but persists: it expires in {cookie.expires_days:g} days"
        )
        found.add(_finding(result, step, "session-cookie-persists", cookie.name, page, message, evidence, declaration))
        return
    if cookie.expires_days * 86400 > declaration.lifetime_seconds + ONE_DAY:
        message = (
            f"{cookie.name} lives {cookie.expires_days:g} days, longer than its declared lifetime "
            f"{declaration.lifetime} ({declaration.lifetime_seconds / 86400:g} days, one day of slack)"
        )
        found.add(_finding(result, step, "lifetime-exceeded", cookie.name, page, message, evidence, declaration))


def _undeclared(
    context: Context,
    result: PassResult,
    step: str,
    page: str,
    kind: str,
    name: str,
    evidence: dict[str, Any],
    cookie: ObservedCookie | None,
) -> Finding:
    known = context.database.lookup(name) if context.database else None
    category = known.category if known else None
    if cookie is not None:
        lifetime, domain = observed_lifetime(cookie), cookie.domain
    else:
        # Web storage has no expiry: sessionStorage ends with the tab, localStorage stays until cleared.
        lifetime, domain = ("session" if kind == "sessionStorage" else "P1Y"), evidence["origin"].split("://")[-1]
    evidence = (
        {**evidence, "openCookieDatabase": {"platform": known.platform, "category": known.category}}
        if known
        else evidence
    )
    code = "undeclared-cookie" if kind == "cookie" else "undeclared-storage"
    what = "cookie" if kind == "cookie" else f"{kind} key"
    message = f"the {what} {name} is not declared in the policy"
    if result.snapshots and result.snapshots[0].phase == BEFORE_CONSENT and step == result.snapshots[0].step:
        message += " (it was there before any consent)"
    suggestion = suggested_block(name, category, lifetime, known.platform if known else None, domain)
    return _finding(result, step, code, name, page, message, evidence, None, suggestion)


def observed_lifetime(cookie: ObservedCookie) -> str:
    """The lifetime a declaration should state, as an ISO 8601 duration.

    A cookie seen a moment after it was set has a little less left than it was given
    (86,399.9 s of a day): up to two minutes short of a whole number of days or hours
    is taken as meant; anything else is rounded up, so the declaration is never too short.
    """
    if cookie.expires_days is None:
        return "session"
    seconds = max(1.0, cookie.expires_days * 86400)
    for length, template in ((86400, "P{}D"), (3600, "PT{}H")):
        whole = math.ceil(seconds / length)
        if whole * length - seconds <= SETTING_DELAY:
            return template.format(whole)
    if seconds >= 2 * 86400:
        return f"P{math.ceil(seconds / 86400)}D"
    if seconds >= 2 * 3600:
        return f"PT{math.ceil(seconds / 3600)}H"
    return f"PT{math.ceil(seconds / 60)}M"


def suggested_block(name: str, category: str | None, lifetime: str, provider: str | None, domain: str) -> str:
    """A ``policy-cookie`` block to paste into the policy's ``policy-cookies``, filled with what was seen."""
    purpose = "TODO: say what it does, in a sentence visitors understand."
    if category is None:
        purpose += " The category is a guess: check it."
    return "\n".join(
        [
            f":::{{policy-cookie}} {name}",
            f":provider: {provider or 'TODO (who sets it)'}",
            f":domain: {domain}",
            f":category: {category or 'necessary'}",
            f":lifetime: {lifetime}",
            "",
            purpose,
            ":::",
        ]
    )


__all__ = ["AFTER_CONSENT", "CODES", "ERROR", "NOTE", "Context", "Finding", "page_findings"]
