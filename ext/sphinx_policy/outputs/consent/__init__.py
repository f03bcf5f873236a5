"""The consent manager: its configuration generated from the cookie declarations, and a demo page.

``configuration`` turns a policy's cookies into what ``static/consent.js`` reads;
a demo page per policy with cookies (``demo/<id>``, template ``policy-demo.html``)
shows the banner as the organisation's site would, with stand-in trackers.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_policy import model
from sphinx_policy.i18n import words
from sphinx_policy.publishing import GENERATED_PAGES, HEAD_LINKS, addresses
from sphinx_policy.publishing.html import PAGE_DESCRIPTION
from sphinx_policy.source.config import PolicyConfig
from sphinx_policy.source.domain import PolicyDomain, policy_domain

from . import configuration

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"


def _on_config_inited(app: Sphinx, config: Config) -> None:
    # A new list, not append(): when conf.py sets none, the list is Sphinx's
    # default object, shared by every build in the process.
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """A demo page per policy that declares cookies: the banner as the organisation's site would show it."""
    if app.builder.format != "html":
        return
    language = app.config.language or "en"
    max_age = PolicyConfig.from_sphinx(app.config).consent_max_age_days
    for docname, policy in sorted(policy_domain(app.env).policies.items()):
        if not policy["cookies"]:
            continue
        pagename = addresses.demo_pagename(policy["id"])
        policy_href = app.builder.get_relative_uri(pagename, docname)
        settings = configuration.configuration(policy, language, policy_href, max_age)
        banner_words = settings["words"]
        necessary = [cookie for cookie in settings["cookies"] if cookie["category"] == "necessary"]
        context = {
            "language": language,
            "title": banner_words["demoTitle"],
            "intro": banner_words["demoIntro"],
            PAGE_DESCRIPTION: banner_words["demoIntro"],
            "controller": settings["controller"],
            "policy_href": policy_href,
            "policy_label": banner_words["policy"],
            "settings_label": banner_words["settings"],
            "static_root": posixpath.relpath("_static", posixpath.dirname(pagename)),
            "consent_config": configuration.json_for_script(settings),
            "necessary_cookies": json.dumps(necessary, separators=(",", ":"), sort_keys=True),
            "tracker_categories": sorted({cookie["category"] for cookie in policy["cookies"]} - {"necessary"}),
        }
        yield pagename, context, "policy-demo.html"


def _head_link(app: Sphinx, docname: str, policy: model.Policy) -> list[tuple[str, str]]:
    if not policy["cookies"]:
        return []
    target = app.builder.get_target_uri(addresses.demo_pagename(policy["id"]))
    return [(words.banner_words("")["demoLink"], target)]


def _generated_pages(app: Sphinx, domain: PolicyDomain) -> list[str]:
    return [addresses.demo_pagename(policy["id"]) for policy in domain.policies.values() if policy["cookies"]]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect(HEAD_LINKS, _head_link)
    app.connect(GENERATED_PAGES, _generated_pages)
