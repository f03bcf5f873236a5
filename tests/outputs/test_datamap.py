"""The data map on every policy page, and the chart on the transparency summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from defusedxml import ElementTree

from tests.conftest import LANGUAGES, BuiltSite, load_json, run_sphinx

PROJECT = Path(__file__).resolve().parents[2]
CATALOGS = PROJECT / "ext" / "sphinx_policy" / "locales"
SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-internal"


def translated(language: str, msgid: str) -> str:
    if language == "en":
        return msgid
    with (CATALOGS / language / "LC_MESSAGES" / "sphinx_policy.po").open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get(msgid)
    assert message is not None and message.string, f"{msgid!r} has no {language} translation"
    return str(message.string)


def _feeds(site: BuiltSite, language: str) -> dict[str, dict[str, Any]]:
    index = load_json(site.language(language) / "feeds" / "index.json")
    return {entry["id"]: load_json(site.language(language) / entry["feed_url"]) for entry in index["policies"]}


def _map(page: Path) -> Tag:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = soup.select_one("section.policy-data-map")
    assert found is not None, f"{page} has no data map"
    return found


def _texts(element: Any) -> list[str]:
    """Each <text> of the picture as one string: its lines (tspans) joined as they were wrapped."""
    return [" ".join("".join(span.itertext()) for span in text) for text in element.iter(f"{SVG}text")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_policy_page_shows_its_map_in_its_language(site: BuiltSite, language: str) -> None:
    feeds = _feeds(site, language)
    assert len(feeds) == 5
    for policy_id, feed in feeds.items():
        section = _map(site.language(language) / feed["url"])
        svg_tag = section.find("svg")
        assert svg_tag is not None
        picture = ElementTree.fromstring(str(svg_tag))  # well-formed XML, not only HTML
        title, description = picture.find(f"{SVG}title"), picture.find(f"{SVG}desc")
        assert title is not None and description is not None, policy_id
        assert str(title.text).startswith(translated(language, "Where your data goes"))
        assert feed["title"] in str(title.text)
        labelled_by = str(picture.get("aria-labelledby")).split()
        assert picture.get("role") == "img" and labelled_by == [title.get("id"), description.get("id")]
        texts = _texts(picture)
        for activity in feed["activities"]:
            assert activity["name"] in texts, (policy_id, activity["name"])
        # Each recipient box carries the recipient's full name or description as its title.
        recipient_titles = {
            str(group.findtext(f"{SVG}title"))
            for group in picture.iter(f"{SVG}g")
            if "pdm-recipient" in str(group.get("class"))
        }
        named = {recipient["name"] or recipient["description"] for recipient in feed["recipients"]}
        assert named == recipient_titles - {"None"}, policy_id
        assert not any(element.get("style") for element in picture.iter())
        assert picture.find(f".//{SVG}script") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_text_alternative_lists_the_same_flows(site: BuiltSite, language: str) -> None:
    for feed in _feeds(site, language).values():
        table = _map(site.language(language) / feed["url"]).select_one("details table")
        assert table is not None
        rows = table.select("tbody tr")
        names = [row.th.get_text() for row in rows if row.th is not None]
        assert names[: len(feed["activities"])] == [activity["name"] for activity in feed["activities"]]
        recipients = {recipient["id"]: recipient for recipient in feed["recipients"]}
        used = {code for activity in feed["activities"] for code in activity["recipients"]}
        assert len(rows) == len(feed["activities"]) + (1 if set(recipients) - used else 0)
        shown = table.get_text(" ")
        for recipient in recipients.values():
            assert (recipient["name"] or recipient["description"]) in shown
        for activity, row in zip(feed["activities"], rows, strict=False):
            cells = row.find_all("td")
            assert [item.get_text() for item in cells[0].find_all("li")] == activity["personal_data"] or (
                len(activity["personal_data"]) == 1 and cells[0].get_text() == activity["personal_data"][0]
            )
            for transfer in activity["transfers"]:
                assert transfer["country"].upper() in cells[2].get_text()


def test_the_largest_policy_stays_readable(site: BuiltSite) -> None:
    """Thirty-one activities: one band each, every text at the same size, none overlapping the next band."""
    feed = load_json(site.html / "feeds" / "policies" / "weare.json")
    assert len(feed["activities"]) == 31
    picture = ElementTree.fromstring(str(_map(site.html / feed["url"]).find("svg")))
    bands = [rect for rect in picture.iter(f"{SVG}rect") if "pdm-band" in str(rect.get("class"))]
    assert len(bands) >= 31
    bottoms = [float(str(rect.get("y"))) + float(str(rect.get("height"))) for rect in bands]
    tops = [float(str(rect.get("y"))) for rect in bands]
    assert all(top >= bottom - 0.01 for top, bottom in zip(tops[1:], bottoms, strict=False))
    assert picture.get("font-size") is not None
    assert not any(text.get("font-size") for text in picture.iter(f"{SVG}text"))


def test_every_text_is_escaped(tmp_path: Path) -> None:
    result = run_sphinx(ROOT, tmp_path / "html", tmp_path / "doctrees")
    assert result.status == 0, result.warnings
    section = _map(tmp_path / "html" / "index.html")
    assert "Mailer & Sons <Inc>" in ROOT.joinpath("index.md").read_text(encoding="utf-8")
    picture = ElementTree.fromstring(str(section.find("svg")))
    assert "Mailer & Sons <Inc>" in _texts(picture)
    assert "&lt;Inc&gt;" in (tmp_path / "html" / "index.html").read_text(encoding="utf-8")


def test_the_summary_shows_severity_by_shape_and_words(site: BuiltSite) -> None:
    for language in LANGUAGES:
        page = site.language(language) / "transparency" / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        chart = soup.select_one(".policy-chart svg")
        assert chart is not None
        picture = ElementTree.fromstring(str(chart))
        assert picture.find(f"{SVG}title") is not None and picture.find(f"{SVG}desc") is not None
        shapes = {str(path.get("d")) for path in picture.iter(f"{SVG}path")}
        assert len(shapes) == 4  # one shape per severity: error, warning, note, waived
        severities = {"error": "Error", "warning": "Warning", "info": "Note", "waived": "Waived"}
        legend, *rows = _texts(picture)[len(severities) - 1 :]
        assert legend == translated(language, "Waived")
        feeds = sorted(_feeds(site, language).values(), key=lambda feed: feed["id"])
        assert len(rows) == 2 * len(feeds)  # per policy: its name, then its counts in words
        for feed, counted in zip(feeds, rows[1::2], strict=True):
            found = [finding["severity"] if not finding["waived"] else "waived" for finding in feed["checks"]]
            expected = ", ".join(
                f"{translated(language, word)}: {found.count(severity)}" for severity, word in severities.items()
            )
            assert counted == expected, feed["id"]
        for cell in soup.select(".policy-check-matrix td[class^='policy-check-']"):
            if "policy-check-pass" in cell["class"]:
                continue
            icon = cell.select_one(".policy-severity-icon")
            assert icon is not None and icon.get("aria-hidden") == "true" and icon.get_text().strip()
