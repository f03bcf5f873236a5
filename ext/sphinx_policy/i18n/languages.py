"""Links between the languages of a site: the language switcher and hreflang alternates.

Each language is built into its own folder (``en/``, ``nb/``, ``sv/``) from the
same sources, so a page has the same path in every language and the links can
be computed without reading any other build.
"""

from __future__ import annotations

import html

from babel.core import Locale, UnknownLocaleError

from sphinx_policy.publishing.addresses import DEFAULT_LANGUAGE_FOLDER, language_folder, page_url, up_to_site_root

from . import words


def language_name(code: str) -> str:
    """A language's name in that language ('norsk bokmål'), capitalised for a menu."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return name[:1].upper() + name[1:]


def url_in_language(pagename: str, target_uri: str, language: str, template: str = DEFAULT_LANGUAGE_FOLDER) -> str:
    """The same page in another language's folder, relative to the current page."""
    return f"{up_to_site_root(pagename, template)}{language_folder(language, template)}/{target_uri}"


def hreflang_links(
    pagename: str,
    target_uri: str,
    languages: tuple[str, ...],
    site_url: str | None = None,
    template: str = DEFAULT_LANGUAGE_FOLDER,
) -> list[str]:
    """Alternates in every language; absolute when the site's address is known, as search engines want."""

    def href(code: str) -> str:
        absolute = page_url(site_url, code, target_uri, languages, template)
        return absolute or url_in_language(pagename, target_uri, code, template)

    links = [
        f'<link rel="alternate" hreflang="{html.escape(code)}" href="{html.escape(href(code))}">' for code in languages
    ]
    if languages:
        # The source language stands in for visitors whose language the site lacks.
        links.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(href(languages[0]))}">')
    return links


def switcher(
    pagename: str, target_uri: str, languages: tuple[str, ...], current: str, template: str = DEFAULT_LANGUAGE_FOLDER
) -> str:
    """A navigation list of the page in every language, the current one marked."""
    items = []
    for code in languages:
        name = html.escape(language_name(code))
        if code == current:
            items.append(f'<li><span aria-current="page" lang="{html.escape(code)}">{name}</span></li>')
        else:
            href = html.escape(url_in_language(pagename, target_uri, code, template))
            items.append(
                f'<li><a href="{href}" hreflang="{html.escape(code)}" lang="{html.escape(code)}">{name}</a></li>'
            )
    label = html.escape(words.heading("languages"))
    return f'<nav class="policy-languages" aria-label="{label}"><ul>{"".join(items)}</ul></nav>'
