"""The data map on each policy page: an SVG picture of where the data goes, with a table of the same flows.

Drawn at build time from the page's record (``drawing``), in the page's language,
as inline SVG with no script and no inline style, so it shows under the site's
strict Content-Security-Policy; its colours are in ``static/policy-datamap.css``.
It goes before the policy's first section, after the text under the title.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_policy.source.domain import policy_domain

from .drawing import data_map_html

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
STYLESHEET = "policy-datamap.css"


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    # The package's static folder may already be added by the page part; once is enough.
    if str(STATIC_DIR) not in [str(path) for path in app.config.html_static_path]:
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
    app.add_css_file(STYLESHEET)


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    policy = policy_domain(app.env).policies.get(docname)
    if policy is None or not policy["activities"]:
        return
    taken = {identifier for node in doctree.findall(nodes.Element) for identifier in node["ids"]}
    picture = nodes.raw("", data_map_html(policy, app.config.language or "en", taken), format="html")
    title_section = next(iter(doctree.findall(nodes.section)), None)
    if title_section is None:
        doctree += picture
        return
    first_subsection = next((child for child in title_section.children if isinstance(child, nodes.section)), None)
    if first_subsection is None:
        title_section += picture
    else:
        title_section.insert(title_section.index(first_subsection), picture)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("doctree-resolved", _on_doctree_resolved)
