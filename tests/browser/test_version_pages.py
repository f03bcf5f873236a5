"""Version pages, the redline of a change page and the notice of an announced version, in Chromium under
the strict CSP: axe-core finds nothing, and the redline is readable without colour."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from benchmarks.web import BENCH_VERSION, with_second_version
from playwright.sync_api import Browser

from tests.browser.conftest import STRICT_CSP, serve
from tests.browser.test_consent import AXE_SOURCE, AXE_TAGS, RUN_AXE
from tests.conftest import DOCS, build_language

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def two_versions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site in English, with WeMe given a second, editorial version (as the bench measures it)."""
    folder = tmp_path_factory.mktemp("two-versions")
    source = with_second_version(DOCS, folder / "docs")
    root = folder / "html"
    assert build_language(source, root, "en") == ""
    with serve(root, {"Content-Security-Policy": STRICT_CSP}) as url:
        yield url


def _violations(browser: Browser, url: str) -> tuple[list[dict[str, Any]], list[str]]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    assert result["passes"] > 0
    context.close()
    return list(result["violations"]), errors


@pytest.mark.parametrize(
    "path",
    [
        f"en/changes/weme/{BENCH_VERSION}.html",
        "en/policies/weme/2023-02-08.html",
        f"en/policies/weme/{BENCH_VERSION}.html",
        "en/policies/weme.html",
    ],
    ids=["change-page", "earlier-version", "current-version", "policy-page"],
)
def test_axe_finds_nothing_on_version_and_change_pages(browser: Browser, two_versions: str, path: str) -> None:
    violations, errors = _violations(browser, two_versions + path)
    assert violations == [] and errors == [], (violations, errors)


def test_the_redline_marks_changes_by_more_than_colour(browser: Browser, two_versions: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(two_versions + f"en/changes/weme/{BENCH_VERSION}.html")
    deleted = page.locator(".policy-redline del").first
    inserted = page.locator(".policy-redline ins").first
    assert "line-through" in deleted.evaluate("node => getComputedStyle(node).textDecorationLine")
    assert "underline" in inserted.evaluate("node => getComputedStyle(node).textDecorationLine")
    # What a screen reader reads: the words say which is which.
    # What a screen reader reads: words that say which is which, in a part that is not seen.
    assert (deleted.text_content() or "").startswith("[deleted: ")
    assert (inserted.text_content() or "").startswith("[inserted: ")
    label = page.locator(".policy-redline del .policy-visually-hidden").first
    assert label.evaluate("node => node.getBoundingClientRect().width") <= 1
    removed = " ".join(page.locator(".policy-redline del").all_text_contents())
    added = " ".join(page.locator(".policy-redline ins").all_text_contents())
    assert "care" in removed and "matters" in added, (removed, added)
    context.close()


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_axe_finds_nothing_on_the_seed_sites_version_pages(browser: Browser, site: Any, language: str) -> None:
    root = site.root
    pages = sorted(path.relative_to(root).as_posix() for path in (root / language / "policies").glob("*/*.html"))
    assert len(pages) == 5, pages  # one published version per seed policy
    with serve(root, {"Content-Security-Policy": STRICT_CSP}) as url:
        found = {}
        for path in pages:
            violations, errors = _violations(browser, url + path)
            if violations or errors:
                found[path] = (violations, errors)
    assert found == {}
