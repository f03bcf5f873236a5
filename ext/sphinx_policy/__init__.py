"""sphinx_policy: privacy policies written in MyST, published as HTML, feeds and JSON-LD.

``setup()`` is the only place that wires the modules to Sphinx events; data
flows one way: directives -> records (domain) -> outputs (HTML nodes, JSON-LD,
feeds).
"""

from __future__ import annotations

import html
import itertools
import json
import posixpath
import re
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

from . import (
    catalogs,
    changefeeds,
    checks,
    consent,
    csp,
    devicestorage,
    docutils_nb,
    feeds,
    jsonld,
    languages,
    model,
    rendering,
    report,
    sitemeta,
    versions,
    words,
)
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
    # New lists, not append(): when conf.py sets none, the list is Sphinx's default
    # object, shared by every build in the process.
    config.templates_path = [*config.templates_path, str(Path(__file__).parent / "templates")]
    if config.html_theme == "furo" and PolicyConfig.from_sphinx(config).strict_csp:
        generated = Path(app.doctreedir) / "sphinx_policy-templates"
        if csp.write_furo_templates(generated):
            config.templates_path = [*config.templates_path, str(generated)]
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
    if not problems:
        problems += _published_version_problems(app, domain)
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


def _archive(app: Sphinx) -> Path | None:
    configured = PolicyConfig.from_sphinx(app.config).archive
    return Path(app.confdir) / configured if configured else None


def _current_version_feed(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, Any]:
    feed = feeds.policy_feed(policy, _page_path(app, docname), _feed_path(policy["id"]), [])
    return versions.version_feed(feed)


def _published_version_problems(app: Sphinx, domain: PolicyDomain) -> list[model.InputError]:
    """A published version never changes: the build stops before it would alter one."""
    archive = _archive(app)
    if archive is None or app.builder.format != "html":
        return []
    language = app.config.language or "en"
    problems: list[model.InputError] = []
    for docname, policy in sorted(domain.policies.items()):
        published = versions.archive_file(archive, language, policy["id"], policy["version"])
        if not published.is_file():
            continue
        # Compared as data, less the page's address, which depends on the builder
        # (policies/x.html, policies/x/) and not on the version.
        current = versions.comparable(_current_version_feed(app, docname, policy))
        if versions.comparable(versions.load(published)) != current:
            problems.append(
                {
                    "source": docname,
                    "line": policy["location"]["line"],
                    "code": "published",
                    "message": (
                        f"policy {policy['id']!r}: version {policy['version']} was published as {published} and "
                        "this build would change it. A published version never changes: give the policy a new "
                        ":version: (with a policy-version entry saying what changed), or undo the change."
                    ),
                }
            )
    return problems


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


def _page_path(app: Sphinx, docname: str) -> str:
    """A page's path under the language root; dirhtml calls the root page "", which is "./"."""
    return app.builder.get_target_uri(docname) or "./"


def _feed_path(policy_id: str) -> str:
    return f"feeds/policies/{policy_id}.json"


def _absolute(app: Sphinx, path: str) -> str:
    """A path under the language root as a URL: absolute when conf.py sets html_baseurl."""
    base = app.config.html_baseurl
    return urljoin(base if base.endswith("/") else base + "/", path) if base else path


STATIC_DIR = Path(__file__).parent / "static"


