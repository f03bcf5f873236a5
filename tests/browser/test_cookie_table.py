"""The WeMe page in Chromium: the cookie table a visitor sees equals the feed, in every language."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

HEADINGS = {
    "en": ["Provider", "Name", "Domain", "Purpose", "Category", "Lifetime"],
    "nb": ["Leverandør", "Navn", "Domene", "Formål", "Kategori", "Levetid"],
    "sv": ["Leverantör", "Namn", "Domän", "Ändamål", "Kategori", "Livslängd"],
}
CATEGORY_WORDS = {
    "en": {"necessary": "Strictly necessary", "statistics": "Statistics", "marketing": "Marketing"},
    "nb": {"necessary": "Strengt nødvendige", "statistics": "Statistikk", "marketing": "Markedsføring"},
    "sv": {"necessary": "Strikt nödvändiga", "statistics": "Statistik", "marketing": "Marknadsföring"},
}
LIFETIME_WORDS = {  # cookie -> lifetime in words, as a visitor reads it
    "en": {
        "_ga": "2 years",
        "MUID": "12 months and 24 days",
        "lidc": "24 hours",
        "SM": "Until the browser is closed",
        "__cf_bm": "30 minutes",
    },
    "nb": {
        "_ga": "2 år",
        "MUID": "12 måneder og 24 dager",
        "lidc": "24 timer",
        "SM": "Til nettleseren lukkes",
        "__cf_bm": "30 minutter",
    },
    "sv": {
        "_ga": "2 år",
        "MUID": "12 månader och 24 dagar",
        "lidc": "24 timmar",
        "SM": "Tills webbläsaren stängs",
        "__cf_bm": "30 minuter",
    },
}


def _feed(url: str) -> dict:
    with urllib.request.urlopen(url) as response:
        return json.load(response)


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
def test_cookie_table_rows_equal_the_feed(page: Page, served_site: str, language: str) -> None:
    feed = _feed(f"{served_site}{language}/feeds/policies/weme.json")
    page.goto(f"{served_site}{language}/policies/weme.html")
    table = page.locator("table.policy-cookie-table")
    table.wait_for()
    assert [text.strip() for text in table.locator("thead th").all_inner_texts()] == HEADINGS[language]
    rows = [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in table.locator("tbody tr").all()]
    assert len(rows) == len(feed["cookies"]) == 20
    for row, cookie in zip(rows, feed["cookies"], strict=True):
        provider, name, domain, purpose, category, lifetime = row
        assert (provider, name, domain, purpose) == (
            cookie["provider"],
            cookie["name"],
            cookie["domain"],
            cookie["purpose"],
        )
        assert category == CATEGORY_WORDS[language][cookie["category"]]
        assert lifetime
    lifetimes = {row[1]: row[5] for row in rows}
    for name, words in LIFETIME_WORDS[language].items():
        assert lifetimes[name] == words


def test_policy_page_links_its_feed_and_structured_data(page: Page, served_site: str) -> None:
    page.goto(f"{served_site}en/policies/weme.html")
    alternate = page.locator('link[rel="alternate"][type="application/json"]')
    assert alternate.get_attribute("href") == "../feeds/policies/weme.json"
    structured = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert structured["mainEntity"]["publisher"]["legalName"] == "WeMe Facilitators AS"
    # The visible link to the feed works for a visitor too.
    page.get_by_role("link", name="This policy as data (JSON)").click()
    assert json.loads(page.locator("body").inner_text())["id"] == "weme"
