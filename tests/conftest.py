"""Shared fixtures: Sphinx test roots (sphinx.testing) and one build of the real site."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sphinx.application import Sphinx

pytest_plugins = ["sphinx.testing.fixtures"]

PROJECT = Path(__file__).resolve().parent.parent
DOCS = PROJECT / "docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in tests/roots/test-<name>/ (the sphinx.testing convention)."""
    return Path(__file__).resolve().parent / "roots"


@dataclass(frozen=True)
class BuiltSite:
    html: Path  # the English output, docs/_build/html/en in a real build
    warnings: str


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real site (docs/) built once, from scratch, into a temporary folder."""
    base = tmp_path_factory.mktemp("site")
    warnings = io.StringIO()
    app = Sphinx(
        srcdir=DOCS,
        confdir=DOCS,
        outdir=base / "en",
        doctreedir=base / ".doctrees",
        buildername="html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    assert app.statuscode == 0, warnings.getvalue()
    return BuiltSite(html=base / "en", warnings=warnings.getvalue())


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
