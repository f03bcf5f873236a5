"""The extension's own words, from its message catalog, in the build's language.

Codes from the model become reader text here: legal bases, categories, rights,
lifetimes in words and dates.  Every output that shows words to people gets
them from this module, so a translator translates each word once.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.lists import format_list
from sphinx.locale import get_translation, get_translator

from sphinx_policy import model

CATALOG = "sphinx_policy"
LOCALE_DIR = Path(__file__).parent.parent / "locales"

_ = get_translation(CATALOG)


def _per_catalog(function: Callable[..., str]) -> Callable[..., str]:
    """Remember a function's words for the catalog in use.

    Pages ask for the same few words thousands of times; the key includes the
    loaded catalog, so a build in another language never gets these words.
    """
    remembered: dict[tuple[Any, ...], str] = {}

    @functools.wraps(function)
    def words_for(*arguments: Any) -> str:
        key = (id(get_translator(CATALOG)), *arguments)
        if key not in remembered:
            remembered[key] = function(*arguments)
        return remembered[key]

    return words_for


def ngettext(singular: str, plural: str, count: int) -> str:
    """Sphinx's translation function has no plural forms; ask the catalog directly."""
    return get_translator(CATALOG).ngettext(singular, plural, count)


_ARTICLE = re.compile(r"(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?\Z")


def article_number(article: str) -> str:
    """The model's article notation ("6(1)(a)") as the build's language writes it ("6 nr. 1 bokstav a")."""
    match = _ARTICLE.match(article.strip())
    if not match:
        return article
    number, paragraph, point = match.groups()
    if paragraph and point:
        return _("%(article)s(%(paragraph)s)(%(point)s)") % {"article": number, "paragraph": paragraph, "point": point}
    if paragraph:
        return _("%(article)s(%(paragraph)s)") % {"article": number, "paragraph": paragraph}
    return number


@_per_catalog
def legal_basis(code: str) -> str:
    names = {
        "consent": _("Consent"),
        "contract": _("Performance of a contract"),
        "legal-obligation": _("Legal obligation"),
        "vital-interests": _("Vital interests"),
        "public-task": _("Public task"),
        "legitimate-interests": _("Legitimate interests"),
    }
    return _("%(name)s (GDPR Art. %(article)s)") % {
        "name": names[code],
        "article": article_number(model.LEGAL_BASES[code].article),
    }


@_per_catalog
def category(code: str) -> str:
    return {
        "necessary": _("Strictly necessary"),
        "preferences": _("Preferences"),
        "statistics": _("Statistics"),
        "marketing": _("Marketing"),
    }[code]


@_per_catalog
def storage(code: str) -> str:
    """A declaration's storage type as the cookie table names it."""
    return {
        "cookie": _("Cookie"),
        "localStorage": _("localStorage key"),
        "sessionStorage": _("sessionStorage key"),
        "indexedDB": _("IndexedDB database"),
    }[code]


@_per_catalog
def right(code: str) -> str:
    names = {
        "access": _("Access to your data"),
        "rectification": _("Correction of your data"),
        "erasure": _("Erasure of your data"),
        "restriction": _("Restriction of processing"),
        "portability": _("Data portability"),
        "objection": _("Objection to processing"),
        "automated-decisions": _("Not being subject to automated decisions"),
        "withdraw-consent": _("Withdrawal of consent at any time"),
        "complaint": _("Complaint to a supervisory authority"),
    }
    return _("%(name)s (GDPR Art. %(article)s)") % {
        "name": names[code],
        "article": article_number(model.RIGHTS[code].article),
    }


@_per_catalog
def safeguard(code: str) -> str:
    return {
        "adequacy-decision": _("Adequacy decision (GDPR Art. 45)"),
        "standard-contractual-clauses": _("Standard contractual clauses (GDPR Art. 46(2)(c))"),
        "binding-corporate-rules": _("Binding corporate rules (GDPR Art. 47)"),
        "code-of-conduct": _("Approved code of conduct (GDPR Art. 46(2)(e))"),
        "certification": _("Approved certification (GDPR Art. 46(2)(f))"),
        "explicit-consent": _("Explicit consent (GDPR Art. 49(1)(a))"),
    }[code]


@_per_catalog
def recipient_role(code: str) -> str:
    return {
        "processor": _("Data processor"),
        "controller": _("Independent controller"),
        "joint-controller": _("Joint controller"),
        "public-authority": _("Public authority"),
        "third-party": _("Third party"),
    }.get(code, code)


@_per_catalog
def party(code: str) -> str:
    return {"first": _("First party"), "third": _("Third party")}[code]


