"""Words of the consent banner and its demo page, from the same catalog as ``words``.

Kept apart from ``words`` (the policy page's words) so each module stays short.
"""

from __future__ import annotations

from .words import _, _per_catalog


@_per_catalog
def category_description(code: str) -> str:
    return {
        "necessary": _("Needed for the website to work. They cannot be turned off."),
        "preferences": _("Remember your settings and choices."),
        "statistics": _("Count visits and show how the website is used."),
        "marketing": _("Follow you across websites to show you advertising."),
    }[code]


def banner_words(controller: str) -> dict[str, str]:
    """The consent banner's words, handed to consent.js in its configuration."""
    return {
        "title": _("Cookies on this website"),
        "intro": _(
            "%(controller)s would like to store cookies on your device. Strictly necessary cookies are always "
            "on; the others are stored only if you allow them. You can change your choice at any time."
        )
        % {"controller": controller},
        "acceptAll": _("Accept all"),
        "rejectAll": _("Reject all"),
        "customise": _("Customise"),
        "save": _("Save my choices"),
        "close": _("Close (reject all)"),
        "settings": _("Cookie settings"),
        "download": _("Download consent receipt"),
        "policy": _("Privacy policy"),
        "gpc": _("Your browser sends Global Privacy Control, so marketing cookies stay off unless you turn them on."),
        "always": _("Always on"),
        # {title}, {provider}, {category}, {name} are filled in by consent.js.
        "placeholder": _("{title}: this content from {provider} loads only if you allow {category}."),
        "load": _("Allow {category} and load"),
        "reload": _("You withdrew consent for a script that already ran here, so the page reloads now."),
        "thirdParty": _("This website cannot remove cookies that other providers set on their own domains."),
        "optOut": _("Opt out at {provider}"),
        "newCookie": _("We ask again because {name} was added to {category} since your choice."),
        "longer": _("We ask again because {name} is now kept longer than when you chose."),
        "newProvider": _("We ask again because {provider} was added as a provider since your choice."),
        "newCategory": _("We ask again because the category {category} was added since your choice."),
        "demoTitle": _("Demo website of %(controller)s") % {"controller": controller},
        "demoIntro": _(
            "This page shows the cookie banner as this organisation's website would. Stand-in scripts set the "
            "declared cookies on this host once their category is allowed; nothing is sent anywhere."
        ),
        "demoLink": _("Try the cookie banner (demo)"),
    }