def _on_builder_inited(app: Sphinx) -> None:
    """The stylesheet goes to HTML builders only."""
    if app.builder.format != "html":
        return
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
    app.add_css_file("policy.css")
    if PolicyConfig.from_sphinx(app.config).strict_csp:
        # After doctools.js (priority 200), before the language's translations.js (500).
        app.add_js_file("policy-csp-doctools.js", priority=400)
    if app.config.html_theme == "furo" and PolicyConfig.from_sphinx(app.config).strict_csp:
        # Furo's code colours, written inline by furo, as a file (see csp.py).
        static = Path(app.doctreedir) / "sphinx_policy-static"
        static.mkdir(parents=True, exist_ok=True)
        light = app.builder.highlighter.formatter_args.get("style", "tango")  # type: ignore[attr-defined]
        dark_highlighter = getattr(app.builder, "dark_highlighter", None)
        dark = dark_highlighter.formatter_args.get("style", "native") if dark_highlighter else "native"
        icons = csp.furo_icons()
        for name, svg in icons.items():
            icon = static / "policy-icons" / f"{name}.svg"
            icon.parent.mkdir(exist_ok=True)
            if not icon.is_file() or icon.read_text(encoding="utf-8") != svg:
                icon.write_text(svg, encoding="utf-8")
        css = csp.theme_variables_css(light, dark, icons)
        target = static / csp.THEME_VARIABLES_CSS
        if not target.is_file() or target.read_text(encoding="utf-8") != css:
            target.write_text(css, encoding="utf-8")
        app.config.html_static_path = [*app.config.html_static_path, str(static)]
        app.add_js_file("policy-theme.js")


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
    elif not pagename.startswith(consent.DEMO_FOLDER + "/"):  # a demo links its own policy
        site_policy = PolicyConfig.from_sphinx(app.config).site_policy
        for docname, candidate in sorted(domain.policies.items()):
            if candidate["id"] == site_policy:
                tags.append(f'<link rel="privacy-policy" href="{_attribute(pathto(docname))}">')
    config = PolicyConfig.from_sphinx(app.config)
    site_languages = config.languages
    target = app.builder.get_target_uri(pagename)
    language = app.config.language or "en"
    title = html.unescape(re.sub(r"<[^>]+>", "", str(context.get("title") or ""))) or app.config.project
    tags.extend(
        sitemeta.open_graph(
            title,
            app.config.project,
            language,
            site_languages,
            sitemeta.page_url(config.site_url, language, target, site_languages),
            policy["description"][:300] if policy is not None else "",
        )
    )
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
    yield from _change_pages(app, domain)


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


def _published_feeds(app: Sphinx, docname: str, policy: model.Policy) -> dict[str, dict[str, Any]]:
    """Every published version's feed by version: the archive's, and the current one."""
    archive = _archive(app)
    language = app.config.language or "en"
    found: dict[str, dict[str, Any]] = {}
    if archive is not None:
        for version, path in versions.archived_versions(archive, language, policy["id"]).items():
            found[version] = versions.load(path)
    found[policy["version"]] = _current_version_feed(app, docname, policy)
    return found


def _change_pairs(
    policy: model.Policy, published: dict[str, dict[str, Any]]
) -> list[tuple[model.Version, model.Version]]:
    """Consecutive versions whose feeds are both at hand: each gets a page of what changed."""
    history = policy["history"]
    return [
        (before, after)
        for before, after in itertools.pairwise(history)
        if before["version"] in published and after["version"] in published
    ]


def _change_pages(app: Sphinx, domain: PolicyDomain) -> Iterator[tuple[str, dict[str, Any], str]]:
    for docname, policy in sorted(domain.policies.items()):
        published = _published_feeds(app, docname, policy)
        for before, after in _change_pairs(policy, published):
            pagename = versions.change_pagename(policy["id"], after["version"])
            body = versions.change_page(
                policy["title"],
                published[before["version"]],
                published[after["version"]],
                after["summary"],
                app.builder.get_relative_uri(pagename, docname),
            )
            title = words.changes_heading(policy["title"], before["version"], after["version"])
            yield pagename, {"title": title, "body": body}, "page.html"


