"""Every page of the site, in every language, under Content-Security-Policy: default-src 'self'."""

from __future__ import annotations

import re
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


def test_pages_are_written_as_the_theme_scripts_leave_them(site: Any) -> None:
    """No script changes the document after its first layout for a reader who chose no theme."""
    for relative in ("en/policies/weare.html", "nb/index.html", "en/authoring.html"):
        text = (site.root / relative).read_text(encoding="utf-8")
        assert re.search(r"<html lang=\"[a-z]+\" data-content_root", text), relative
        assert "no-js" not in text.split("</head>")[0]
        assert '<body data-theme="auto">' in text


@pytest.mark.parametrize("scripts", [True, False])
def test_theme_toggle_only_where_scripts_run(browser: Browser, csp_site: str, scripts: bool) -> None:
    """furo hid the toggle under <html class="no-js">; @media (scripting: none) does it now."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, java_script_enabled=scripts)
    page = context.new_page()
    page.goto(csp_site + "en/policies/weme.html")
    display = page.evaluate("getComputedStyle(document.querySelector('.theme-toggle-container')).display")
    assert (display != "none") is scripts
    context.close()


def test_a_stored_theme_choice_is_restored(browser: Browser, csp_site: str) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(csp_site + "en/policies/weme.html")
    page.evaluate("localStorage.setItem('theme', 'dark')")
    page.reload()
    assert page.evaluate("document.body.dataset.theme") == "dark"
    context.close()


def test_activities_far_down_a_long_policy_are_rendered_when_reached(browser: Browser, csp_site: str) -> None:
    """content-visibility: the browser skips the activities away from the screen, and only them."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    page.goto(csp_site + "en/policies/weare.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    activities = page.locator("div.policy-activity")
    count = activities.count()
    assert count == 31
    # An activity itself stays visible; what it holds is skipped while it is away from the screen.
    rendered = "(e) => e.firstElementChild.checkVisibility({contentVisibilityAuto: true})"
    skipped = [index for index in range(count) if not activities.nth(index).evaluate(rendered)]
    assert len(skipped) > count // 2, "activities away from the screen are not skipped"
    last = activities.nth(count - 1)
    assert count - 1 in skipped
    # Skipped content stays in the accessibility tree.
    words = last.locator("p").first.inner_text().split(".")[0]
    tree = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    assert any(words in str(node.get("name", {}).get("value", "")) and not node.get("ignored") for node in tree), words
    last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert last.evaluate(rendered)
    context.close()
