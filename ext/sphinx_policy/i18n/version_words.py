"""Words for published versions: version pages, the notice of a coming change, the history and the redline.

Kept apart from ``words`` so each module stays short; the same catalog and the
same remembering per catalog.
"""

from __future__ import annotations

from .words import _, _per_catalog, date


@_per_catalog
def impact(code: str) -> str:
    return {
        "major": _("Major change"),
        "minor": _("Minor change"),
        "editorial": _("Editorial change"),
    }[code]


@_per_catalog
def redline_label(kind: str) -> str:
    return {"added": _("inserted"), "removed": _("deleted")}[kind]


@_per_catalog
def word(key: str) -> str:
    return {
        "history": _("Published versions"),
        "current_link": _("The current version"),
        "changes_link": _("What changed"),
        "data_link": _("This version's data (JSON)"),
        "redline": _("The text, with what was deleted and inserted"),
        "redline_help": _(
            "Deleted text is struck through and inserted text underlined; screen readers announce each as deleted "
            "or inserted."
        ),
        "no_text": _("The text of the earlier version was not archived, so only the facts can be compared."),
    }[key]


def version_label(version: str, effective: str | None, language: str, stated: bool) -> str:
    """A version in the history list; ``stated``: its date is the day it takes effect, as a
    policy-version entry gives it (a policy without entries has only the date it shows)."""
    if effective and stated:
        return _("Version %(version)s (in effect from %(date)s)") % {
            "version": version,
            "date": date(effective, language),
        }
    if effective:
        return _("Version %(version)s (%(date)s)") % {"version": version, "date": date(effective, language)}
    return _("Version %(version)s") % {"version": version}


def state(code: str, effective: str | None, language: str) -> str:
    """Where a version stands on the build's day, for the history list."""
    when = date(effective, language) if effective else ""
    if code == "upcoming":
        return _("takes effect on %(date)s") % {"date": when} if when else _("coming")
    if code == "current":
        return _("current version")
    return _("earlier version")


def page_notice(code: str, version: str, effective: str | None, until: str | None, language: str) -> str:
    """The notice at the top of a version's page."""
    values = {
        "version": version,
        "date": date(effective, language) if effective else "",
        "until": date(until, language) if until else "",
    }
    if code == "upcoming":
        return (
            _(
                "This is version %(version)s of this policy, which takes effect on %(date)s. Until then the current "
                "version applies."
            )
            % values
        )
    if code == "current":
        return _("This is version %(version)s of this policy, the one that applies now, as it was published.") % values
    if until:
        return (
            _(
                "This is an earlier version of this policy, version %(version)s, which applied until %(until)s. It is "
                "kept as it was published and no longer applies."
            )
            % values
        )
    return (
        _(
            "This is an earlier version of this policy, version %(version)s. It is kept as it was published and no "
            "longer applies."
        )
        % values
    )


def upcoming_notice(effective: str, language: str) -> str:
    """On the current page while a new version is announced: the words before the link."""
    return _("This policy changes on %(date)s:") % {"date": date(effective, language)}


@_per_catalog
def upcoming_link(key: str) -> str:
    return {"changes": _("see what changes"), "version": _("read the new version")}[key]


def change_facts(effective: str | None, impact_code: str | None, language: str) -> str:
    """On a change page and in the change feeds: how much a version changes and when it takes effect.

    Only for policy-version entries (they state both); a policy without entries has nothing to say here.
    """
    if impact_code is None:
        return ""
    parts = [impact(impact_code)]
    if effective:
        parts.append(_("in effect from %(date)s") % {"date": date(effective, language)})
    return "; ".join(parts)
