"""Shared fixtures: Sphinx test roots (sphinx.testing) and one build of the real site."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sphinx.locale
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from sphinx_policy.site import write_root

pytest_plugins = ["sphinx.testing.fixtures"]

PROJECT = Path(__file__).resolve().parent.parent
DOCS = PROJECT / "docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in tests/roots/test-<name>/ (the sphinx.testing convention)."""
    return Path(__file__).resolve().parent / "roots"


LANGUAGES = ("en", "nb", "sv")


@dataclass(frozen=True)
class BuiltSite:
    root: Path  # holds one folder per language, as docs/_build/html/ does
    warnings: dict[str, str]

    @property
    def html(self) -> Path:
        """The English output, docs/_build/html/en in a real build."""
        return self.root / "en"

    def language(self, code: str) -> Path:
        return self.root / code


@dataclass(frozen=True)
class BuildResult:
    app: Any  # the Sphinx application; None when the build stopped before it was made
    status: int  # what sphinx-build would exit with
    warnings: str  # the warning stream, without colour codes


def run_sphinx(
    source: Path,
    outdir: Path,
    doctreedir: Path,
    buildername: str = "html",
    *,
    confoverrides: dict[str, Any] | None = None,
    warningiserror: bool = False,
) -> BuildResult:
    """One build from scratch in this process, as sphinx-build runs it."""
    warnings = io.StringIO()
    # Sphinx keeps translation catalogs in a process-wide registry; sphinx-build
    # starts each build with it empty, and so must a test that builds in-process.
    sphinx.locale.translators.clear()
    # docutils_namespace keeps one build's directives and roles out of the next.
    with docutils_namespace():
        try:
            app = _sphinx(source, outdir, doctreedir, buildername, warnings, confoverrides, warningiserror)
        except SystemExit as stop:  # a wrong setting or a broken catalog stops the build before it starts
            return BuildResult(None, int(stop.code or 0), re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue()))
        try:
            app.build()
            status = app.statuscode
        except SystemExit as stop:  # a policy source error ends the build this way
            status = int(stop.code or 0)
    return BuildResult(app, status, re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue()))


def _sphinx(
    source: Path,
    outdir: Path,
    doctreedir: Path,
    buildername: str,
    warnings: io.StringIO,
    confoverrides: dict[str, Any] | None,
    warningiserror: bool,
) -> Sphinx:
    return Sphinx(
        srcdir=source,
        confdir=source,
        outdir=outdir,
        doctreedir=doctreedir,
        buildername=buildername,
        status=None,
        warning=warnings,
        freshenv=True,
        confoverrides=confoverrides or {},
        warningiserror=warningiserror,
    )


def build_language(source: Path, root: Path, language: str) -> str:
    """One language of a site, built from scratch as `nox -s site` does; returns the warnings."""
    result = run_sphinx(source, root / language, root / ".doctrees" / language, confoverrides={"language": language})
    assert result.status == 0, result.warnings
    return result.warnings


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site (docs/) in every language, built once, from scratch, into a temporary folder."""
    root = tmp_path_factory.mktemp("site")
    warnings = {language: build_language(DOCS, root, language) for language in LANGUAGES}
    write_root(root, list(LANGUAGES))
    return BuiltSite(root=root, warnings=warnings)


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
