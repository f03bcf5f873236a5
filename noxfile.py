"""Every task a person runs on sphinx-policy: `nox -s site`, `nox -s tests`, `nox -s lint`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["site", "tests"]
nox.options.reuse_existing_virtualenvs = True

PROJECT = Path(__file__).resolve().parent
DOCS = PROJECT / "docs"
BUILD = DOCS / "_build"
LANGUAGES = ("en",)
PYTHON = False if os.environ.get("NOX_USE_CURRENT_PYTHON") else None


def _install(session: nox.Session, *groups: str) -> None:
    """The project, editable, with the dependency groups of pyproject.toml."""
    arguments = ["-e", ".[site]"]
    for group in groups:
        arguments += ["--group", group]
    session.install("--upgrade", "pip>=25.1")  # pip 25.1 reads [dependency-groups]
    session.install(*arguments)


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """Build the whole site into docs/_build/html/<lang>/ and print what it published."""
    _install(session)
    for language in LANGUAGES:
        session.run(
            "sphinx-build", "--fail-on-warning", "--keep-going", "-q", "-b", "html",
            "-D", f"language={language}",
            "-d", str(BUILD / "doctrees" / language),
            str(DOCS), str(BUILD / "html" / language),
        )
    session.log(_summary())


def _summary() -> str:
    lines = ["", "sphinx-policy site summary", "=========================="]
    for language in LANGUAGES:
        root = BUILD / "html" / language
        index = json.loads((root / "feeds" / "index.json").read_text(encoding="utf-8"))
        lines.append(f"[{language}] {len(index['policies'])} policies, feeds validated in {root / 'feeds'}")
        for entry in index["policies"]:
            feed = json.loads((root / entry["feed_url"]).read_text(encoding="utf-8"))
            lines.append(
                f"  {entry['id']:<12} version {entry['version']:<11} "
                f"{len(feed['activities'])} activities, {len(feed['cookies'])} cookies, "
                f"{len(feed['recipients'])} recipients -> {entry['url']}"
            )
    lines.append("warnings: 0 (the build fails on any warning)")
    return "\n".join(lines)


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
def serve(session: nox.Session) -> None:
    """Serve the built site on http://127.0.0.1:8000/ (build it first with `nox -s site`)."""
    session.run("python", "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(BUILD / "html"), "8000")
