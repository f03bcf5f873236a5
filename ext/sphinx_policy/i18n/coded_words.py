"""Words for the coded parts of a policy: Art. 9(2) conditions, bases listed for the whole policy,
the findings about them and the catalogue of common services.

Kept apart from ``words`` so each module stays short; the same catalog and the
same remembering per catalog.
"""

from __future__ import annotations

from sphinx_policy import model

from .words import _, _per_catalog, article_number


@_per_catalog
def special_condition(code: str) -> str:
    """An Art. 9(2) condition in words, with its article: 'Explicit consent (GDPR Art. 9(2)(a))'."""
    names = {
        "A9-2-a": _("Explicit consent"),
        "A9-2-b": _("Obligations in employment, social security and social protection law"),
        "A9-2-c": _("Vital interests of a person unable to consent"),
        "A9-2-d": _("Activities of a foundation, association or other not-for-profit body"),
        "A9-2-e": _("Data the person has manifestly made public"),
        "A9-2-f": _("Legal claims or courts acting in their judicial capacity"),
        "A9-2-g": _("Substantial public interest"),
        "A9-2-h": _("Health or social care, occupational or preventive medicine"),
        "A9-2-i": _("Public interest in public health"),
        "A9-2-j": _("Archiving, research or statistics in the public interest"),
    }
    return _("%(name)s (GDPR Art. %(article)s)") % {
        "name": names[code],
        "article": article_number(model.dpv.special_conditions()[code].article),
    }


@_per_catalog
def coded_heading(key: str) -> str:
    return {
        "special_conditions": _("Condition for special categories of data"),
        "general_legal_bases": _("Legal bases the policy names"),
        "catalogue": _("Values from the catalogue of common services"),
        "catalogue_note": _(
            "The checks used these values from the extension's catalogue of common services, "
            "because the policy does not state them. They are not part of the published policy."
        ),
        "catalogue_filled": _(
            "These values come from the extension's catalogue of common services, because the policy does not "
            "state them."
        ),
        "service": _("Service"),
        "field": _("Value"),
    }[key]


def coded_finding_messages() -> dict[str, str]:
    """The messages of the checks on codes, general bases and the catalogue (``words.finding_message``)."""
    return {
        "special-category-condition": _(
            "The activity %(subject)r processes a special category of personal data (GDPR Art. 9(1)) but names no "
            "condition of Art. 9(2): add ':special-condition:' (for example A9-2-a, explicit consent)."
        ),
        "special-category-denied": _(
            "The policy says it processes no sensitive personal data, but the activity %(subject)r lists data "
            "coded as a special category: correct the statement or the codes."
        ),
        "general-legal-bases": _(
            "The policy lists its legal bases (%(subject)s) without saying which purpose each one serves: "
            "tie each basis to its activities."
        ),
        "general-legitimate-interest": _(
            "Legitimate interests are among the legal bases the policy lists, but no interest is named: "
            "say which interest the processing pursues."
        ),
        "transfer-undeclared": _(
            "%(subject)s is established outside the EEA, but the policy states no transfer to that country: "
            "add a policy-transfer with its safeguard."
        ),
    }
