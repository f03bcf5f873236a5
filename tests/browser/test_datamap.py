"""The data map in a real Chromium: shown under the strict CSP, accessible with its table open."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import STRICT_CSP
from tests.browser.test_consent import AXE_SOURCE, AXE_TAGS, RUN_AXE

# test_consent runs axe on the whole of every policy page with the table closed; here it
# checks the pictures, with the table open, so it looks at them alone (much faster).
RUN_AXE_ON_PICTURES = RUN_AXE.replace(
    "axe.run(document,", "axe.run({ include: [['.policy-data-map'], ['.policy-chart']] },"
)
assert RUN_AXE_ON_PICTURES != RUN_AXE

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "nb", "sv")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_map_shows_under_the_strict_csp_and_axe_finds_nothing(
    browser: Browser, csp_site: str, site: Any, language: str
) -> None:
    pages = sorted(path.name for path in (site.root / language / "policies").glob("*.html"))
    assert len(pages) == 5, pages
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
    found: dict[str, list[str]] = {}
    for name in [*pages, "../transparency/index.html"]:
        response = page.goto(f"{csp_site}{language}/policies/{name}")
        assert response is not None and STRICT_CSP in str(response.headers.get("content-security-policy"))
        picture = page.locator(".policy-data-map svg, .policy-chart svg").first
        box = picture.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 50, name
        # Styled from the stylesheet (not inline): a band of the map or a bar of the chart has its colour.
        filled = page.evaluate(
            "() => { const shape = document.querySelector('.pdm-band-alternate, .policy-chart rect');"
            " return shape ? getComputedStyle(shape).fill : null; }"
        )
        assert filled not in (None, "none", ""), name
        details = page.locator(".policy-data-map details")
        if details.count():
            details.locator("summary").click()
            assert page.locator(".policy-data-map details table").is_visible()
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
        result = page.evaluate(RUN_AXE_ON_PICTURES, AXE_TAGS)
        assert result["passes"] > 0, "axe-core checked nothing"
        if result["violations"]:
            found[name] = [f"{violation['id']}: {violation['nodes'][:3]}" for violation in result["violations"]]
    context.close()
    assert found == {}, found
    assert refused == [], refused[:5]
