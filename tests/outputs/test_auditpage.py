"""The browser audit's page: a placeholder from the build, linked from the transparency report."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests.conftest import LANGUAGES, BuiltSite

PENDING = {"en": "has not been audited in a browser yet", "nb": "er ikke revidert", "sv": "har ännu inte granskats"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_policy_with_cookies_links_its_audit_page_which_says_it_is_pending(site: BuiltSite, language: str) -> None:
    root = site.language(language)
    report = BeautifulSoup((root / "transparency" / "weme.html").read_text(encoding="utf-8"), "html.parser")
    links = [link["href"] for link in report.select("article a[href], main a[href]") if "audit/" in link["href"]]
    assert links == ["../audit/weme.html"]
    page = (root / "audit" / "weme.html").read_text(encoding="utf-8")
    assert PENDING[language] in page
    assert "nox -s audit" in page


def test_a_policy_without_cookies_has_no_audit_page(site: BuiltSite) -> None:
    report = (site.language("en") / "transparency" / "weare.html").read_text(encoding="utf-8")
    assert "audit/" not in report
    assert not (site.language("en") / "audit" / "weare.html").exists()
