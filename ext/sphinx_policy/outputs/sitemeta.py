"""Site-level metadata: rel="privacy-policy", Open Graph tags, a sitemap with hreflang alternates, gpc.json.

Absolute URLs need the site's address: ``policy_site_url`` in conf.py, the URL of
the folder that holds the language folders (``https://example.org/``).
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_policy.publishing import GENERATED_PAGES, addresses
from sphinx_policy.publishing.addresses import page_url
from sphinx_policy.publishing.files import write_atomically
from sphinx_policy.publishing.html import PAGE_DESCRIPTION, add_head_tags, attribute
from sphinx_policy.publishing.xml import xml_text
from sphinx_policy.source.config import PolicyConfig
from sphinx_policy.source.domain import policy_domain

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

# Open Graph wants a territory with the language; these are the usual ones.
_OG_LOCALES = {"en": "en_GB", "nb": "nb_NO", "nn": "nn_NO", "sv": "sv_SE", "da": "da_DK", "fi": "fi_FI", "de": "de_DE"}


def og_locale(language: str) -> str:
    return _OG_LOCALES.get(language, language.replace("-", "_"))


def open_graph(
    title: str, site_name: str, language: str, languages: tuple[str, ...], url: str | None, description: str
) -> list[str]:
    tags = [
        ("og:type", "website"),
        ("og:title", title),
        ("og:site_name", site_name),
        ("og:locale", og_locale(language)),
    ]
    tags.extend(("og:locale:alternate", og_locale(code)) for code in languages if code != language)
    if url:
        tags.append(("og:url", url))
    if description:
        tags.append(("og:description", description))
    return [f'<meta property="{escape(name)}" content="{escape(value)}">' for name, value in tags]


def sitemap(
    pages: list[str], site_url: str, language: str, languages: tuple[str, ...], template: str = "{language}"
) -> bytes:
    """One <url> per page of this language, with its alternates in every language."""
    ElementTree.register_namespace("", SITEMAP_NAMESPACE)
    ElementTree.register_namespace("xhtml", XHTML_NAMESPACE)
    urlset = ElementTree.Element(f"{{{SITEMAP_NAMESPACE}}}urlset")
    for target_uri in sorted(pages):
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NAMESPACE}}}url")
        location = ElementTree.SubElement(url, f"{{{SITEMAP_NAMESPACE}}}loc")
        location.text = xml_text(page_url(site_url, language, target_uri, languages, template) or "")
        for code in languages:
            ElementTree.SubElement(
                url,
                f"{{{XHTML_NAMESPACE}}}link",
                {
                    "rel": "alternate",
                    "hreflang": xml_text(code),
                    "href": xml_text(page_url(site_url, code, target_uri, languages, template) or ""),
                },
            )
    ElementTree.indent(urlset)
    text: bytes = ElementTree.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def sitemap_index(site_url: str, languages: list[str]) -> bytes:
    ElementTree.register_namespace("", SITEMAP_NAMESPACE)
    index = ElementTree.Element(f"{{{SITEMAP_NAMESPACE}}}sitemapindex")
    root = site_url if site_url.endswith("/") else site_url + "/"
    for code in languages:
        entry = ElementTree.SubElement(index, f"{{{SITEMAP_NAMESPACE}}}sitemap")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NAMESPACE}}}loc").text = xml_text(f"{root}{code}/sitemap.xml")
    ElementTree.indent(index)
    text: bytes = ElementTree.tostring(index, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def gpc_json() -> bytes:
    """/.well-known/gpc.json: the site honours Global Privacy Control signals."""
    return (json.dumps({"gpc": True}, sort_keys=True) + "\n").encode("utf-8")


def _privacy_policy_link(app: Sphinx, pagename: str, pathto: Any) -> list[str]:
    """Policy pages link to themselves; every other page (but a demo) to the site's own policy."""
    domain = policy_domain(app.env)
    if pagename in domain.policies:
        own_file = posixpath.basename(app.builder.get_target_uri(pagename))
        return [f'<link rel="privacy-policy" href="{attribute(own_file)}">']
    if pagename.startswith(addresses.DEMO_FOLDER + "/"):  # a demo links its own policy
        return []
    site_policy = PolicyConfig.from_sphinx(app.config).site_policy
    return [
        f'<link rel="privacy-policy" href="{attribute(pathto(docname))}">'
        for docname, candidate in sorted(domain.policies.items())
        if candidate["id"] == site_policy
    ]


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    policy = policy_domain(app.env).policies.get(pagename)
    config = PolicyConfig.from_sphinx(app.config)
    language = app.config.language or "en"
    title = html.unescape(re.sub(r"<[^>]+>", "", str(context.get("title") or ""))) or app.config.project
    target = app.builder.get_target_uri(pagename)
    url = page_url(config.site_url, language, target, config.languages, config.language_folder)
    if url:
        context["pageurl"] = url  # the theme's rel="canonical": absolute, in this language's folder
    description = _description(context, doctree, policy["description"] if policy is not None else "") or title
    tags = _privacy_policy_link(app, pagename, context["pathto"])
    tags.append(f'<meta name="description" content="{escape(description)}">')
    tags += open_graph(
        title,
        app.config.project,
        language,
        config.languages,
        url,
        policy["description"][:300] if policy is not None else "",
    )
    add_head_tags(context, tags)


DESCRIPTION_LENGTH = 160  # what search engines show of a description


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _description(context: dict[str, Any], doctree: nodes.document | None, policy_description: str) -> str:
    """A policy page's introduction; a generated page's own summary; else the page's first paragraph."""
    if policy_description:
        return _shortened(policy_description.split("\n\n")[0])
    if context.get(PAGE_DESCRIPTION):
        return _shortened(str(context[PAGE_DESCRIPTION]))
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            if paragraph.astext().strip():
                return _shortened(paragraph.astext())
    return ""


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    config = PolicyConfig.from_sphinx(app.config)
    outdir = Path(app.outdir)
    if config.site_url:
        domain = policy_domain(app.env)
        generated = [name for names in app.emit(GENERATED_PAGES, domain) for name in names]
        pages = [app.builder.get_target_uri(name) for name in sorted(app.env.found_docs)]
        pages += [app.builder.get_target_uri(name) for name in generated]
        language = app.config.language or "en"
        content = sitemap(pages, config.site_url, language, config.languages, config.language_folder)
        write_atomically(outdir / "sitemap.xml", content)
    if config.gpc:
        write_atomically(outdir / ".well-known" / "gpc.json", gpc_json())


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _on_html_page_context)
    app.connect("build-finished", _on_build_finished)
