"""sphinx_policy: privacy policies written in MyST, published as HTML, feeds and JSON-LD.

``setup()`` is the only place that wires the modules to Sphinx events; data
flows one way: directives -> records (domain) -> outputs (HTML nodes, JSON-LD,
feeds).
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urljoin

from docutils import nodes
from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.locale import init as init_locale
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from . import catalogs, checks, consent, docutils_nb, feeds, jsonld, languages, model, rendering, report, words
from .config import PolicyConfig
from .directives import DIRECTIVES
from .domain import PolicyDomain

__version__ = "0.1.0"

logger = logging.getLogger(__name__)


class PolicyBuildError(SphinxError):
    category = "Policy error"


def _domain(env: BuildEnvironment) -> PolicyDomain:
    domain = env.domains[PolicyDomain.name]
    assert isinstance(domain, PolicyDomain)
    return domain


def _on_config_inited(app: Sphinx, config: Config) -> None:
    PolicyConfig.from_sphinx(config).validate(config.language)
    config.templates_path.append(str(Path(__file__).parent / "templates"))
    _load_own_catalog(app, config.language or "en")


def _load_own_catalog(app: Sphinx, language: str) -> None:
    """Compile the extension's words for the build language and load them.

    The catalog ships as .po; it is compiled into the build's doctree folder so
    that an installed package is never written to.  Done on config-inited so
    that a language given on the command line (-D language=nb) is the one used.
    """
    po_path = words.LOCALE_DIR / language / "LC_MESSAGES" / f"{words.CATALOG}.po"
    locale_dir = Path(app.doctreedir) / "sphinx_policy-locales"
    if po_path.is_file():
        problems = catalogs.check_catalogs(po_path.parent)
        if problems:
            raise PolicyBuildError(
                "the extension's own catalog is broken: " + "; ".join(str(problem) for problem in problems)
            )
        mo_path = locale_dir / language / "LC_MESSAGES" / f"{words.CATALOG}.mo"
        if not mo_path.is_file() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            catalogs.compile_catalog(po_path, mo_path)
    # locale.init adds a catalog as a fallback to one loaded before; a process
    # that builds several languages in turn must start each from nothing.
    sphinx_locale.translators.pop(("general", words.CATALOG), None)
    init_locale([str(locale_dir)], language, words.CATALOG)


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Stop before anything is written when a source has a problem; else run the checks."""
    domain = _domain(env)
    trackers, database_problems = _trackers(app)
    problems = domain.all_errors() + _translation_problems(app) + _config_problems(app, domain) + database_problems
    if problems:
        _report_problems(problems)
    domain.findings = {docname: checks.check_policy(policy, trackers) for docname, policy in domain.policies.items()}
    for docname in sorted(domain.findings):
        for finding in domain.findings[docname]:
            if not finding["waived"]:
                logger.warning(
                    words.finding_message(finding["code"], finding["subject"]),
                    location=(docname, finding["line"]),
                    type="policy",
                    subtype=finding["code"],
                )
    return []


def _report_problems(problems: list[model.InputError]) -> NoReturn:
    for problem in problems:
        # Problems in .po files are located by path; those in pages by docname.
        location: str | tuple[str, int] | None
        if problem["code"] not in ("translation", "config"):
            location = (problem["source"], problem["line"])
        elif problem["line"]:
            location = f"{problem['source']}:{problem['line']}"
        else:
            location = None  # the message names the file
        logger.error(problem["message"], location=location, type="policy", subtype=problem["code"])
    error = PolicySourceError(len(problems))
    logger.error("sphinx-policy: %s", error)
    raise error


def _config_problems(app: Sphinx, domain: PolicyDomain) -> list[model.InputError]:
    site_policy = PolicyConfig.from_sphinx(app.config).site_policy
    known_ids = {policy["id"] for policy in domain.policies.values()}
    if site_policy is None or site_policy in known_ids:
        return []
    return [
        {
            "source": str(Path(app.confdir) / "conf.py"),
            "line": 0,
            "message": (
                f"conf.py: policy_site_policy is {site_policy!r}, but no page declares that policy; "
                f"use one of: {', '.join(sorted(known_ids)) or '(none declared)'}."
            ),
            "code": "config",
        }
    ]


def _trackers(app: Sphinx) -> tuple[dict[str, str], list[model.InputError]]:
    """Known tracker cookies: the built-in list, plus the cookie database conf.py names."""
    configured = PolicyConfig.from_sphinx(app.config).cookie_database
    if not configured:
        return checks.BUILTIN_TRACKERS, []
    path = Path(app.confdir) / configured
    try:
        return {**checks.load_cookie_database(path), **checks.BUILTIN_TRACKERS}, []
    except checks.CookieDatabaseError as error:
        return checks.BUILTIN_TRACKERS, [
            {
                "source": str(path),
                "line": 0,
                "code": "config",
                "message": f"policy_cookie_database: {error} Fix the path in conf.py (relative to its folder).",
            }
        ]


