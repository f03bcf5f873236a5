"""The theme's and Sphinx's interface words ("Skip to content", "Link to this heading", search
texts) in the build language, where neither furo nor Sphinx ships them.

Furo ships no catalog, and Sphinx's "nb" catalog is empty (its Bokmål words are
under "nb_NO").  The extension's ``locales/<lang>/LC_MESSAGES/sphinx.po`` holds
the missing words; on ``config-inited`` they are compiled beside the extension's
own catalog (never into the installed package) and added behind Sphinx's own
words, so a word Sphinx translates keeps Sphinx's translation.  The search page's
words live in Sphinx's ``sphinx.js``: a copy with the missing ones filled in is
written there too, and that folder joins ``locale_dirs`` so the HTML builder
publishes it as ``translations.js``.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import sphinx
from babel.messages.pofile import read_po
from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx
from sphinx.config import Config

from . import catalogs, words

CATALOG = "sphinx"
SPHINX_LOCALES = Path(sphinx.__file__).parent / "locale"
# Sphinx's catalog for a language, where it ships it under a longer name.
SPHINX_ALIASES = {"nb": "nb_NO"}
_JS = re.compile(r"Documentation\.addTranslations\((.*)\);?\s*\Z", re.S)


def _po_path(language: str) -> Path:
    return words.LOCALE_DIR / language / "LC_MESSAGES" / f"{CATALOG}.po"


def install(app: Sphinx, config: Config, locale_dir: Path) -> None:
    """Add the extension's interface words for the build language behind Sphinx's own."""
    language = config.language or "en"
    po_path = _po_path(language)
    if not po_path.is_file():
        return
    mo_path = locale_dir / language / "LC_MESSAGES" / f"{CATALOG}.mo"
    if not mo_path.is_file() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
        catalogs.compile_catalog(po_path, mo_path)
    fallbacks: list[gettext.NullTranslations] = []
    if language in SPHINX_ALIASES:
        fallbacks.append(gettext.translation(CATALOG, SPHINX_LOCALES, [SPHINX_ALIASES[language]], fallback=True))
    fallbacks.append(gettext.translation(CATALOG, locale_dir, [language]))
    translator = sphinx_locale.translators.get(("general", CATALOG))
    if getattr(translator, "policy_interface", None) != language:
        if translator is None or type(translator) is gettext.NullTranslations:
            translator = fallbacks.pop(0)
        for fallback in fallbacks:
            translator.add_fallback(fallback)
        translator.policy_interface = language  # type: ignore[attr-defined]
        sphinx_locale.translators["general", CATALOG] = translator
    assert translator is not None
    app.translator = translator
    _write_search_words(language, po_path, locale_dir / language / "LC_MESSAGES" / "sphinx.js")
    if str(locale_dir) not in config.locale_dirs:
        config.locale_dirs = [*config.locale_dirs, str(locale_dir)]


def _sphinx_js(language: str) -> dict[str, object]:
    path = SPHINX_LOCALES / language / "LC_MESSAGES" / "sphinx.js"
    if not path.is_file():
        return {"messages": {}, "locale": language, "plural_expr": "(n != 1)"}
    match = _JS.search(path.read_text(encoding="utf-8"))
    document: dict[str, object] = json.loads(match.group(1)) if match else {"messages": {}}
    return document


def _empty(value: object) -> bool:
    """An untranslated entry: missing, empty, or a plural with an empty form."""
    if isinstance(value, (list, tuple)):
        return not value or not all(value)
    return not value


def _write_search_words(language: str, po_path: Path, target: Path) -> None:
    """Sphinx's search words for the language, with the ones it leaves empty filled in."""
    document = _sphinx_js(language)
    messages: dict[str, object] = dict(document.get("messages", {}))  # type: ignore[call-overload]
    alias = SPHINX_ALIASES.get(language)
    fills: list[dict[str, object]] = []
    if alias:
        fills.append(dict(_sphinx_js(alias).get("messages", {})))  # type: ignore[call-overload]
    with po_path.open("rb") as handle:
        own = read_po(handle)
    fills.append(
        {str(message.id[0] if isinstance(message.id, (tuple, list)) else message.id): message.string for message in own}
    )
    for key, value in list(messages.items()):
        if not _empty(value):
            continue
        for fill in fills:
            found = fill.get(key)
            if not _empty(found):
                messages[key] = list(found) if isinstance(found, (list, tuple)) else found
                break
    document["messages"] = messages
    text = "Documentation.addTranslations(" + json.dumps(document, ensure_ascii=False, sort_keys=True) + ");\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