def _amount(unit: str, amount: int) -> str:
    if unit == "years":
        form = ngettext("%d year", "%d years", amount)
    elif unit == "months":
        form = ngettext("%d month", "%d months", amount)
    elif unit == "weeks":
        form = ngettext("%d week", "%d weeks", amount)
    elif unit == "days":
        form = ngettext("%d day", "%d days", amount)
    elif unit == "hours":
        form = ngettext("%d hour", "%d hours", amount)
    elif unit == "minutes":
        form = ngettext("%d minute", "%d minutes", amount)
    else:
        form = ngettext("%d second", "%d seconds", amount)
    return form % amount


@_per_catalog
def duration(value: str, language: str) -> str:
    """A lifetime or retention period in words: 'P12M24D' is '12 months and 24 days'."""
    if value == model.SESSION:
        return _("Until the browser is closed")
    parts = [_amount(unit, amount) for unit, amount in model.duration_parts(value)]
    return format_list(parts, locale=_babel_locale(language))


@_per_catalog
def date(value: str, language: str) -> str:
    """A date as people in the build's language write it: '8 February 2023'."""
    return format_date(datetime.date.fromisoformat(value), format="long", locale=_babel_locale(language))


def _babel_locale(language: str) -> str:
    return language.replace("-", "_")


@_per_catalog
def heading(key: str) -> str:
    return {
        "provider": _("Provider"),
        "name": _("Name"),
        "domain": _("Domain"),
        "purpose": _("Purpose"),
        "category": _("Category"),
        "lifetime": _("Lifetime"),
        "party": _("Party"),
        "purposes": _("Purposes"),
        "legal_bases": _("Legal basis"),
        "legitimate_interest": _("Legitimate interest"),
        "personal_data": _("Personal data"),
        "data_subjects": _("Whose data"),
        "sources": _("Where the data comes from"),
        "recipients": _("Recipients"),
        "transfers": _("Transfers outside the EEA"),
        "retention": _("How long it is kept"),
        "version": _("Version"),
        "effective": _("In effect from"),
        "updated": _("Last updated"),
        "org_number": _("Organisation number"),
        "address": _("Address"),
        "email": _("Email"),
        "phone": _("Phone"),
        "dpo": _("Data protection officer"),
        "controller": _("Controller"),
        "cookie_table": _("Cookies used on the website"),
        "feed": _("This policy as data (JSON)"),
        "languages": _("Languages"),
    }[key]


@_per_catalog
def severity(code: str) -> str:
    return {"error": _("Error"), "warning": _("Warning"), "info": _("Note"), "waived": _("Waived")}[code]


