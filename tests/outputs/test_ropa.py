"""The record of processing activities (GDPR Art. 30): the seed policies' rows, files and warnings."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from bs4 import BeautifulSoup

from sphinx_policy.outputs.ropa.record import COLUMNS
from tests.conftest import BuildResult, BuiltSite, load_json, run_sphinx

PROJECT = Path(__file__).resolve().parents[2]
DOCS = PROJECT / "docs"
KEYS = [key for key, _article in COLUMNS]
# The points of Art. 30(1), in each language's article notation.
ART_30_POINTS = {
    "en": [f"30(1)({letter})" for letter in "abcdefg"],
    "nb": [f"30 nr. 1 bokstav {letter}" for letter in "abcdefg"],
}
LANGUAGES = ("en", "nb")  # the source language and one translation; nox -s ropa writes all three
WARNING = re.compile(r"^(?P<path>\S+\.md):(?P<line>\d+): WARNING: (?P<message>.*) \[policy\.(?P<code>ropa-[a-z-]+)\]$")


@pytest.fixture(scope="module", params=LANGUAGES)
def ropa(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, BuildResult]:
    language = str(request.param)
    base = tmp_path_factory.mktemp(f"ropa-{language}")
    result = run_sphinx(DOCS, base / "ropa", base / "doctrees", "ropa", confoverrides={"language": language})
    assert result.status == 0, result.warnings
    return language, result


def _feeds(site: BuiltSite, language: str) -> dict[str, dict[str, Any]]:
    index = load_json(site.language(language) / "feeds" / "index.json")
    return {entry["id"]: load_json(site.language(language) / entry["feed_url"]) for entry in index["policies"]}


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _lines(cell: str) -> list[str]:
    return cell.split("\n") if cell else []


def test_every_policy_has_its_three_files(ropa: tuple[str, BuildResult], site: BuiltSite) -> None:
    language, result = ropa
    outdir = Path(result.app.outdir)
    policies = _feeds(site, language)
    assert len(policies) == 5
    for policy_id in policies:
        for suffix in (".csv", ".xlsx", ".html"):
            assert (outdir / f"{policy_id}{suffix}").is_file(), f"{policy_id}{suffix}"
    # Written outside the published site, and nothing of the site in it.
    assert not (outdir / "index.html").exists()
    assert not (outdir / "feeds").exists()


def test_rows_are_the_activities_with_the_feeds_values(ropa: tuple[str, BuildResult], site: BuiltSite) -> None:
    language, result = ropa
    for policy_id, feed in _feeds(site, language).items():
        header, *rows = _csv_rows(Path(result.app.outdir) / f"{policy_id}.csv")
        assert len(header) == len(KEYS)
        assert len(rows) == len(feed["activities"]), policy_id
        recipients = {recipient["id"]: recipient for recipient in feed["recipients"]}
        for row, activity in zip(rows, feed["activities"], strict=True):
            cells = dict(zip(KEYS, row, strict=True))
            assert cells["activity"] == activity["name"]
            assert _lines(cells["purposes"]) == activity["purposes"]
            assert _lines(cells["data_subjects"]) == activity["data_subjects"]
            assert _lines(cells["personal_data"]) == activity["personal_data"]
            assert len(_lines(cells["legal_bases"])) == len(activity["legal_bases"])
            recipient_lines = _lines(cells["recipients"])
            assert len(recipient_lines) == len(activity["recipients"])
            for line, code in zip(recipient_lines, activity["recipients"], strict=True):
                recipient = recipients[code]
                assert line.startswith(recipient["name"] or recipient["description"]), (line, recipient)
            transfer_lines = _lines(cells["transfers"])
            assert len(transfer_lines) == len(activity["transfers"])
            for line, transfer in zip(transfer_lines, activity["transfers"], strict=True):
                assert transfer["description"] in line
            retention = activity["retention"]
            if retention is None:
                assert cells["retention"] == ""
            else:
                for value in (retention["duration"], retention["criterion"]):
                    if value:
                        assert value in cells["retention"]
            controller = feed["controller"]
            assert _lines(cells["controller"])[0] == controller["name"]
            for key in ("email", "phone", "address"):
                if controller[key]:
                    assert controller[key] in cells["controller"]


def test_the_spreadsheet_opens_with_its_columns_and_a_header_in_view(
    ropa: tuple[str, BuildResult], site: BuiltSite
) -> None:
    language, result = ropa
    for policy_id, feed in _feeds(site, language).items():
        header, *rows = _csv_rows(Path(result.app.outdir) / f"{policy_id}.csv")
        workbook = openpyxl.load_workbook(Path(result.app.outdir) / f"{policy_id}.xlsx")
        sheet = workbook.active
        assert sheet is not None
        values = [[cell if cell is not None else "" for cell in row] for row in sheet.iter_rows(values_only=True)]
        assert values == [header, *rows]
        assert len(values) == len(feed["activities"]) + 1
        assert all(any(point in heading for heading in header) for point in ART_30_POINTS[language]), header
        assert sheet.freeze_panes is not None and sheet.freeze_panes[1:] == "2"  # row 1 stays in view
        for letter, dimension in sheet.column_dimensions.items():
            assert dimension.width >= 20, letter
        assert len(sheet.column_dimensions) == len(KEYS)
        assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
        assert all(cell.font.bold for cell in sheet[1])


def test_the_html_record_is_one_table_of_the_same_rows(ropa: tuple[str, BuildResult]) -> None:
    language, result = ropa
    outdir = Path(result.app.outdir)
    for path in sorted(outdir.glob("*.html")):
        header, *rows = _csv_rows(path.with_suffix(".csv"))
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.html is not None and soup.html["lang"] == language
        assert [cell.get_text() for cell in soup.select("thead th")] == header
        body_rows = soup.select("tbody tr")
        assert len(body_rows) == len(rows)
        for html_row, csv_row in zip(body_rows, rows, strict=True):
            cells = html_row.find_all(["th", "td"])
            assert [cell.get_text("\n") for cell in cells] == csv_row
        assert soup.find(style=True) is None and soup.find("style") is None and soup.find("script") is None
        link = soup.find("link", rel="stylesheet")
        assert link is not None and (outdir / str(link["href"])).is_file()


def test_missing_items_are_located_warnings(ropa: tuple[str, BuildResult]) -> None:
    _language, result = ropa
    warnings = [line for line in result.warnings.splitlines() if "[policy.ropa-" in line]
    assert warnings, "the seed policies describe no security measures: each activity must be warned about"
    for line in warnings:
        found = WARNING.match(line)
        assert found, line
        source_line = Path(found["path"]).read_text(encoding="utf-8").splitlines()[int(found["line"]) - 1]
        assert re.match(r":{3,}\{policy(-activity|-controller)?\}", source_line), (line, source_line)
    activities = sum(
        len(re.findall(r"^:{3,}\{policy-activity\}", path.read_text(encoding="utf-8"), re.M))
        for path in (DOCS / "policies").glob("*.md")
    )
    assert sum("[policy.ropa-security-measures]" in line for line in warnings) == activities


def test_the_site_build_warns_about_no_record_item(site: BuiltSite) -> None:
    for language, warnings in site.warnings.items():
        assert "policy.ropa-" not in warnings, language


def test_a_transfer_without_safeguard_and_an_activity_without_measures_are_warned(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1] / "roots" / "test-internal"
    source = tmp_path / "source"
    source.mkdir()
    for path in root.iterdir():
        (source / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    page = source / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":safeguard: standard-contractual-clauses\n", ""))
    result = run_sphinx(source, tmp_path / "ropa", tmp_path / "doctrees", "ropa")
    assert result.status == 0, result.warnings
    lines = page.read_text(encoding="utf-8").splitlines()
    newsletter = lines.index("::::{policy-activity} newsletter") + 1
    contact = lines.index("::::{policy-activity} contact") + 1
    codes = {
        (int(found["line"]), found["code"])
        for found in map(WARNING.match, result.warnings.splitlines())
        if found is not None
    }
    assert (newsletter, "ropa-transfer-safeguard") in codes
    assert (newsletter, "ropa-security-measures") not in codes  # it describes them
    assert {(contact, "ropa-security-measures"), (contact, "ropa-retention"), (contact, "ropa-personal-data")} <= codes


def test_the_same_rows_give_the_same_workbook(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducible: openpyxl dates the zip entries and "modified" by the clock; the build's date wins."""
    from sphinx_policy.outputs.ropa import writers

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    rows = [{"activity": ["Newsletter"], "purposes": ["Sending it", "Counting opens"]}]
    first = writers.to_xlsx(["activity", "purposes"], ["Activity", "Purposes"], rows, "Record")
    time.sleep(2.1)  # past the two-second resolution of zip dates
    second = writers.to_xlsx(["activity", "purposes"], ["Activity", "Purposes"], rows, "Record")
    assert first == second
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.properties.modified is not None and workbook.properties.modified.year == 2023
