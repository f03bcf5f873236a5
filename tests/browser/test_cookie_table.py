"""The WeMe page in Chromium: the cookie table a visitor sees equals the feed."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

CATEGORY_WORDS = {
    "necessary": "Strictly necessary",
    "preferences": "Preferences",
    "statistics": "Statistics",
    "marketing": "Marketing",
}


def _feed(base_url: str) -> dict:
    with urllib.request.urlopen(base_url + "feeds/policies/weme.json") as response:
        return json.load(response)


def test_cookie_table_rows_equal_the_feed(page: Page, served_site: str) -> None:
    feed = _feed(served_site)
    page.goto(served_site + "policies/weme.html")
    table = page.locator("table.policy-cookie-table")
    table.wait_for()
    headings = table.locator("thead th").all_inner_texts()
    assert [text.strip() for text in headings] == ["Provider", "Name", "Domain", "Purpose", "Category", "Lifetime"]
    rows = [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    assert len(rows) == len(feed["cookies"]) == 20
    for row, cookie in zip(rows, feed["cookies"]):
        provider, name, domain, purpose, category, lifetime = row
        assert (provider, name, domain, purpose) == (
            cookie["provider"], cookie["name"], cookie["domain"], cookie["purpose"],
        )
        assert category == CATEGORY_WORDS[cookie["category"]]
        assert lifetime  # words, checked against the declarations below
    lifetimes = {row[1]: row[5] for row in rows}
    assert lifetimes["_ga"] == "2 years"
    assert lifetimes["MUID"] == "12 months and 24 days"
    assert lifetimes["lidc"] == "24 hours"
    assert lifetimes["SM"] == "Until the browser is closed"
    assert lifetimes["__cf_bm"] == "30 minutes"


def test_policy_page_links_its_feed_and_structured_data(page: Page, served_site: str) -> None:
    page.goto(served_site + "policies/weme.html")
    alternate = page.locator('link[rel="alternate"][type="application/json"]')
    assert alternate.get_attribute("href") == "../feeds/policies/weme.json"
    structured = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert structured["mainEntity"]["publisher"]["legalName"] == "WeMe Facilitators AS"
    # The visible link to the feed works for a visitor too.
    page.get_by_role("link", name="This policy as data (JSON)").click()
    assert json.loads(page.locator("body").inner_text())["id"] == "weme"
