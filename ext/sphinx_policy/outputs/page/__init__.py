"""The policy page: declarations rendered as readable HTML, with links to the policy's other outputs.

On ``doctree-resolved`` the declaration nodes become sections, tables and field
lists in the page's language (``rendering``); the policy's head gets a line of
links that the other outputs contribute through the ``policy-head-links`` event
(feed, transparency report, consent demo), so this part knows none of them.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_policy.publishing import HEAD_LINKS
from sphinx_policy.source.domain import policy_domain

from .rendering import render_policy_nodes

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"


def _on_builder_inited(app: Sphinx) -> None:
    """The package's browser code and styles go to HTML builders only."""
    if app.builder.format != "html":
        return
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
    app.add_css_file("policy.css")


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name == "gettext":
        return  # the gettext builder needs the reader's text, not our words
    domain = policy_domain(app.env)
    render_policy_nodes(domain, docname, doctree, app.config.language or "en")
    policy = domain.policies.get(docname)
    if policy is None or app.builder.format != "html":
        return
    page_folder = posixpath.dirname(app.builder.get_target_uri(docname)) or "."
    paragraph = nodes.paragraph("", "", classes=["policy-feed-link"])
    links = [link for contributed in app.emit(HEAD_LINKS, docname, policy) for link in contributed]
    for position, (text, target) in enumerate(links):
        if position:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.reference(text, text, refuri=posixpath.relpath(target, page_folder))
    for head in doctree.findall(nodes.container):
        if "policy-head" in head["classes"]:
            head += paragraph
            break


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """A policy page's source is never copied to ``_sources/``, whatever ``html_copy_source`` says.

    The source holds the internal options (security measures, owners, assessment
    references) that no public file may contain.  The HTML builder copies a page's
    source only when the context names it (``sourcename``), and the theme shows
    the "show source" link only then, so an empty name stops both.
    """
    if pagename in policy_domain(app.env).policies:
        context["sourcename"] = ""


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("html-page-context", _on_html_page_context)
