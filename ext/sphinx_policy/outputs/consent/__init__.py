"""The consent manager: its configuration generated from the cookie declarations, and a demo page.

``configuration`` turns a policy's cookies into what ``static/consent.js`` reads.
For every policy with cookies the build publishes ``consent/<id>.json`` and, once,
``consent/v1/consent.js`` and ``consent.css`` (minified): a website embeds the banner
with one script tag naming the configuration (docs/embedding.md).  A demo page per
policy (``demo/<id>``, template ``policy-demo.html``) embeds it the same way and
shows the banner as the organisation's site would, with stand-in trackers.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]
from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_policy import model
from sphinx_policy.i18n import consent_words
from sphinx_policy.publishing import GENERATED_PAGES, HEAD_LINKS, addresses
from sphinx_policy.publishing.files import write_atomically
from sphinx_policy.publishing.html import PAGE_DESCRIPTION
from sphinx_policy.publishing.schemas import FeedValidationError, write_validated
from sphinx_policy.source.config import PolicyConfig
from sphinx_policy.source.domain import PolicyDomain, policy_domain
from sphinx_policy.source.problems import PolicyBuildError

from . import configuration

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
SCHEMA = "consent-config.schema.json"


def _on_config_inited(app: Sphinx, config: Config) -> None:
    # A new list, not append(): when conf.py sets none, the list is Sphinx's
    # default object, shared by every build in the process.
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]


def _settings(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, Any]:
    """The configuration as published in ``consent/<id>.json``: the policy's URL relative to that file."""
    settings = PolicyConfig.from_sphinx(app.config)
    # dirhtml gives the site's start page the empty URI: it is the folder itself.
    target = app.builder.get_target_uri(docname) or "./"
    policy_href = posixpath.relpath(target, addresses.CONSENT_FOLDER) + ("/" if target.endswith("/") else "")
    language = app.config.language or "en"
    return configuration.configuration(
        policy, language, policy_href, settings.consent_max_age_days, settings.consent_mode
    )


def _with_cookies(app: Sphinx) -> list[tuple[str, model.Policy]]:
    return [
        (docname, policy) for docname, policy in sorted(policy_domain(app.env).policies.items()) if policy["cookies"]
    ]


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """A demo page per policy that declares cookies: the banner as the organisation's site would show it."""
    if app.builder.format != "html":
        return
    language = app.config.language or "en"
    for docname, policy in _with_cookies(app):
        pagename = addresses.demo_pagename(policy["id"])
        policy_href = app.builder.get_relative_uri(pagename, docname)
        settings = _settings(app, docname, policy)
        banner_words = settings["words"]
        necessary = [cookie for cookie in settings["cookies"] if cookie["category"] == "necessary"]
        here = posixpath.dirname(pagename)
        context = {
            "language": language,
            "title": banner_words["demoTitle"],
            "intro": banner_words["demoIntro"],
            PAGE_DESCRIPTION: banner_words["demoIntro"],
            "controller": settings["controller"],
            "policy_href": policy_href,
            "policy_label": banner_words["policy"],
            "settings_label": banner_words["settings"],
            "static_root": posixpath.relpath("_static", here),
            "consent_script": posixpath.relpath(addresses.CONSENT_SCRIPT, here),
            "consent_style": posixpath.relpath(addresses.CONSENT_STYLE, here),
            "consent_config_href": posixpath.relpath(addresses.consent_config_path(policy["id"]), here),
            "necessary_cookies": json.dumps(necessary, separators=(",", ":"), sort_keys=True),
            "tracker_categories": sorted({cookie["category"] for cookie in policy["cookies"]} - {"necessary"}),
        }
        yield pagename, context, "policy-demo.html"


def minified(name: str) -> bytes:
    """consent.js or consent.css as published: minified at build time (rjsmin, rcssmin)."""
    text = (STATIC_DIR / name).read_text(encoding="utf-8")
    small = str(rjsmin.jsmin(text) if name.endswith(".js") else rcssmin.cssmin(text))
    return (small.strip() + "\n").encode("utf-8")


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """``consent/<id>.json`` for each policy with cookies, and the script and stylesheet they share."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    policies = _with_cookies(app)
    files = {
        addresses.consent_config_path(policy["id"]): (_settings(app, docname, policy), SCHEMA)
        for docname, policy in policies
    }
    for policy in policy_domain(app.env).policies.values():
        if not policy["cookies"]:  # left by a build in which it had cookies
            (outdir / addresses.consent_config_path(policy["id"])).unlink(missing_ok=True)
    try:
        write_validated(outdir, files)
    except FeedValidationError as error:
        raise PolicyBuildError(f"a consent configuration failed validation, so none was written: {error}") from None
    if policies:
        write_atomically(outdir / addresses.CONSENT_SCRIPT, minified("consent.js"))
        write_atomically(outdir / addresses.CONSENT_STYLE, minified("consent.css"))


def _head_link(app: Sphinx, docname: str, policy: model.Policy) -> list[tuple[str, str]]:
    if not policy["cookies"]:
        return []
    target = app.builder.get_target_uri(addresses.demo_pagename(policy["id"]))
    return [(consent_words.banner_words("")["demoLink"], target)]


def _generated_pages(app: Sphinx, domain: PolicyDomain) -> list[str]:
    return [addresses.demo_pagename(policy["id"]) for policy in domain.policies.values() if policy["cookies"]]


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _on_config_inited)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect("build-finished", _on_build_finished)
    app.connect(HEAD_LINKS, _head_link)
    app.connect(GENERATED_PAGES, _generated_pages)
