"""sphinx_policy: privacy policies written in MyST, published as HTML, feeds and JSON-LD.

``setup()`` is the only place that wires the modules to Sphinx events; data
flows one way: directives -> records (domain) -> outputs (HTML nodes, JSON-LD,
feeds).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.locale import init as init_locale
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

from . import feeds, jsonld, rendering, words
from .config import PolicyConfig, defaults
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
    PolicyConfig.from_sphinx(config).validate()
    # Registered here rather than in setup() so that a language given on the
    # command line (-D language=nb) is the one whose catalog is loaded.
    init_locale([str(words.LOCALE_DIR)], config.language, words.CATALOG)


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Stop before anything is written when a policy source has a problem."""
    domain = _domain(env)
    problems = domain.all_errors()
    site_policy = PolicyConfig.from_sphinx(app.config).site_policy
    known_ids = {policy["id"] for policy in domain.policies.values()}
    if site_policy is not None and app.builder.format == "html" and site_policy not in known_ids:
        raise PolicyBuildError(
            f"conf.py: policy_site_policy is {site_policy!r}, but no page declares that policy; "
            f"use one of: {', '.join(sorted(known_ids)) or '(none declared)'}."
        )
    if not problems:
        return []
    for problem in problems:
        logger.error(
            problem["message"],
            location=(problem["source"], problem["line"]),
            type="policy",
            subtype=problem["code"],
        )
    _withhold_output(app, len(problems))
    return []


def _withhold_output(app: Sphinx, count: int) -> None:
    """Fail the build without writing a page, an asset or a feed.

    Raising an exception here would also stop the build, but sphinx-build then
    prints a crash report that asks authors to file a bug; a policy error is the
    author's to fix, and the messages above already say where and how.
    """
    message = (
        f"sphinx-policy: {count} problem{'s' if count != 1 else ''} in the policy sources "
        "(listed above with file and line). Nothing was written: the output of the last "
        "good build is unchanged."
    )

    def write_nothing(*args: object, **kwargs: object) -> None:
        logger.info(message)

    app.statuscode = 1
    app.builder.write = write_nothing  # type: ignore[method-assign]
    app.builder.finish = lambda: None  # type: ignore[method-assign]


def _page_url(app: Sphinx, docname: str) -> str:
    target = app.builder.get_target_uri(docname)
    base = app.config.html_baseurl
    return urljoin(base if base.endswith("/") else base + "/", target) if base else target


def _feed_path(policy_id: str) -> str:
    return f"feeds/policies/{policy_id}.json"


def _feed_url(app: Sphinx, policy_id: str) -> str:
    base = app.config.html_baseurl
    path = _feed_path(policy_id)
    return urljoin(base if base.endswith("/") else base + "/", path) if base else path


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name == "gettext":
        return  # the gettext builder needs the reader's text, not our words
    domain = _domain(app.env)
    rendering.render_policy_nodes(domain, docname, doctree, app.config.language or "en")
    policy = domain.policies.get(docname)
    if policy is not None and app.builder.format == "html":
        feed_link = posixpath.relpath(_feed_path(policy["id"]), posixpath.dirname(docname) or ".")
        text = words.heading("feed")
        paragraph = nodes.paragraph("", "", classes=["policy-feed-link"])
        paragraph += nodes.reference(text, text, refuri=feed_link)
        heads = list(doctree.findall(lambda node: isinstance(node, nodes.container) and "policy-head" in node["classes"]))
        if heads:
            heads[0] += paragraph


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    domain = _domain(app.env)
    policy = domain.policies.get(pagename)
    tags: list[str] = []
    pathto = context["pathto"]
    if policy is not None:
        page_url = _page_url(app, pagename)
        graph = jsonld.policy_graph(policy, page_url, _feed_url(app, policy["id"]))
        tags.append(jsonld.script_element(graph))
        tags.append(
            f'<link rel="alternate" type="application/json" href="{_attribute(pathto(_feed_path(policy["id"]), resource=True))}">'
        )
        own_file = posixpath.basename(app.builder.get_target_uri(pagename))
        tags.append(f'<link rel="privacy-policy" href="{_attribute(own_file)}">')
    else:
        site_policy = PolicyConfig.from_sphinx(app.config).site_policy
        for docname, candidate in sorted(domain.policies.items()):
            if candidate["id"] == site_policy:
                tags.append(f'<link rel="privacy-policy" href="{_attribute(pathto(docname))}">')
    if tags:
        context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags) + "\n"


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    domain = _domain(app.env)
    if exception is not None or app.builder.format != "html" or domain.all_errors():
        return  # write nothing after a failed build: the last good feeds stay
    language = app.config.language or "en"
    files: dict[str, tuple[dict[str, Any], str]] = {}
    policy_feeds = []
    for docname, policy in sorted(domain.policies.items()):
        feed = feeds.policy_feed(policy, _page_url(app, docname), _feed_url(app, policy["id"]))
        policy_feeds.append(feed)
        files[_feed_path(policy["id"])] = (feed, "policy.schema.json")
    files["feeds/index.json"] = (feeds.index_feed(language, policy_feeds), "index.schema.json")
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
    for name, default in defaults().items():
        app.add_config_value(f"policy_{name}", default, "env", types=(str, type(None)))
    app.add_domain(PolicyDomain)
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_message_catalog(words.CATALOG, str(words.LOCALE_DIR))
    app.connect("config-inited", _on_config_inited)
    app.connect("env-updated", _on_env_updated)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _on_build_finished)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