def _translation_problems(app: Sphinx) -> list[model.InputError]:
    """Broken or missing catalogs of the build language, located in the .po files."""
    site_languages = PolicyConfig.from_sphinx(app.config).languages
    language = app.config.language or "en"
    if not site_languages or language == site_languages[0]:
        return []
    problems: list[model.InputError] = []
    for locale_dir in app.config.locale_dirs:
        catalog_dir = Path(app.srcdir) / locale_dir / language / "LC_MESSAGES"
        if not catalog_dir.is_dir():
            problems.append(
                {
                    "source": str(catalog_dir),
                    "line": 0,
                    "message": (
                        f"no translations for {language!r}: the folder {catalog_dir} is missing. "
                        "Run 'nox -s translations' to create its .po files, then translate them."
                    ),
                    "code": "translation",
                }
            )
            continue
        for problem in catalogs.check_catalogs(catalog_dir):
            problems.append(
                {
                    "source": str(problem.path),
                    "line": problem.line,
                    "message": problem.message,
                    "code": "translation",
                }
            )
    return problems


class PolicySourceError(SystemExit):
    """Ends the build with exit status 1 once the located messages are logged.

    Raised before anything is written, so the pages, assets and feeds of the
    last good build stay exactly as they were.  It is a SystemExit, not a
    SphinxError, because sphinx-build answers every exception with a crash
    report that asks authors to file a bug: a policy error is the author's to
    fix, and the messages already say where and how.  Code that runs Sphinx
    in-process can catch it like any exception.
    """

    def __init__(self, count: int) -> None:
        super().__init__(1)
        self.count = count

    def __str__(self) -> str:
        plural = "s" if self.count != 1 else ""
        return (
            f"{self.count} problem{plural} in the sources (listed above with file and line). "
            "Nothing was written: the output of the last good build is unchanged."
        )


def _feed_path(policy_id: str) -> str:
    return f"feeds/policies/{policy_id}.json"


def _absolute(app: Sphinx, path: str) -> str:
    """A path under the language root as a URL: absolute when conf.py sets html_baseurl."""
    base = app.config.html_baseurl
    return urljoin(base if base.endswith("/") else base + "/", path) if base else path


STATIC_DIR = Path(__file__).parent / "static"


def _on_builder_inited(app: Sphinx) -> None:
    """The stylesheet goes to HTML builders only."""
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC_DIR))
        app.add_css_file("policy.css")


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name == "gettext":
        return  # the gettext builder needs the reader's text, not our words
    domain = _domain(app.env)
    rendering.render_policy_nodes(domain, docname, doctree, app.config.language or "en")
    policy = domain.policies.get(docname)
    if policy is not None and app.builder.format == "html":
        page_folder = posixpath.dirname(app.builder.get_target_uri(docname)) or "."
        feed_link = posixpath.relpath(_feed_path(policy["id"]), page_folder)
        report_link = posixpath.relpath(app.builder.get_target_uri(report.report_pagename(policy["id"])), page_folder)
        paragraph = nodes.paragraph("", "", classes=["policy-feed-link"])
        feed_text, report_text = words.heading("feed"), words.report_heading("link")
        paragraph += nodes.reference(feed_text, feed_text, refuri=feed_link)
        paragraph += nodes.Text(" · ")
        paragraph += nodes.reference(report_text, report_text, refuri=report_link)
        if policy["cookies"]:
            demo_link = posixpath.relpath(app.builder.get_target_uri(consent.demo_pagename(policy["id"])), page_folder)
            demo_text = words.banner_words("")["demoLink"]
            paragraph += nodes.Text(" · ")
            paragraph += nodes.reference(demo_text, demo_text, refuri=demo_link)
        for head in doctree.findall(nodes.container):
            if "policy-head" in head["classes"]:
                head += paragraph
                break


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    domain = _domain(app.env)
    policy = domain.policies.get(pagename)
    tags: list[str] = []
    pathto = context["pathto"]
    if policy is not None:
        # Relative IRIs resolve against the page itself, so without a base URL
        # they are written relative to the page, as its links are.
        target = app.builder.get_target_uri(pagename)
        base = app.config.html_baseurl
        if base:
            page_iri = _absolute(app, target)
            feed_iri = _absolute(app, _feed_path(policy["id"]))
        else:
            page_iri = posixpath.basename(target)
            feed_iri = pathto(_feed_path(policy["id"]), resource=True)
        graph = jsonld.policy_graph(policy, page_iri, feed_iri)
        tags.append(jsonld.script_element(graph))
        feed_href = _attribute(pathto(_feed_path(policy["id"]), resource=True))
        tags.append(f'<link rel="alternate" type="application/json" href="{feed_href}">')
        own_file = posixpath.basename(app.builder.get_target_uri(pagename))
        tags.append(f'<link rel="privacy-policy" href="{_attribute(own_file)}">')
    else:
        site_policy = PolicyConfig.from_sphinx(app.config).site_policy
        for docname, candidate in sorted(domain.policies.items()):
            if candidate["id"] == site_policy:
                tags.append(f'<link rel="privacy-policy" href="{_attribute(pathto(docname))}">')
    site_languages = PolicyConfig.from_sphinx(app.config).languages
    if site_languages and "body" in context:
        target_uri = app.builder.get_target_uri(pagename)
        tags.extend(languages.hreflang_links(pagename, target_uri, site_languages))
        context["body"] = (
            languages.switcher(pagename, target_uri, site_languages, app.config.language or "en") + context["body"]
        )
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def _on_collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """The transparency report of every policy, and the site-wide summary."""
    if app.builder.format != "html":
        return
    domain = _domain(app.env)
    if not domain.policies:
        return
    by_id = {policy["id"]: docname for docname, policy in domain.policies.items()}
    for docname, policy in sorted(domain.policies.items()):
        pagename = report.report_pagename(policy["id"])
        body = report.policy_report(
            policy,
            domain.findings.get(docname, []),
            app.builder.get_relative_uri(pagename, docname),
            app.builder.get_relative_uri(pagename, report.SUMMARY_PAGENAME),
            str(app.env.doc2path(docname, False)),
        )
        title = f"{words.report_heading('report')}: {policy['title']}"
        yield pagename, {"title": title, "body": body}, "page.html"
    findings = {policy["id"]: domain.findings.get(docname, []) for docname, policy in domain.policies.items()}
    summary = report.summary_page(
        list(domain.policies.values()),
        findings,
        lambda policy_id: app.builder.get_relative_uri(report.SUMMARY_PAGENAME, report.report_pagename(policy_id)),
    )
    assert set(by_id) == set(findings)
    yield report.SUMMARY_PAGENAME, {"title": words.report_heading("summary"), "body": summary}, "page.html"
    yield from _demo_pages(app, domain)


