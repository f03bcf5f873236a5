"""The browser audit through its command line: planted faults appear once, with their evidence.

Every test here drives a real Chromium (no browser is a failure, not a skip).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sphinx_policy.audit import main

from .conftest import ShopSite, browser_processes, declaration_line

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((PROJECT / "schemas" / "audit.schema.json").read_text(encoding="utf-8"))


def audit(arguments: list[str]) -> tuple[int, list[str]]:
    lines: list[str] = []
    status = main(arguments, out=lines.append)
    return status, lines


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert list(Draft202012Validator(SCHEMA).iter_errors(data)) == []
    return data


def findings(data: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [finding for finding in data["findings"] if finding["code"] == code]


def url_audit(shop_site: ShopSite, tmp_path: Path, page: str, *extra: str) -> tuple[int, list[str], dict[str, Any]]:
    status, lines = audit(
        ["--url", shop_site.page(page), "--feed", str(shop_site.feed), "--output", str(tmp_path), *extra]
    )
    return status, lines, load(tmp_path / "en" / "shop.json")


@pytest.fixture(scope="module")
def misbehaving(shop_site: ShopSite, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, list[str], dict[str, Any]]:
    return url_audit(shop_site, tmp_path_factory.mktemp("misbehaving"), "shop-misbehaving")


def test_clean_demo_of_the_fixture_has_no_finding_but_the_consent_record(shop_site: ShopSite, tmp_path: Path) -> None:
    status, lines = audit([str(shop_site.root), "--output", str(tmp_path)])
    data = load(tmp_path / "en" / "shop.json")
    assert status == 0, "\n".join(lines)
    assert [(f["code"], f["subject"]) for f in data["findings"]] == [("consent-cookie-undeclared", "policy_consent")]
    # Every pass ran on the demo page (one per optional category in pass 4).
    passes = [p["id"] for p in data["pages"][0]["passes"]]
    assert passes == ["first-visit", "reject-all", "accept-all", "only-statistics", "only-marketing", "gpc", "withdraw"]
    assert (shop_site.root / "en" / "audit" / "shop.html").is_file()
    assert any(line.startswith("shop    en") for line in lines)  # the summary table


def test_undeclared_cookie_before_consent(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    status, _, data = misbehaving
    assert status == 1
    [finding] = findings(data, "undeclared-cookie")
    assert finding["subject"] == "shop_visitor"
    assert (finding["pass"], finding["step"]) == ("first-visit", "load")
    assert finding["evidence"]["value"] == "v-123" and finding["evidence"]["firstPartyStorage"] is True
    assert "before any consent" in finding["message"]
    assert finding["suggestion"].startswith(":::{policy-cookie} shop_visitor\n")
    assert ":lifetime: P1D" in finding["suggestion"]


def test_lifetime_longer_than_declared(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    _, _, data = misbehaving
    [finding] = findings(data, "lifetime-exceeded")
    assert finding["subject"] == "shop_stats"
    assert finding["pass"] == "accept-all"
    assert 29.9 < finding["evidence"]["expiresDays"] <= 30
    assert finding["declaration"]["lifetime"] == "P1D"
    assert finding["declaration"]["file"] == "policies/shop.md"
    assert finding["declaration"]["line"] == declaration_line("shop_stats")


def test_undeclared_local_storage_key(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    _, _, data = misbehaving
    [finding] = [f for f in findings(data, "undeclared-storage") if f["evidence"]["kind"] == "localStorage"]
    assert finding["subject"] == "shop_cart_id"
    assert finding["pass"] == "first-visit"
    assert finding["evidence"]["origin"].startswith("http://127.0.0.1:")
    assert ":lifetime: P1Y" in finding["suggestion"]  # localStorage stays until cleared: a year to check


def test_undeclared_indexed_db_database(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    _, _, data = misbehaving
    [finding] = [f for f in findings(data, "undeclared-storage") if f["evidence"]["kind"] == "indexedDB"]
    assert (finding["subject"], finding["pass"]) == ("shop_offline", "first-visit")


def test_request_to_an_undeclared_host(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    _, _, data = misbehaving
    [finding] = findings(data, "undeclared-host")
    assert finding["subject"] == "127.0.0.2"
    assert finding["pass"] == "accept-all"  # the first pass that allows statistics
    assert finding["evidence"]["requests"][0].startswith("http://127.0.0.2:")
    assert "statistics" not in ",".join(finding["passes"]) or "only-statistics" in finding["passes"]
    assert "only-marketing" not in finding["passes"]
    # The request comes only after consent, so there is no finding of a request before it.
    assert findings(data, "third-party-before-consent") == []
    assert "127.0.0.2" in data["summary"]["thirdPartyHosts"]


def test_cookie_that_survives_withdrawal(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    _, _, data = misbehaving
    [finding] = findings(data, "after-withdrawal")
    assert finding["subject"] == "shop_ads"
    assert finding["pass"] == "withdraw"
    assert finding["step"] == "after withdraw all"
    assert finding["evidence"]["path"] == "/demo"
    assert finding["declaration"]["line"] == declaration_line("shop_ads")
    assert finding["declaration"]["category"] == "marketing"


def test_misbehaving_page_has_no_other_error(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    _, lines, data = misbehaving
    errors = sorted(f["code"] for f in data["findings"] if f["severity"] == "error")
    assert errors == sorted(
        [
            "undeclared-cookie",
            "undeclared-storage",
            "undeclared-storage",
            "lifetime-exceeded",
            "undeclared-host",
            "after-withdrawal",
        ]
    )
    assert data["summary"]["errors"] == 6
    assert any("after-withdrawal" in line and "policies/shop.md:" in line for line in lines)


def test_url_report_is_one_self_contained_page(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    _, lines, _ = misbehaving
    report = next(Path(line.split()[-1]) for line in lines if line.strip().endswith("shop.html"))
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "<style>" in html
    assert "shop_visitor" in html


def test_gpc_pass_sends_the_signal(shop_site: ShopSite, tmp_path: Path) -> None:
    shop_site.traffic.requests.clear()
    _, _, data = url_audit(shop_site, tmp_path, "shop-gpc", "--jobs", "1")
    [seen] = [f for f in findings(data, "undeclared-cookie") if f["subject"] == "gpc_true"]
    assert seen["passes"] == ["gpc"]  # navigator.globalPrivacyControl is true there and only there
    headers = {value for path, value in shop_site.traffic.requests if path.startswith("/en/demo/shop-gpc")}
    assert headers == {None, "1"}


def test_javascript_errors_are_reported_and_the_audit_goes_on(shop_site: ShopSite, tmp_path: Path) -> None:
    status, _, data = url_audit(shop_site, tmp_path, "shop-throws")
    [finding] = findings(data, "javascript-error")
    assert "the basket widget is broken" in finding["subject"]
    assert finding["severity"] == "note"
    assert len(data["pages"][0]["passes"]) == 7  # every pass still ran
    assert status == 1  # the fixture's other faults (lifetime, host, withdrawal) are errors


def test_page_that_never_finishes_loading(shop_site: ShopSite, tmp_path: Path) -> None:
    started = time.monotonic()
    status, _, data = url_audit(shop_site, tmp_path, "shop-hangs", "--page-timeout", "2")
    assert time.monotonic() - started < 30
    assert status == 1
    [finding] = findings(data, "page-timeout")
    assert finding["pass"] == "first-visit" and "did not finish loading within 2 s" in finding["message"]
    assert [p["id"] for p in data["pages"][0]["passes"]] == ["first-visit"]  # no pass waits again
    assert browser_processes() == []


def test_unreachable_url(tmp_path: Path, shop_site: ShopSite, capsys: pytest.CaptureFixture[str]) -> None:
    unreachable = "http://127.0.0.1:9/shop.html"  # the discard port: nothing listens there
    status, _ = audit(["--url", unreachable, "--feed", str(shop_site.feed), "--output", str(tmp_path)])
    error = capsys.readouterr().err
    assert status == 2
    assert "http://127.0.0.1:9/shop.html does not answer" in error and "Traceback" not in error


def test_feed_that_is_not_ours(tmp_path: Path, shop_site: ShopSite, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}), encoding="utf-8")
    status, _ = audit(["--url", shop_site.page("shop-misbehaving"), "--feed", str(other)])
    assert status == 2
    assert "is not a sphinx-policy policy feed" in capsys.readouterr().err


def test_invalid_policy_feed(tmp_path: Path, shop_site: ShopSite, capsys: pytest.CaptureFixture[str]) -> None:
    feed = json.loads(shop_site.feed.read_text(encoding="utf-8"))
    feed["cookies"][0]["category"] = "tasty"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(feed), encoding="utf-8")
    status, _ = audit(["--url", shop_site.page("shop-misbehaving"), "--feed", str(broken)])
    error = capsys.readouterr().err
    assert status == 2
    assert "is not a valid policy feed at cookies/0/category" in error


def test_no_browser_is_a_clear_message(shop_site: ShopSite, tmp_path: Path) -> None:
    environment = {**os.environ, "PATH": str(Path(sys.executable).parent), "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path)}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx_policy.audit",
            "--url",
            shop_site.page("shop-misbehaving"),
            "--feed",
            str(shop_site.feed),
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert completed.returncode == 2
    assert "no Chromium found" in completed.stderr and "apt-get install -y chromium" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_no_browser_or_server_left_behind(misbehaving: tuple[int, list[str], dict[str, Any]]) -> None:
    assert browser_processes() == []


def test_depth_follows_same_host_links_only(shop_site: ShopSite) -> None:
    from sphinx_policy.audit.cli import _crawl

    start = shop_site.page("shop-misbehaving")
    assert _crawl([start], 0) == [start]
    pages = _crawl([start], 1)
    assert pages[0] == start and f"{shop_site.url}en/policies/shop.html" in pages
    assert all(page.startswith(shop_site.url) for page in pages)
