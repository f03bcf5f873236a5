"""The records: plain JSON-able dicts that the domain keeps per document and every output reads."""

from __future__ import annotations

from typing import Literal, TypedDict

SCHEMA_VERSION = "1.0"

# --- records --------------------------------------------------------------


class Location(TypedDict):
    source: str
    line: int


class Retention(TypedDict):
    duration: str | None
    criterion: str | None
    # The criterion as the author wrote it in the source language, so that checks
    # judge the same words whatever language the build is in.  Not published.
    untranslated_criterion: str | None


class Transfer(TypedDict):
    country: str
    safeguard: str | None
    description: str


class Internal(TypedDict):
    """What the controller records for itself and never publishes (GDPR Art. 30, accountability).

    Filled from the ``:security-measures:``, ``:owner:``, ``:dpia:``, ``:lia:`` and
    ``:internal-note:`` options; ``publishing.documents`` drops it from every public
    document, and only the record of processing activities shows it.
    """

    security_measures: str | None
    owner: str | None
    dpia: str | None
    lia: str | None
    note: str | None


#: The internal fields, in the order the record of processing activities shows them.
INTERNAL_FIELDS = ("security_measures", "owner", "dpia", "lia", "note")


class Activity(TypedDict):
    id: str
    name: str
    description: str
    purposes: list[str]
    # DPV codes in item order ("dpv:ServiceProvision", "pd:EmailAddress"); None for an item without one.
    purpose_codes: list[str | None]
    legal_bases: list[str]
    legitimate_interest: str | None
    personal_data: list[str]
    data_codes: list[str | None]
    # GDPR Art. 9(2) conditions for special categories of data, as DPV codes ("A9-2-a").
    special_conditions: list[str]
    data_subjects: list[str]
    sources: list[str]
    recipients: list[str]
    transfers: list[Transfer]
    retention: Retention | None
    internal: Internal
    location: Location


class Recipient(TypedDict):
    id: str
    name: str | None
    role: str
    country: str | None
    description: str
    # The catalogued service it is (:service:), and the values the catalogue gave that
    # the author did not state (field: value).  Neither is published.
    service: str | None
    catalogue: dict[str, str]
    internal: Internal
    location: Location


class Cookie(TypedDict):
    name: str
    service: str | None
    # The catalogue's entity and country of the cookie's service, for the checks.
    catalogue: dict[str, str]
    provider: str
    domain: str
    purpose: str
    category: str
    lifetime: str
    party: Literal["first", "third"]
    # One of STORAGE_TYPES ("cookie" unless declared); ``name`` is then the storage key or database.
    storage: str
    # The cookie's path when the declaration gives one, and the provider's opt-out page.
    path: str | None
    opt_out: str | None
    location: Location


class Controller(TypedDict):
    name: str
    org_number: str | None
    country: str | None
    address: str | None
    email: str | None
    phone: str | None
    dpo: dict[str, str] | None
    description: str
    location: Location


class Authority(TypedDict):
    name: str
    country: str | None
    url: str | None
    description: str
    location: Location


class Rights(TypedDict):
    """Codes with the prose around them: the rights, or the legal bases listed for the whole policy."""

    codes: list[str]
    description: str
    location: Location


class Version(TypedDict):
    version: str
    #: The day the version takes effect (it may lie in the future: the change is announced).
    date: str | None
    summary: str
    #: major, minor or editorial (VERSION_IMPACTS); None for the one implicit version of a
    #: policy without policy-version entries.
    impact: str | None
    #: Why a major version takes effect with less notice than policy_notice_days ("" if not given).
    notice_reason: str
    location: Location


class Waiver(TypedDict):
    code: str
    reason: str
    location: Location


class Finding(TypedDict):
    """One result of the transparency checks; ``message`` is added in the build's language."""

    code: str
    severity: str
    article: str
    subject: str
    source: str
    line: int
    waived: str | None


class Policy(TypedDict):
    id: str
    docname: str
    title: str
    language: str
    source_language: str
    version: str
    effective: str | None
    updated: str | None
    domains: list[str]
    description: str
    controller: Controller | None
    authority: Authority | None
    activities: list[Activity]
    recipients: list[Recipient]
    cookies: list[Cookie]
    rights: Rights | None
    # The legal bases a policy lists without tying them to activities (policy-legal-bases).
    general_legal_bases: Rights | None
    statements: dict[str, str]
    history: list[Version]
    cookie_consent: str | None
    # How the catalogue of services is used: "fill" (into the record) or "checks" (checks and report only).
    catalogue_mode: str
    waivers: list[Waiver]
    location: Location


class InputError(TypedDict):
    """A problem in a policy source, kept until the source is fixed."""

    source: str
    line: int
    message: str
    code: str
