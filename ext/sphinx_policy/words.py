"""The extension's own words, from its message catalog, in the build's language.

Codes from the model become reader text here: legal bases, categories, rights,
lifetimes in words and dates.  Every output that shows words to people gets
them from this module, so a translator translates each word once.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list
from sphinx.locale import get_translation, get_translator

from . import model

CATALOG = "sphinx_policy"
LOCALE_DIR = Path(__file__).parent / "locales"

_ = get_translation(CATALOG)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Sphinx's translation function has no plural forms; ask the catalog directly."""
    return get_translator(CATALOG).ngettext(singular, plural, count)


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
        "article": model.LEGAL_BASES[code].article,
    }


def category(code: str) -> str:
    return {
        "necessary": _("Strictly necessary"),
        "preferences": _("Preferences"),
        "statistics": _("Statistics"),
        "marketing": _("Marketing"),
    }[code]


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
        "article": model.RIGHTS[code].article,
    }


def safeguard(code: str) -> str:
    return {
        "adequacy-decision": _("Adequacy decision (GDPR Art. 45)"),
        "standard-contractual-clauses": _("Standard contractual clauses (GDPR Art. 46(2)(c))"),
        "binding-corporate-rules": _("Binding corporate rules (GDPR Art. 47)"),
        "code-of-conduct": _("Approved code of conduct (GDPR Art. 46(2)(e))"),
        "certification": _("Approved certification (GDPR Art. 46(2)(f))"),
        "explicit-consent": _("Explicit consent (GDPR Art. 49(1)(a))"),
    }[code]


def recipient_role(code: str) -> str:
    return {
        "processor": _("Data processor"),
        "controller": _("Independent controller"),
        "joint-controller": _("Joint controller"),
        "public-authority": _("Public authority"),
        "third-party": _("Third party"),
    }.get(code, code)


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


def duration(value: str, language: str) -> str:
    """A lifetime or retention period in words: 'P12M24D' is '12 months and 24 days'."""
    if value == model.SESSION:
        return _("Until the browser is closed")
    parts = [_amount(unit, amount) for unit, amount in model.duration_parts(value)]
    return format_list(parts, locale=_babel_locale(language))


def date(value: str, language: str) -> str:
    """A date as people in the build's language write it: '8 February 2023'."""
    return format_date(datetime.date.fromisoformat(value), format="long", locale=_babel_locale(language))


def _babel_locale(language: str) -> str:
    return language.replace("-", "_")


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
