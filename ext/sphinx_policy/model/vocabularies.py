"""Controlled vocabularies: legal bases, categories, rights, safeguards, with their DPV IRIs."""

from __future__ import annotations

from dataclasses import dataclass

DPV = "https://w3id.org/dpv#"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"

# --- vocabularies ---------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One entry of a controlled vocabulary: the code authors write and its IRI."""

    code: str
    iri: str
    article: str = ""


LEGAL_BASES: dict[str, Term] = {
    term.code: term
    for term in (
        Term("consent", GDPR + "A6-1-a", "6(1)(a)"),
        Term("contract", GDPR + "A6-1-b", "6(1)(b)"),
        Term("legal-obligation", GDPR + "A6-1-c", "6(1)(c)"),
        Term("vital-interests", GDPR + "A6-1-d", "6(1)(d)"),
        Term("public-task", GDPR + "A6-1-e", "6(1)(e)"),
        Term("legitimate-interests", GDPR + "A6-1-f", "6(1)(f)"),
    )
}

RIGHTS: dict[str, Term] = {
    term.code: term
    for term in (
        Term("access", GDPR + "A15", "15"),
        Term("rectification", GDPR + "A16", "16"),
        Term("erasure", GDPR + "A17", "17"),
        Term("restriction", GDPR + "A18", "18"),
        Term("portability", GDPR + "A20", "20"),
        Term("objection", GDPR + "A21", "21"),
        Term("automated-decisions", GDPR + "A22", "22"),
        Term("withdraw-consent", GDPR + "A7-3", "7(3)"),
        Term("complaint", GDPR + "A77", "77"),
    )
}

TRANSFER_SAFEGUARDS: dict[str, Term] = {
    term.code: term
    for term in (
        Term("adequacy-decision", GDPR + "A45-3", "45(3)"),
        Term("standard-contractual-clauses", GDPR + "A46-2-c", "46(2)(c)"),
        Term("binding-corporate-rules", GDPR + "A46-2-b", "46(2)(b)"),
        Term("code-of-conduct", GDPR + "A46-2-e", "46(2)(e)"),
        Term("certification", GDPR + "A46-2-f", "46(2)(f)"),
        Term("explicit-consent", GDPR + "A49-1-a", "49(1)(a)"),
    )
}

# Consent categories of cookies, in the order a banner shows them.  The IRIs
# are the DPV purposes closest to each category.
COOKIE_CATEGORIES: dict[str, Term] = {
    term.code: term
    for term in (
        Term("necessary", DPV + "ServiceProvision"),
        Term("preferences", DPV + "ServicePersonalisation"),
        Term("statistics", DPV + "ServiceUsageAnalytics"),
        Term("marketing", DPV + "Marketing"),
    )
}

RECIPIENT_ROLES: dict[str, Term] = {
    term.code: term
    for term in (
        Term("processor", DPV + "DataProcessor"),
        Term("controller", DPV + "DataController"),
        Term("joint-controller", DPV + "JointDataControllers"),
        Term("public-authority", DPV + "Authority"),
        Term("third-party", DPV + "ThirdParty"),
    )
}

PARTIES = ("first", "third")

# Where a declaration stores its data on the visitor's device (the TCF device-storage kinds of
# web storage; IndexedDB names a database).  A declaration that says nothing is a cookie.
STORAGE_TYPES = ("cookie", "localStorage", "sessionStorage", "indexedDB")

# Statements a policy makes about itself (GDPR Art. 13(2)(e) and (f)).
STATEMENT_TOPICS = ("automated-decisions", "requirement")
# Statements a policy may make; no check asks for them ("no-special-categories": it
# says it processes no sensitive data, which a check compares with its data codes).
OPTIONAL_STATEMENT_TOPICS = ("no-special-categories",)

# How much a new version of a policy changes it: a major change is announced ahead of time
# (policy_notice_days), an editorial one (a typo, a better translation) needs no notice.
VERSION_IMPACTS = ("major", "minor", "editorial")

# How a site asks before it stores non-essential cookies.
COOKIE_CONSENT_MECHANISMS = ("opt-in", "opt-out", "browser-settings", "none")

# The European Economic Area: transfers to other countries need a safeguard.
EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)

# Countries with an adequacy decision of the European Commission (GDPR Art. 45(3));
# for the United States it covers organisations under the EU-US Data Privacy Framework.
ADEQUACY_COUNTRIES = frozenset(
    ["AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY", "US"]
)

SEVERITIES = ("error", "warning", "info")
