"""Words of the record of processing activities, the data map and the transparency chart.

Kept apart from ``words`` (the policy page's words) so each module stays short;
the same catalog and the same remembering per catalog.
"""

from __future__ import annotations

from babel import Locale

from .words import _, _babel_locale, _per_catalog, article_number, safeguard


@_per_catalog
def country(code: str, language: str) -> str:
    """A country's name in the build's language (from CLDR via Babel), or its code when CLDR has none."""
    name = Locale.parse(_babel_locale(language)).territories.get(code.upper())
    return str(name) if name else code.upper()


@_per_catalog
def ropa_heading(key: str) -> str:
    """Columns and words of the record of processing activities (GDPR Art. 30(1))."""
    return {
        "title": _("Record of processing activities"),
        "internal": _("For internal use: this record holds information that is not published."),
        "activity": _("Processing activity"),
        "controller": _("Controller and data protection officer"),
        "purposes": _("Purposes of the processing"),
        "legal_bases": _("Legal basis"),
        "data_subjects": _("Categories of data subjects"),
        "personal_data": _("Categories of personal data"),
        "recipients": _("Categories of recipients"),
        "transfers": _("Transfers to third countries and their safeguards"),
        "retention": _("Time limits for erasure"),
        "security_measures": _("Technical and organisational security measures"),
        "owner": _("Internal owner"),
        "dpia": _("Data protection impact assessment"),
        "lia": _("Legitimate interest assessment"),
        "note": _("Internal notes"),
        "source": _("Source"),
        "no_safeguard": _("No safeguard named"),
        "third_country": _("third country"),
    }[key]


@_per_catalog
def data_map_word(key: str) -> str:
    """Words of the data map on a policy page."""
    return {
        "title": _("Where your data goes"),
        "description": _(
            "For each processing activity: the personal data it uses, who receives the data, "
            "and the countries the recipients are in or the data is transferred to."
        ),
        "activity": _("Processing activity"),
        "personal_data": _("Personal data"),
        "recipients": _("Recipients"),
        "countries": _("Countries"),
        "no_recipients": _("No recipients named"),
        "not_listed": _("Not listed"),
        "untied": _("Recipients not tied to one activity"),
        "table": _("The data map as a table"),
    }[key]


@_per_catalog
def summary_chart_word(key: str) -> str:
    """Words of the chart of findings on the transparency summary."""
    return {
        "title": _("Findings by severity"),
        "description": _(
            "One bar per policy. Each part of a bar is one severity, marked by its own shape and named in its label."
        ),
    }[key]


def with_article(name: str, article: str) -> str:
    """A name with the GDPR article it rests on: 'Purposes (GDPR Art. 30(1)(b))'."""
    return _("%(name)s (GDPR Art. %(article)s)") % {"name": name, "article": article_number(article)}


def transfer_safeguard(code: str | None) -> str:
    """A transfer's safeguard in words, or that none is named."""
    return safeguard(code) if code else ropa_heading("no_safeguard")
