"""CI's audit of the real site: every demo page, every language, all passes, no error.

A red audit fails the suite: the seed site must do exactly what its policies say.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import LANGUAGES

from .conftest import browser_processes

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def audited_site(site: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A copy of the session's built site (the audit writes its pages into it), audited as a user runs it."""
    copy = tmp_path_factory.mktemp("audited") / "html"
    shutil.copytree(site.root, copy)
    completed = subprocess.run(
        [sys.executable, "-m", "sphinx_policy.audit", str(copy)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return copy, completed


def test_seed_site_audits_with_no_error_in_every_language(
    audited_site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    copy, completed = audited_site
    assert completed.returncode == 0, completed.stdout + completed.stderr
    schema = json.loads((PROJECT / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))
    for language in LANGUAGES:
        data = json.loads((copy / "audit" / language / "weme.json").read_text(encoding="utf-8"))
        assert list(Draft202012Validator(schema).iter_errors(data)) == []
        assert data["summary"]["errors"] == 0, [f for f in data["findings"] if f["severity"] == "error"]
        [consent_note] = [f for f in data["findings"] if f["code"] == "consent-cookie-undeclared"]
        assert ":provider: WeMe Facilitators AS" in consent_note["suggestion"]
        assert data["policy"]["language"] == language
        [page] = data["pages"]
        assert page["url"].endswith(f"/{language}/demo/weme.html")
        assert [p["number"] for p in page["passes"]] == [1, 2, 3, 4, 4, 5, 6]
        # The stand-in trackers really ran: accept all shows every declared cookie.
        accepted = {c["name"] for c in page["passes"][2]["steps"][-1]["cookies"]}
        declared = json.loads((copy / language / "feeds" / "policies" / "weme.json").read_text(encoding="utf-8"))
        assert {c["name"] for c in declared["cookies"]} <= accepted
    assert "0 errors" in completed.stdout


def test_report_pages_work_under_a_strict_content_security_policy(
    audited_site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    copy, _ = audited_site
    for language in LANGUAGES:
        html = (copy / language / "audit" / "weme.html").read_text(encoding="utf-8")
        assert "<script" not in html and "<style" not in html and "style=" not in html
        assert '<link rel="stylesheet" href="audit.css">' in html
        assert (copy / language / "audit" / "audit.css").is_file()
        assert f'href="../../audit/{language}/weme.json"' in html


def test_progress_line_per_page_and_pass_then_a_summary(
    audited_site: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, completed = audited_site
    lines = completed.stdout.splitlines()
    for language in LANGUAGES:
        assert len([line for line in lines if f"{language}/demo/weme.html  pass " in line]) == 7
    header = next(number for number, line in enumerate(lines) if line.startswith("policy  language"))
    assert [line.split()[:2] for line in lines[header + 2 : header + 5]] == [["weme", code] for code in LANGUAGES]
    assert browser_processes() == []