def _change_entries(
    app: Sphinx, domain: PolicyDomain, published_by_docname: dict[str, dict[str, dict[str, Any]]]
) -> list[changefeeds.ChangeEntry]:
    """One entry per version of every policy, with URLs relative to the feeds/ folder."""
    entries = []
    for docname, policy in sorted(domain.policies.items()):
        published = published_by_docname[docname]
        changed = {after["version"] for _, after in _change_pairs(policy, published)}
        controller = policy["controller"]
        for position, entry in enumerate(policy["history"]):
            version = entry["version"]
            if version in changed:
                page = app.builder.get_target_uri(versions.change_pagename(policy["id"], version))
            else:
                page = app.builder.get_target_uri(docname)
            entries.append(
                changefeeds.ChangeEntry(
                    policy_id=policy["id"],
                    policy_title=policy["title"],
                    controller=controller["name"] if controller else "",
                    version=version,
                    date=entry["date"],
                    summary=entry["summary"] or (words.changes_word("first") if position == 0 else ""),
                    url=posixpath.relpath(page or ".", "feeds"),  # dirhtml: "" is the root
                    version_feed_url=(
                        posixpath.relpath(versions.version_feed_path(policy["id"], version), "feeds")
                        if version in published
                        else None
                    ),
                )
            )
    return entries


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    domain = _domain(app.env)
    if exception is not None or app.builder.format != "html":
        return  # write nothing after a failed build: the last good feeds stay
    language = app.config.language or "en"
    config = PolicyConfig.from_sphinx(app.config)
    files: dict[str, tuple[dict[str, Any], str]] = {}
    policy_feeds = []
    new_versions: list[tuple[Path, dict[str, Any]]] = []
    archive = _archive(app)
    published_by_docname: dict[str, dict[str, dict[str, Any]]] = {}
    for docname, policy in sorted(domain.policies.items()):
        # Feed URLs stay relative to the language root, so that every language's
        # feeds point into their own folder wherever the site is hosted.
        feed = feeds.policy_feed(
            policy,
            _page_path(app, docname),
            _feed_path(policy["id"]),
            report.findings_for_feed(domain.findings.get(docname, []), str(app.env.doc2path(docname, False))),
        )
        policy_feeds.append(feed)
        files[_feed_path(policy["id"])] = (feed, "policy.schema.json")
        published_by_docname[docname] = _published_feeds(app, docname, policy)
        for version, version_feed in published_by_docname[docname].items():
            files[versions.version_feed_path(policy["id"], version)] = (version_feed, "policy.schema.json")
        if archive is not None:
            archived = versions.archive_file(archive, language, policy["id"], policy["version"])
            if not archived.is_file():
                new_versions.append((archived, published_by_docname[docname][policy["version"]]))
        storage = f"feeds/policies/{policy['id']}.device-storage.json"
        if policy["cookies"]:
            files[storage] = (devicestorage.disclosure(policy), "device-storage.schema.json")
        else:
            (Path(app.outdir) / storage).unlink(missing_ok=True)  # left by a build that had cookies
    index = feeds.index_feed(language, config.languages, policy_feeds)
    files["feeds/index.json"] = (index, "index.schema.json")
    entries = _change_entries(app, domain, published_by_docname)

    def describe(entry: changefeeds.ChangeEntry) -> str:
        return words.version_title(entry.policy_title, entry.version)

    feed_title = words.changes_word("feed_title")
    files["feeds/changes.json"] = (
        changefeeds.json_feed(feed_title, language, entries, describe),
        "jsonfeed-1.1.schema.json",
    )
    outdir = Path(app.outdir)
    try:
        written = feeds.write_feeds(outdir, files)
    except feeds.FeedValidationError as error:
        raise PolicyBuildError(f"a feed failed validation, so no feed was written: {error}") from None
    feeds.write_atomically(
        outdir / "feeds" / "changes.atom", changefeeds.atom_feed(feed_title, language, entries, describe)
    )
    feeds.publish_schemas(outdir)
    for archived, version_feed in new_versions:
        # Recorded only now, after every output was written: this version is published.
        feeds.write_atomically(archived, feeds.serialise(version_feed))
        logger.info("sphinx-policy: published %s (commit it: published versions never change)", archived)
    _write_site_metadata(app, domain, config, outdir)
    logger.info(
        "sphinx-policy: %d %s, %d feeds valid and up to date in %s",
        len(policy_feeds),
        "policy" if len(policy_feeds) == 1 else "policies",
        len(written) + 1,
        outdir / "feeds",
    )


def _generated_pagenames(app: Sphinx, domain: PolicyDomain) -> list[str]:
    names = [report.SUMMARY_PAGENAME] if domain.policies else []
    for docname, policy in sorted(domain.policies.items()):
        names.append(report.report_pagename(policy["id"]))
        if policy["cookies"]:
            names.append(consent.demo_pagename(policy["id"]))
        published = _published_feeds(app, docname, policy)
        names.extend(
            versions.change_pagename(policy["id"], after["version"]) for _, after in _change_pairs(policy, published)
        )
    return names


def _write_site_metadata(app: Sphinx, domain: PolicyDomain, config: PolicyConfig, outdir: Path) -> None:
    if config.site_url:
        pages = [app.builder.get_target_uri(name) for name in sorted(app.env.found_docs)]
        pages += [app.builder.get_target_uri(name) for name in _generated_pagenames(app, domain)]
        language = app.config.language or "en"
        sitemap = sitemeta.sitemap(pages, config.site_url, language, config.languages)
        feeds.write_atomically(outdir / "sitemap.xml", sitemap)
    if config.gpc:
        feeds.write_atomically(outdir / ".well-known" / "gpc.json", sitemeta.gpc_json())


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_config_value("policy_site_policy", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_languages", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("policy_cookie_database", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_consent_max_age_days", 180, "env", types=frozenset({int}))
    app.add_config_value("policy_archive", None, "env", types=frozenset({str, type(None)}))
    app.add_config_value("policy_site_url", None, "html", types=frozenset({str, type(None)}))
    app.add_config_value("policy_gpc", False, "html", types=frozenset({bool}))
    app.add_config_value("policy_strict_csp", True, "html", types=frozenset({bool}))
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