def _demo_pages(app: Sphinx, domain: PolicyDomain) -> Iterator[tuple[str, dict[str, Any], str]]:
    """A demo page per policy that declares cookies: the banner as the organisation's site would show it."""
    language = app.config.language or "en"
    max_age = PolicyConfig.from_sphinx(app.config).consent_max_age_days
    for docname, policy in sorted(domain.policies.items()):
        if not policy["cookies"]:
            continue
        pagename = consent.demo_pagename(policy["id"])
        policy_href = app.builder.get_relative_uri(pagename, docname)
        configuration = consent.configuration(policy, language, policy_href, max_age)
        banner_words = configuration["words"]
        necessary = [cookie for cookie in configuration["cookies"] if cookie["category"] == "necessary"]
        context = {
            "language": language,
            "title": banner_words["demoTitle"],
            "intro": banner_words["demoIntro"],
            "controller": configuration["controller"],
            "policy_href": policy_href,
            "policy_label": banner_words["policy"],
            "settings_label": banner_words["settings"],
            "static_root": posixpath.relpath("_static", posixpath.dirname(pagename)),
            "consent_config": consent.json_for_script(configuration),
            "necessary_cookies": json.dumps(necessary, separators=(",", ":"), sort_keys=True),
            "tracker_categories": sorted({cookie["category"] for cookie in policy["cookies"]} - {"necessary"}),
        }
        yield pagename, context, "policy-demo.html"


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    domain = _domain(app.env)
    if exception is not None or app.builder.format != "html":
        return  # write nothing after a failed build: the last good feeds stay
    language = app.config.language or "en"
    files: dict[str, tuple[dict[str, Any], str]] = {}
    policy_feeds = []
    for docname, policy in sorted(domain.policies.items()):
        # Feed URLs stay relative to the language root, so that every language's
        # feeds point into their own folder wherever the site is hosted.
        feed = feeds.policy_feed(
            policy,
            app.builder.get_target_uri(docname),
            _feed_path(policy["id"]),
            report.findings_for_feed(domain.findings.get(docname, []), str(app.env.doc2path(docname, False))),
        )
        policy_feeds.append(feed)
        files[_feed_path(policy["id"])] = (feed, "policy.schema.json")
    site_languages = PolicyConfig.from_sphinx(app.config).languages
    index = feeds.index_feed(language, site_languages, policy_feeds)
    files["feeds/index.json"] = (index, "index.schema.json")
    outdir = Path(app.outdir)
    try:
        written = feeds.write_feeds(outdir, files)
    except feeds.FeedValidationError as error:
        raise PolicyBuildError(f"a feed failed validation, so no feed was written: {error}") from None
    feeds.publish_schemas(outdir)
    logger.info(
        "sphinx-policy: %d %s, %d feeds written and validated in %s",
        len(policy_feeds),
        "policy" if len(policy_feeds) == 1 else "policies",
        len(written),
        outdir / "feeds",
    )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("policy_site_policy", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_languages", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("policy_cookie_database", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_consent_max_age_days", 180, "env", types=frozenset({int}))
    docutils_nb.register()
    app.add_domain(PolicyDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-updated", _on_env_updated)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-collect-pages", _on_collect_pages)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _on_build_finished)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
