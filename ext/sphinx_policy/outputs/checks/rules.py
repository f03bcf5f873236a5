"""Transparency checks: what a policy fails to tell people under GDPR Art. 13/14 and ePrivacy.

Every check reads a policy record and returns findings: a stable code, a
severity, the article it rests on, what it is about and where in the source.
The words of a finding come from ``words.finding_message`` in the build's
language; this module imports nothing from Sphinx, so a feed consumer or a
command-line tool can run the same checks on a published feed's records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sphinx_policy import model

from .trackers import BUILTIN_TRACKERS, CookieDatabaseError, load_cookie_database, tracker_category


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    article: str


# Every check, in the order the report lists them.  Codes are stable: authors
# suppress (suppress_warnings = ["policy.<code>"]) and waive them by code.
CHECKS: dict[str, Check] = {
    check.code: check
    for check in (
        Check("controller-missing", "error", "13(1)(a)"),
        Check("controller-legal-form", "warning", "13(1)(a)"),
        Check("controller-contact", "error", "13(1)(a)"),
        Check("controller-address", "warning", "13(1)(a)"),
        Check("dpo-contact", "error", "13(1)(b)"),
        Check("activity-purposes", "error", "13(1)(c)"),
        Check("activity-legal-basis", "error", "13(1)(c)"),
        Check("legitimate-interest", "error", "13(1)(d)"),
        Check("special-category-condition", "error", "13(1)(c), 9(2)"),
        Check("special-category-denied", "error", "13(1)(c), 9(1)"),
        Check("general-legal-bases", "error", "13(1)(c)"),
        Check("general-legitimate-interest", "error", "13(1)(d)"),
        Check("activity-personal-data", "warning", "14(1)(d)"),
        Check("activity-retention", "error", "13(2)(a)"),
        Check("activity-retention-vague", "warning", "13(2)(a)"),
        Check("recipients", "warning", "13(1)(e)"),
        Check("cookie-provider-recipient", "warning", "13(1)(e)"),
        Check("transfer-safeguard", "error", "13(1)(f)"),
        Check("transfer-adequacy", "warning", "45(3)"),
        Check("transfer-undeclared", "error", "13(1)(f)"),
        Check("right-access", "error", "13(2)(b)"),
        Check("right-rectification", "error", "13(2)(b)"),
        Check("right-erasure", "error", "13(2)(b)"),
        Check("right-restriction", "error", "13(2)(b)"),
        Check("right-portability", "error", "13(2)(b)"),
        Check("right-objection", "error", "13(2)(b)"),
        Check("right-withdraw-consent", "error", "13(2)(c)"),
        Check("right-complaint", "error", "13(2)(d)"),
        Check("authority-missing", "warning", "13(2)(d)"),
        Check("authority-country", "warning", "13(2)(d)"),
        Check("automated-decisions", "warning", "13(2)(f)"),
        Check("requirement", "warning", "13(2)(e)"),
        Check("data-sources", "warning", "14(2)(f)"),
        Check("date", "warning", "12(1)"),
        Check("cookie-details", "error", "ePrivacy 5(3)"),
        Check("cookie-lifetime", "error", "ePrivacy 5(3)"),
        Check("cookie-misclassified", "error", "ePrivacy 5(3)"),
        Check("cookie-consent", "error", "ePrivacy 5(3)"),
        Check("waiver-unknown", "warning", ""),
    )
}

# The rights every policy must name, with the check that asks for each.
REQUIRED_RIGHTS = ("access", "rectification", "erasure", "restriction", "portability", "objection")

# Legal forms that tell a reader what kind of entity the controller is.
_LEGAL_FORM = re.compile(
    r"\b(AS|ASA|ANS|DA|SA|AB|HB|KB|ApS|A/S|Oy|Oyj|GmbH|AG|KG|UG|BV|NV|SARL|SAS|SpA|Srl|Ltd|Limited|PLC|LLC|LLP|"
    r"Inc|Incorporated|Corp|Corporation|Company|Co|ehf|hf|NUF|ENK|SE|Stiftelse|Foundation|"
    r"Unlimited Company|DAC)\.?$",
    re.IGNORECASE,
)

# Retention "criteria" that tell a reader nothing (Art. 13(2)(a) asks for the
# period or the criteria used to decide it).  Judged on the source language.
_VAGUE_RETENTION = re.compile(
    r"\b(as long as (it is |they are |we deem it |is )?(reasonably |strictly |absolutely )?(necessary|needed|required)"
    r"|(no|not) longer than (is )?(necessary|needed|required)"
    r"|for the (necessary|required) (period|time))\b",
    re.IGNORECASE,
)


class _Checker:
    def __init__(self, policy: model.Policy, trackers: dict[str, str]) -> None:
        self.policy = policy
        self.trackers = trackers
        self.waived = {waiver["code"]: waiver["reason"] for waiver in policy["waivers"]}

    def finding(self, code: str, subject: str, location: model.Location) -> model.Finding:
        check = CHECKS[code]
        return {
            "code": code,
            "severity": check.severity,
            "article": check.article,
            "subject": subject,
            "source": location["source"],
            "line": location["line"],
            "waived": self.waived.get(code),
        }

    def run(self) -> list[model.Finding]:
        findings: list[model.Finding] = []
        for check in (
            self.controller,
            self.activities,
            self.special_categories,
            self.general_legal_bases,
            self.recipients,
            self.transfers,
            self.undeclared_transfers,
            self.rights,
            self.authority,
            self.statements,
            self.dates,
            self.cookies,
            self.waivers,
        ):
            findings.extend(check())
        return findings

    def controller(self) -> Iterator[model.Finding]:
        controller = self.policy["controller"]
        here = self.policy["location"]
        if controller is None:
            yield self.finding("controller-missing", "", here)
            return
        where = controller["location"]
        if not _LEGAL_FORM.search(controller["name"].strip()):
            yield self.finding("controller-legal-form", controller["name"], where)
        if not controller["email"] and not controller["phone"]:
            yield self.finding("controller-contact", controller["name"], where)
        if not controller["address"]:
            yield self.finding("controller-address", controller["name"], where)
        dpo = controller["dpo"]
        if dpo and not dpo.get("email") and not dpo.get("phone"):
            yield self.finding("dpo-contact", dpo.get("name", ""), where)

    def activities(self) -> Iterator[model.Finding]:
        for activity in self.policy["activities"]:
            where = activity["location"]
            name = activity["name"]
            if not activity["purposes"]:
                yield self.finding("activity-purposes", name, where)
            if not activity["legal_bases"]:
                yield self.finding("activity-legal-basis", name, where)
            if "legitimate-interests" in activity["legal_bases"] and not activity["legitimate_interest"]:
                yield self.finding("legitimate-interest", name, where)
            if not activity["personal_data"]:
                yield self.finding("activity-personal-data", name, where)
            retention = activity["retention"]
            if retention is None:
                yield self.finding("activity-retention", name, where)
            elif not retention["duration"] and _VAGUE_RETENTION.search(retention["untranslated_criterion"] or ""):
                yield self.finding("activity-retention-vague", name, where)

    def special_categories(self) -> Iterator[model.Finding]:
        denial = "no-special-categories" in self.policy["statements"]
        for activity in self.policy["activities"]:
            if not any(model.dpv.is_special_category(code) for code in activity["data_codes"]):
                continue
            if not activity["special_conditions"]:
                yield self.finding("special-category-condition", activity["name"], activity["location"])
            if denial:
                yield self.finding("special-category-denied", activity["name"], activity["location"])

    def general_legal_bases(self) -> Iterator[model.Finding]:
        bases = self.policy["general_legal_bases"]
        if bases is None:
            return
        tied = {code for activity in self.policy["activities"] for code in activity["legal_bases"]}
        untied = [code for code in bases["codes"] if code not in tied]
        if untied:
            yield self.finding("general-legal-bases", ", ".join(untied), bases["location"])
        if "legitimate-interests" in bases["codes"] and not any(
            activity["legitimate_interest"] for activity in self.policy["activities"]
        ):
            yield self.finding("general-legitimate-interest", "legitimate-interests", bases["location"])

    def recipients(self) -> Iterator[model.Finding]:
        recipients = self.policy["recipients"]
        if not recipients:
            yield self.finding("recipients", "", self.policy["location"])
        # A recipient named only by its catalogued service still names that service.
        names = " ".join(
            f"{recipient['name'] or ''} {recipient['description']} "
            f"{model.catalogue.facts(recipient.get('service')).get('name', '')}"
            for recipient in recipients
        ).lower()
        controller = self.policy["controller"]
        # The controller's own cookies go to no one else.
        reported: set[str] = {controller["name"].strip()} if controller else set()
        for cookie in self.policy["cookies"]:
            provider = cookie["provider"].strip()
            if provider and provider.lower() not in names and provider not in reported:
                reported.add(provider)
                yield self.finding("cookie-provider-recipient", provider, cookie["location"])

    def transfers(self) -> Iterator[model.Finding]:
        for activity in self.policy["activities"]:
            for transfer in activity["transfers"]:
                country = transfer["country"]
                if country in model.EEA_COUNTRIES:
                    continue
                if not transfer["safeguard"]:
                    yield self.finding("transfer-safeguard", f"{activity['name']}: {country}", activity["location"])
                elif transfer["safeguard"] == "adequacy-decision" and country not in model.ADEQUACY_COUNTRIES:
                    yield self.finding("transfer-adequacy", f"{activity['name']}: {country}", activity["location"])

    def undeclared_transfers(self) -> Iterator[model.Finding]:
        """Recipients and cookie providers established outside the EEA, with no transfer to their country."""
        stated = {transfer["country"] for activity in self.policy["activities"] for transfer in activity["transfers"]}
        reported: set[tuple[str, str]] = set()
        for name, country, where in _establishments(self.policy):
            if country in model.EEA_COUNTRIES or country in stated or (name, country) in reported:
                continue
            reported.add((name, country))
            yield self.finding("transfer-undeclared", f"{name} ({country})", where)

    def rights(self) -> Iterator[model.Finding]:
        rights = self.policy["rights"]
        codes = set(rights["codes"]) if rights else set()
        where = rights["location"] if rights else self.policy["location"]
        for code in REQUIRED_RIGHTS:
            if code not in codes:
                yield self.finding(f"right-{code}", code, where)
        uses_consent = any("consent" in activity["legal_bases"] for activity in self.policy["activities"])
        if uses_consent and "withdraw-consent" not in codes:
            yield self.finding("right-withdraw-consent", "withdraw-consent", where)
        if "complaint" not in codes:
            yield self.finding("right-complaint", "complaint", where)

    def authority(self) -> Iterator[model.Finding]:
        authority = self.policy["authority"]
        if authority is None:
            yield self.finding("authority-missing", "", self.policy["location"])
            return
        controller = self.policy["controller"]
        controller_country = controller["country"] if controller else None
        if controller_country and authority["country"] and authority["country"] != controller_country:
            yield self.finding(
                "authority-country", f"{authority['name']} ({authority['country']})", authority["location"]
            )

    def statements(self) -> Iterator[model.Finding]:
        for topic in model.STATEMENT_TOPICS:
            if topic not in self.policy["statements"]:
                yield self.finding(topic, topic, self.policy["location"])
        for activity in self.policy["activities"]:
            if not activity["sources"]:
                yield self.finding("data-sources", activity["name"], activity["location"])

    def dates(self) -> Iterator[model.Finding]:
        if not self.policy["effective"] and not self.policy["updated"]:
            yield self.finding("date", "", self.policy["location"])

    def cookies(self) -> Iterator[model.Finding]:
        non_essential = False
        for cookie in self.policy["cookies"]:
            where = cookie["location"]
            if not all(cookie[key] for key in ("provider", "name", "domain", "purpose", "lifetime")):  # type: ignore[literal-required]
                yield self.finding("cookie-details", cookie["name"], where)
            if cookie["lifetime"]:
                try:
                    model.parse_duration(cookie["lifetime"], allow_session=True)
                except model.PolicyInputError:
                    yield self.finding("cookie-lifetime", cookie["name"], where)
            known = tracker_category(cookie["name"], self.trackers)
            if cookie["category"] == "necessary" and known is not None:
                yield self.finding("cookie-misclassified", cookie["name"], where)
            if cookie["category"] != "necessary" or known is not None:
                non_essential = True
        if non_essential and self.policy["cookie_consent"] != "opt-in":
            yield self.finding("cookie-consent", self.policy["cookie_consent"] or "", self.policy["location"])

    def waivers(self) -> Iterator[model.Finding]:
        for waiver in self.policy["waivers"]:
            if waiver["code"] not in CHECKS:
                yield self.finding("waiver-unknown", waiver["code"], waiver["location"])


def _establishments(policy: model.Policy) -> Iterator[tuple[str, str, model.Location]]:
    """Who receives data and where it is established: as stated, else as the catalogue of services knows it."""
    for recipient in policy["recipients"]:
        facts = recipient.get("catalogue") or {}
        country = recipient["country"] or facts.get("country")
        if country:
            yield recipient["name"] or facts.get("name") or recipient["id"], country, recipient["location"]
    for cookie in policy["cookies"]:
        facts = cookie.get("catalogue") or {}
        if facts.get("country"):
            yield cookie["provider"] or facts.get("entity", ""), facts["country"], cookie["location"]


def check_policy(policy: model.Policy, trackers: dict[str, str] | None = None) -> list[model.Finding]:
    """Every finding for one policy, in check order; waived findings carry their reason."""
    return _Checker(policy, BUILTIN_TRACKERS if trackers is None else trackers).run()


def summarise(findings: list[model.Finding]) -> dict[str, int]:
    """Counts by severity of the findings that are not waived, and of the waived ones."""
    counts = {severity: 0 for severity in model.SEVERITIES} | {"waived": 0}
    for finding in findings:
        counts["waived" if finding["waived"] else finding["severity"]] += 1
    return counts


__all__ = [
    "BUILTIN_TRACKERS",
    "CHECKS",
    "CookieDatabaseError",
    "check_policy",
    "load_cookie_database",
    "summarise",
    "tracker_category",
]
