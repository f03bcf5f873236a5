"""Where things are on the site: page names and file paths under a language's root.

Outputs link to one another's pages (a policy page links to its feed, its report
and its demo; the sitemap lists every generated page) without importing one
another: the addresses live here, once.
"""

from __future__ import annotations

from urllib.parse import urljoin

from sphinx.builders import Builder

REPORT_FOLDER = "transparency"
SUMMARY_PAGENAME = f"{REPORT_FOLDER}/index"
DEMO_FOLDER = "demo"
CHANGES_FOLDER = "changes"
AUDIT_FOLDER = "audit"


def feed_path(policy_id: str) -> str:
    return f"feeds/policies/{policy_id}.json"


def version_feed_path(policy_id: str, version: str) -> str:
    return f"feeds/policies/{policy_id}/{version}.json"


def device_storage_path(policy_id: str) -> str:
    return f"feeds/policies/{policy_id}.device-storage.json"


# The consent manager a website embeds: its configuration per policy and language, and the
# script and stylesheet at a stable URL per version of that configuration's format.
CONSENT_FOLDER = "consent"
CONSENT_FORMAT = 1
CONSENT_SCRIPT = f"{CONSENT_FOLDER}/v{CONSENT_FORMAT}/consent.js"
CONSENT_STYLE = f"{CONSENT_FOLDER}/v{CONSENT_FORMAT}/consent.css"


def consent_config_path(policy_id: str) -> str:
    return f"{CONSENT_FOLDER}/{policy_id}.json"


def report_pagename(policy_id: str) -> str:
    return f"{REPORT_FOLDER}/{policy_id}"


def demo_pagename(policy_id: str) -> str:
    return f"{DEMO_FOLDER}/{policy_id}"


def audit_pagename(policy_id: str) -> str:
    """The browser audit's report page; the build writes a placeholder, ``python -m sphinx_policy.audit`` the report."""
    return f"{AUDIT_FOLDER}/{policy_id}"


def change_pagename(policy_id: str, version: str) -> str:
    return f"{CHANGES_FOLDER}/{policy_id}/{version}"


#: Every published version has a page of its own, its text as the archive keeps it.
VERSIONS_FOLDER = "policies"
FRAGMENTS_FOLDER = "fragments"


def version_pagename(policy_id: str, version: str) -> str:
    return f"{VERSIONS_FOLDER}/{policy_id}/{version}"


def fragment_path(policy_id: str, version: str) -> str:
    """A version's text alone (no theme, no script) for websites that embed it."""
    return f"{FRAGMENTS_FOLDER}/{policy_id}/{version}.html"


def page_path(builder: Builder, docname: str) -> str:
    """A page's path under the language root; dirhtml calls the root page "", which is "./"."""
    return builder.get_target_uri(docname) or "./"


def absolute(base_url: str, path: str) -> str:
    """A path under the language root as a URL: absolute when conf.py sets html_baseurl."""
    return urljoin(base_url if base_url.endswith("/") else base_url + "/", path) if base_url else path


#: Where each language's pages are, under the site's root: ``en/``, ``nb/`` by default;
#: Read the Docs serves a translation at ``<language>/<version>/`` (``policy_language_folder``).
DEFAULT_LANGUAGE_FOLDER = "{language}"


def language_folder(language: str, template: str = DEFAULT_LANGUAGE_FOLDER) -> str:
    return template.replace("{language}", language)


def up_to_site_root(pagename: str, template: str = DEFAULT_LANGUAGE_FOLDER) -> str:
    """From a page of one language to the folder that holds every language's folder."""
    return "../" * (pagename.count("/") + template.count("/") + 1)


def page_url(
    site_url: str | None,
    language: str,
    target_uri: str,
    languages: tuple[str, ...],
    template: str = DEFAULT_LANGUAGE_FOLDER,
) -> str | None:
    """A page's absolute URL on the site (``policy_site_url``), or None when the site's address is not set."""
    if not site_url:
        return None
    root = site_url if site_url.endswith("/") else site_url + "/"
    return f"{root}{language_folder(language, template)}/{target_uri}" if languages else f"{root}{target_uri}"
