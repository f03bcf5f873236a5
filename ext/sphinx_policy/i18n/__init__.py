"""Languages: the extension's own words and catalogs, ``.po`` checks, links between languages.

Reader text is translated by Sphinx's own i18n transform before the records are
made, so the records are already in the build's language.  This part adds what
Sphinx does not do: the extension's catalog (compiled per build language), strict
checks of the site's ``.po`` files, the language switcher with hreflang links,
and docutils' labels for Norwegian.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import locale as sphinx_locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import init as init_locale
from sphinx.util import logging

from sphinx_policy import model
from sphinx_policy.publishing.html import add_head_tags
from sphinx_policy.source import INPUT_PROBLEMS
from sphinx_policy.source.config import PolicyConfig
from sphinx_policy.source.domain import PolicyDomain
from sphinx_policy.source.problems import PolicyBuildError, report_problems

from . import catalogs, docutils_nb, interface, languages, words

logger = logging.getLogger(__name__)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    """Compile the extension's words for the build language and load them.

    The catalog ships as .po; it is compiled into the build's doctree folder so
    that an installed package is never written to.  Done on config-inited so
    that a language given on the command line (-D language=nb) is the one used.
    """
    language = config.language or "en"
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
    interface.install(app, config, locale_dir)


def _catalog_dirs(app: Sphinx) -> list[Path]:
    language = app.config.language or "en"
    return [Path(app.srcdir) / locale_dir / language / "LC_MESSAGES" for locale_dir in app.config.locale_dirs]


def _on_builder_inited(app: Sphinx) -> None:
    """Check the build language's .po files before Sphinx compiles and reads them.

    A catalog Sphinx cannot read (a NUL byte, another charset, a plural expression
    that is code) would end the build in a crash report, and a .mo that does not
    match its .po (stale, or damaged, but newer) would be used as it is: so a broken
    .po stops the build here with its lines, and a mismatched .mo is compiled again.
    """
    problems: list[model.InputError] = []
    for catalog_dir in _catalog_dirs(app):
        if not catalog_dir.is_dir():
            continue
        for problem in catalogs.check_catalogs(catalog_dir):
            problems.append(
                {"source": str(problem.path), "line": problem.line, "message": problem.message, "code": "translation"}
            )
        if not problems:
            for mo_path in catalogs.refresh_compiled(catalog_dir):
                logger.info("sphinx-policy: compiled %s again: it did not match its .po file", mo_path)
    if problems:
        report_problems(problems)


def _translation_problems(app: Sphinx, domain: PolicyDomain) -> list[model.InputError]:
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
    return problems  # the catalogs themselves are checked before reading (builder-inited)


def _on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Every page links to itself in the site's other languages."""
    config = PolicyConfig.from_sphinx(app.config)
    site_languages = config.languages
    if not site_languages or "body" not in context:
        return
    target_uri = app.builder.get_target_uri(pagename)
    folder = config.language_folder
    add_head_tags(context, languages.hreflang_links(pagename, target_uri, site_languages, config.site_url, folder))
    language = app.config.language or "en"
    context["body"] = languages.switcher(pagename, target_uri, site_languages, language, folder) + context["body"]


def setup(app: Sphinx) -> None:
    docutils_nb.register()
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect(INPUT_PROBLEMS, _translation_problems)
    # After the outputs' head tags (priority 500), as the alternates come last in <head>.
    app.connect("html-page-context", _on_html_page_context, priority=700)
