"""Site-level metadata: Open Graph tags, a sitemap with hreflang alternates, gpc.json.

Absolute URLs need the site's address: ``policy_site_url`` in conf.py, the URL of
the folder that holds the language folders (``https://example.org/``).
"""

from __future__ import annotations

import json
from html import escape
from xml.etree import ElementTree

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

# Open Graph wants a territory with the language; these are the usual ones.
_OG_LOCALES = {"en": "en_GB", "nb": "nb_NO", "nn": "nn_NO", "sv": "sv_SE", "da": "da_DK", "fi": "fi_FI", "de": "de_DE"}


def og_locale(language: str) -> str:
    return _OG_LOCALES.get(language, language.replace("-", "_"))


def page_url(site_url: str | None, language: str, target_uri: str, languages: tuple[str, ...]) -> str | None:
    if not site_url:
        return None
    root = site_url if site_url.endswith("/") else site_url + "/"
    return f"{root}{language}/{target_uri}" if languages else f"{root}{target_uri}"


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


def sitemap(pages: list[str], site_url: str, language: str, languages: tuple[str, ...]) -> bytes:
    """One <url> per page of this language, with its alternates in every language."""
    ElementTree.register_namespace("", SITEMAP_NAMESPACE)
    ElementTree.register_namespace("xhtml", XHTML_NAMESPACE)
    urlset = ElementTree.Element(f"{{{SITEMAP_NAMESPACE}}}urlset")
    for target_uri in sorted(pages):
        url = ElementTree.SubElement(urlset, f"{{{SITEMAP_NAMESPACE}}}url")
        location = ElementTree.SubElement(url, f"{{{SITEMAP_NAMESPACE}}}loc")
        location.text = page_url(site_url, language, target_uri, languages)
        for code in languages:
            ElementTree.SubElement(
                url,
                f"{{{XHTML_NAMESPACE}}}link",
                {
                    "rel": "alternate",
                    "hreflang": code,
                    "href": page_url(site_url, code, target_uri, languages) or "",
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
        ElementTree.SubElement(entry, f"{{{SITEMAP_NAMESPACE}}}loc").text = f"{root}{code}/sitemap.xml"
    ElementTree.indent(index)
    text: bytes = ElementTree.tostring(index, encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def gpc_json() -> bytes:
    """/.well-known/gpc.json: the site honours Global Privacy Control signals."""
    return (json.dumps({"gpc": True}, sort_keys=True) + "\n").encode("utf-8")
