"""Shared fixtures: Sphinx test roots (sphinx.testing) and one build of the real site."""

from __future__ import annotations

import io
import json
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


def build_language(source: Path, root: Path, language: str) -> str:
    """One language of a site, built from scratch as `nox -s site` does; returns the warnings."""
    warnings = io.StringIO()
    # docutils_namespace keeps one build's directives and roles out of the next,
    # as sphinx-build does for its single build.
    # Sphinx keeps translation catalogs in a process-wide registry; sphinx-build
    # starts each build with it empty, and so must a test that builds in-process.
    sphinx.locale.translators.clear()
    with docutils_namespace():
        app = Sphinx(
            srcdir=source,
            confdir=source,
            outdir=root / language,
            doctreedir=root / ".doctrees" / language,
            buildername="html",
            status=None,
            warning=warnings,
            freshenv=True,
            confoverrides={"language": language},
        )
        app.build()
    assert app.statuscode == 0, warnings.getvalue()
    return warnings.getvalue()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site (docs/) in every language, built once, from scratch, into a temporary folder."""
    root = tmp_path_factory.mktemp("site")
    warnings = {language: build_language(DOCS, root, language) for language in LANGUAGES}
    write_root(root, list(LANGUAGES))
    return BuiltSite(root=root, warnings=warnings)


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