def finding_message(code: str, subject: str) -> str:
    """What a transparency finding means and what to add or fix, in the build's language."""
    messages = {
        "controller-missing": _("The policy does not say who the controller is: add a policy-controller."),
        "controller-legal-form": _(
            "The controller's name %(subject)r has no legal form (such as AS, AB or Ltd): give the full legal name."
        ),
        "controller-contact": _("The controller has no email address or phone number: add one so people can reach it."),
        "controller-address": _("The controller has no postal address: add it."),
        "dpo-contact": _("A data protection officer is named but cannot be reached: add their email or phone."),
        "activity-purposes": _("The activity %(subject)r states no purpose: say what the data is used for."),
        "activity-legal-basis": _(
            "The activity %(subject)r states no legal basis: name the basis of GDPR Art. 6(1) it rests on."
        ),
        "legitimate-interest": _(
            "The activity %(subject)r rests on legitimate interests but does not say which interest: describe it."
        ),
        "activity-personal-data": _("The activity %(subject)r does not list the categories of personal data it uses."),
        "activity-retention": _(
            "The activity %(subject)r does not say how long the data is kept: give a period or the criteria for it."
        ),
        "activity-retention-vague": _(
            "The activity %(subject)r keeps data 'as long as necessary', which is no criterion: "
            "say what decides when the data is deleted."
        ),
        "recipients": _("The policy names no recipients or categories of recipients: say who receives the data."),
        "cookie-provider-recipient": _(
            "The cookie provider %(subject)r is not among the recipients: name it, or its category, as a recipient."
        ),
        "transfer-safeguard": _(
            "The transfer %(subject)r leaves the EEA without a safeguard: name the adequacy decision, "
            "clauses or rules it relies on."
        ),
        "transfer-adequacy": _(
            "The transfer %(subject)r relies on an adequacy decision, but the country has none: "
            "name the safeguard that applies."
        ),
        "right-access": _("The right of access (Art. 15) is not stated."),
        "right-rectification": _("The right to rectification (Art. 16) is not stated."),
        "right-erasure": _("The right to erasure (Art. 17) is not stated."),
        "right-restriction": _("The right to restriction of processing (Art. 18) is not stated."),
        "right-portability": _("The right to data portability (Art. 20) is not stated."),
        "right-objection": _("The right to object (Art. 21) is not stated."),
        "right-withdraw-consent": _(
            "Some processing rests on consent, but the right to withdraw it at any time (Art. 7(3)) is not stated."
        ),
        "right-complaint": _("The right to complain to a supervisory authority (Art. 77) is not stated."),
        "authority-missing": _("No supervisory authority is named: name the authority people can complain to."),
        "authority-country": _(
            "The supervisory authority %(subject)r is not in the controller's country: check which authority applies."
        ),
        "automated-decisions": _(
            "The policy does not say whether automated decisions or profiling take place: add a "
            "policy-statement automated-decisions."
        ),
        "requirement": _(
            "The policy does not say whether people must provide their data (by law or contract) and what "
            "happens if they do not: add a policy-statement requirement."
        ),
        "data-sources": _("The activity %(subject)r does not say where the data comes from: add its sources."),
        "date": _("The policy has no effective or last-updated date: add one."),
        "cookie-details": _("The cookie %(subject)r lacks its provider, domain, purpose or lifetime: add them."),
        "cookie-lifetime": _("The cookie %(subject)r has a lifetime that is not a valid duration: fix it."),
        "cookie-misclassified": _(
            "The cookie %(subject)r is declared strictly necessary, but it is known to serve analytics or "
            "marketing: declare its real category."
        ),
        "cookie-consent": _(
            "The site sets cookies that are not strictly necessary without an opt-in consent mechanism: "
            "ask for consent before storing them."
        ),
        "waiver-unknown": _("The waiver names %(subject)r, which is not a check: use one of the check codes."),
    }
    if code not in messages:
        from .coded_words import coded_finding_messages  # it imports this module

        messages = coded_finding_messages()
    return messages[code] % {"subject": subject}


@_per_catalog
def report_heading(key: str) -> str:
    return {
        "report": _("Transparency report"),
        "advanced_consent_mode": _(
            "Google Consent Mode is advanced on this website: Google's tags load before consent and send "
            "Google cookieless pings before the visitor has chosen."
        ),
        "summary": _("Transparency of the policies"),
        "intro": _(
            "The checks below compare the policy with what GDPR Articles 13 and 14 and the ePrivacy cookie "
            "rules require it to tell people. Each finding names the article it rests on and what to add or fix."
        ),
        "summary_intro": _(
            "The number of findings of each policy, by severity. Waived findings carry a written reason."
        ),
        "none": _("No findings: the policy states everything these checks look for."),
        "severity": _("Severity"),
        "check": _("Check"),
        "article": _("Article"),
        "finding": _("Finding"),
        "source": _("Source"),
        "policy": _("Policy"),
        "reason": _("Reason for the waiver"),
        "link": _("Transparency report of this policy"),
        "audit": _("Browser audit of the demo page"),
        "audit_pending": _(
            "This policy's demo page has not been audited in a browser yet. Run nox -s audit after building the "
            "site: it checks what the page stores and contacts before and after each consent choice, and this page "
            "then shows what it found."
        ),
    }[key]


def changes_heading(title: str, old: str, new: str) -> str:
    return _("%(title)s: changes from version %(old)s to %(new)s") % {"title": title, "old": old, "new": new}


@_per_catalog
def changes_word(key: str) -> str:
    return {
        "structured": _("Changes in the facts"),
        "text": _("Changes in the text"),
        "change": _("Change"),
        "subject": _("What"),
        "detail": _("Detail"),
        "none": _("No changes."),
        "feed_title": _("Changes to the privacy policies"),
        "first": _("First published version"),
    }[key]


def version_title(title: str, version: str) -> str:
    return _("%(title)s, version %(version)s") % {"title": title, "version": version}


@_per_catalog
def change_kind(kind: str) -> str:
    return {
        "cookie-added": _("Cookie added"),
        "cookie-removed": _("Cookie removed"),
        "cookie-changed": _("Cookie changed"),
        "activity-added": _("Processing activity added"),
        "activity-removed": _("Processing activity removed"),
        "legal-basis-changed": _("Legal basis changed"),
        "retention-changed": _("Retention changed"),
        "recipients-changed": _("Recipients changed"),
        "recipient-added": _("Recipient added"),
        "recipient-removed": _("Recipient removed"),
        "right-added": _("Right added"),
        "right-removed": _("Right removed"),
    }[kind]
