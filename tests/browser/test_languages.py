"""The language switcher in Chromium: every policy page leads to itself in every language."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

POLICIES = ("weme", "weare", "weassist", "wesafe", "vekstly")
NAMES = {"en": "English", "nb": "Norsk bokmål", "sv": "Svenska"}


@pytest.mark.parametrize("policy", POLICIES)
def test_switcher_leads_to_the_same_policy_in_each_language(page: Page, served_site: str, policy: str) -> None:
    for start in NAMES:
        for target, name in NAMES.items():
            if target == start:
                continue
            page.goto(f"{served_site}{start}/policies/{policy}.html")
            switcher = page.locator("nav.policy-languages")
            assert switcher.locator('[aria-current="page"]').inner_text() == NAMES[start]
            switcher.get_by_role("link", name=name).click()
            page.wait_for_url(f"{served_site}{target}/policies/{policy}.html")
            assert page.locator("html").get_attribute("lang") == target
            assert page.locator("nav.policy-languages [aria-current='page']").inner_text() == name


def test_root_page_sends_a_norwegian_visitor_to_norwegian(browser, served_site: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(served_site + "index.html")
        page.wait_for_url(f"{served_site}nb/index.html")
        assert page.locator("html").get_attribute("lang") == "nb"
    finally:
        context.close()


def test_root_page_lists_every_language_as_a_plain_link(browser, served_site: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(served_site + "index.html")
        links = page.locator("nav a")
        assert links.all_inner_texts() == list(NAMES.values())
        assert [links.nth(i).get_attribute("href") for i in range(3)] == [f"{code}/index.html" for code in NAMES]
    finally:
        context.close()
