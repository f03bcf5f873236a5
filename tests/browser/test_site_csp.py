"""Every page of the site, in every language, under Content-Security-Policy: default-src 'self'."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_every_page_runs_without_inline_code_or_errors(browser: Browser, csp_site: str, site: Any) -> None:
    base, root = csp_site, site.root
    # Fragments (fragments/<id>/<version>.html) are text for other sites to embed, not pages: opened
    # on their own, a browser asks for /favicon.ico, which the site does not have.
    pages = sorted(
        str(path.relative_to(root))
        for language in ("en", "nb", "sv")
        for path in (root / language).glob("**/*.html")
        if path.relative_to(root / language).parts[0] != "fragments"
    )
    pages.append("index.html")
    assert len(pages) > 40
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda message: problems.append(f"{page.url}: {message.text}") if message.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on(
        "response",
        lambda response: problems.append(f"{response.url}: {response.status}") if response.status >= 400 else None,
    )
    for relative in pages:
        page.goto(base + relative)
        page.wait_for_load_state("load")
    context.close()
    assert problems == [], "\n".join(problems[:5])


def test_search_works_in_norwegian(browser: Browser, csp_site: str) -> None:
    """Sphinx's search (and its translated plural rule) runs without eval."""
    base = csp_site
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(base + "nb/search.html?q=informasjonskapsler")
    page.locator("ul.search li").first.wait_for()
    assert page.locator("ul.search li").count() >= 1
    assert page.evaluate("Documentation.LOCALE") == "nb"
    assert errors == []
    context.close()


def test_theme_keeps_working_without_inline_script(browser: Browser, csp_site: str) -> None:
    """furo's theme choice and icons come from files: the toggle shows and switches."""
    base = csp_site
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(base + "en/policies/weme.html")
    assert page.evaluate("document.body.dataset.theme") == "auto"
    toggle = page.locator(".theme-toggle-content .theme-toggle")
    toggle.click()
    assert page.evaluate("document.body.dataset.theme") in ("light", "dark")
    search_icon = page.evaluate(
        "getComputedStyle(document.querySelector('.sidebar-search-container'), '::before').maskImage"
    )
    assert "policy-icons/search.svg" in search_icon
    context.close()
