"""Every task a person runs on sphinx-policy: `nox -s site`, `tests`, `lint`, `audit`, `ropa`, `live`, `bench`."""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["site", "tests"]
nox.options.reuse_existing_virtualenvs = True

PROJECT = Path(__file__).resolve().parent
DOCS = PROJECT / "docs"
BUILD = DOCS / "_build"
LANGUAGES = ("en", "nb", "sv")  # keep in step with policy_languages in docs/conf.py
SOURCE_LANGUAGE = "en"
PYTHON = False if os.environ.get("NOX_USE_CURRENT_PYTHON") else None


def _install(session: nox.Session, *groups: str, extras: str = "site") -> None:
    """The project, editable, with its extras and the dependency groups of pyproject.toml."""
    arguments = ["-e", f".[{extras}]"]
    for group in groups:
        arguments += ["--group", group]
    session.install("--upgrade", "pip>=25.1")  # pip 25.1 reads [dependency-groups]
    session.install(*arguments)


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """Build the whole site, every language, into docs/_build/html/ and print what it published."""
    _install(session)
    session.run("python", "-m", "sphinx_policy.site", str(DOCS), str(BUILD / "html"), *session.posargs)


@nox.session(python=PYTHON)
def ropa(session: nox.Session) -> None:
    """The record of processing activities (GDPR Art. 30) of every policy, per language, for internal use.

    Writes docs/_build/ropa/<lang>/<policy-id>.csv, .xlsx and .html, outside the
    published site, and warns (file:line) about every Art. 30(1) item a policy's
    declarations do not give.
    """
    _install(session, extras="site,ropa")
    for language in LANGUAGES:
        session.run(
            "python",
            "-m",
            "sphinx",
            "--builder",
            "ropa",
            "--quiet",
            "--define",
            f"language={language}",
            "--doctree-dir",
            str(BUILD / "doctrees-ropa" / language),
            str(DOCS),
            str(BUILD / "ropa" / language),
            *session.posargs,
        )
        session.log(f"[{language}] record of processing activities in {BUILD / 'ropa' / language}")


@nox.session(python=PYTHON)
def translations(session: nox.Session) -> None:
    """Extract messages, update every language's .po files and print coverage per document."""
    _install(session, "dev")
    languages = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
    session.run("sphinx-build", "-q", "-b", "gettext", str(DOCS), str(BUILD / "gettext"))
    language_flags = [flag for language in languages for flag in ("-l", language)]
    session.run("sphinx-intl", "update", "-p", str(BUILD / "gettext"), "-d", str(DOCS / "locales"), *language_flags)
    # The extension's own words (table headings, categories, lifetimes) have their own catalog.
    own = PROJECT / "ext" / "sphinx_policy" / "locales"
    pot = own / "sphinx_policy.pot"
    session.run(
        "pybabel",
        "extract",
        "--no-location",
        "--omit-header",
        "--sort-output",
        "-k",
        "_",
        "-k",
        "ngettext:1,2",
        "-o",
        str(pot),
        str(PROJECT / "ext" / "sphinx_policy"),
    )
    for language in languages:
        po = own / language / "LC_MESSAGES" / "sphinx_policy.po"
        command = "update" if po.exists() else "init"
        session.run("pybabel", command, "-D", "sphinx_policy", "-i", str(pot), "-d", str(own), "-l", language)
    session.run(
        "python",
        "-m",
        "sphinx_policy.i18n.coverage",
        *[flag for language in languages for flag in ("--language", language)],
        str(DOCS / "locales"),
        str(own),
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the whole suite, browser tests included (they fail, never skip, without Chromium)."""
    _install(session, "test")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict on the extension."""
    _install(session, "dev")
    session.run("ruff", "check", "ext", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "ext")
    session.run("mypy")


@nox.session(python=PYTHON)
def audit(session: nox.Session) -> None:
    """Audit the built site's demo pages in Chromium (build it first: `nox -s site`); results under its audit/."""
    session.install("--upgrade", "pip>=25.1")
    session.install("-e", ".[site,audit]", "--group", "test")
    session.run("python", "-m", "sphinx_policy.audit", str(BUILD / "html"), *session.posargs)


@nox.session(python=PYTHON)
def serve(session: nox.Session) -> None:
    """Serve the built site on http://127.0.0.1:8000/ with the headers a host sends (build it first: `nox -s site`)."""
    _install(session)
    session.run("python", "-m", "sphinx_policy.hosting.serve", str(BUILD / "html"), *session.posargs)


@nox.session(python=PYTHON)
def live(session: nox.Session) -> None:
    """Live preview of one language: `nox -s live` (English) or `nox -s live -- nb`; rebuilds on every change."""
    _install(session, "live")
    language = session.posargs[0] if session.posargs else SOURCE_LANGUAGE
    session.run("python", "-m", "sphinx_policy.hosting.live", str(DOCS), "--language", language)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks: overhead, sphinx-needs, scale, incremental, consent payload; writes docs/benchmarks.md."""
    _install(session, "test")
    session.install("sphinx-needs")
    session.run(
        "python",
        "-m",
        "benchmarks.run",
        "--report",
        str(DOCS / "benchmarks.json"),  # committed beside the page, so a later run can --update it
        "--page",
        str(DOCS / "benchmarks.md"),
        *session.posargs,
    )
