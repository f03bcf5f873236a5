"""What the build publishes for a website to embed the banner, and the storage types declarations give.

The WeMe seed declares cookies only; ``test-consent-storage`` declares a path, a
localStorage key, an IndexedDB database, and a Google Ads cookie with an opt-out page.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from sphinx_policy.outputs.consent import minified
from sphinx_policy.publishing.consentmode import consent_mode
from tests.source.test_directives import build_ok, one, text

PROJECT = Path(__file__).resolve().parents[2]
SCHEMAS = PROJECT / "schemas"


def _json(outdir: Path, path: str) -> Any:
    return json.loads((outdir / path).read_text(encoding="utf-8"))


@pytest.mark.sphinx("html", testroot="consent-storage")
def test_declarations_say_how_they_store_and_every_output_shows_it(app: Any) -> None:
    record, soup = build_ok(app)
    outdir = Path(app.outdir)
    by_name = {cookie["name"]: cookie for cookie in record["cookies"]}
    assert {name: cookie["storage"] for name, cookie in by_name.items()} == {
        "_ga": "cookie",
        "visit_count": "localStorage",  # written "localstorage"
        "offline_cache": "indexedDB",
        "IDE": "cookie",
    }
    assert by_name["_ga"]["path"] == "/shop"
    assert by_name["IDE"]["opt_out"] == "https://adssettings.google.com/"

    feed = {cookie["name"]: cookie for cookie in _json(outdir, "feeds/policies/storage.json")["cookies"]}
    assert feed["visit_count"]["storage"] == "localStorage"
    assert feed["_ga"]["path"] == "/shop" and "path" not in feed["IDE"]
    assert feed["IDE"]["opt_out"] == "https://adssettings.google.com/" and "opt_out" not in feed["_ga"]

    tcf = {
        entry["identifier"]: entry
        for entry in _json(outdir, "feeds/policies/storage.device-storage.json")["disclosures"]
    }
    assert (tcf["visit_count"]["type"], tcf["visit_count"]["maxAgeSeconds"]) == ("web", None)
    assert tcf["offline_cache"]["type"] == "web"
    assert (tcf["_ga"]["type"], tcf["_ga"]["maxAgeSeconds"]) == ("cookie", 2 * 365 * 86400)

    table = one(soup, "table.policy-cookie-table")
    names = {text(row.select_one("td.policy-cookie-name")) for row in table.select("tbody tr")}
    assert names == {"_ga", "visit_count localStorage key", "offline_cache IndexedDB database", "IDE"}


@pytest.mark.sphinx("html", testroot="consent-storage")
def test_the_consent_configuration_is_published_valid_and_complete(app: Any) -> None:
    build_ok(app)
    outdir = Path(app.outdir)
    config = _json(outdir, "consent/storage.json")
    schema = json.loads((SCHEMAS / "consent-config.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(config)
    assert (outdir / "schemas" / "consent-config.schema.json").is_file()
    assert config["policy"] == {"id": "storage", "version": "1", "url": "../index.html"}
    assert config["consentMode"] == "basic"  # Google cookies declared, nothing set in conf.py
    assert [category["id"] for category in config["categories"]] == [
        "necessary",
        "preferences",
        "statistics",
        "marketing",
    ]
    declared = {entry["name"]: entry for entry in config["cookies"]}
    assert declared["_ga"]["path"] == "/shop" and declared["_ga"]["domain"] == ".example.no"
    assert declared["visit_count"]["storage"] == "localStorage"
    assert declared["IDE"]["optOut"] == "https://adssettings.google.com/" and declared["IDE"]["party"] == "third"
    for name in ("consent.js", "consent.css"):
        published = (outdir / "consent" / "v1" / name).read_bytes()
        assert published == minified(name)
        assert len(published) < len((PROJECT / "ext" / "sphinx_policy" / "static" / name).read_bytes())
    total = sum(
        len(gzip.compress((outdir / "consent" / "v1" / n).read_bytes(), 9)) for n in ("consent.js", "consent.css")
    )
    assert total <= 6 * 1024, f"consent.js + consent.css weigh {total} bytes gzipped, more than 6 KB"


@pytest.mark.sphinx("html", testroot="consent-storage", confoverrides={"policy_consent_mode": "advanced"})
def test_advanced_consent_mode_is_an_explicit_choice(app: Any) -> None:
    build_ok(app)
    assert _json(Path(app.outdir), "consent/storage.json")["consentMode"] == "advanced"


def test_only_google_cookies_bring_consent_mode() -> None:
    def policy(*providers: str) -> Any:
        return {"cookies": [{"provider": provider} for provider in providers]}

    assert consent_mode(policy("LinkedIn", "Microsoft Clarity"), "advanced") is None
    assert consent_mode(policy("LinkedIn", "Google Analytics"), None) == "basic"
    assert consent_mode(policy("Google Ads"), "advanced") == "advanced"


@pytest.mark.sphinx("html", testroot="consent-storage", confoverrides={"policy_consent_mode": "advanced"})
def test_the_report_notes_cookieless_pings_in_advanced_mode(app: Any) -> None:
    build_ok(app)
    page = (Path(app.outdir) / "transparency" / "storage.html").read_text(encoding="utf-8")
    assert "send Google cookieless pings before the visitor has chosen" in page


@pytest.mark.sphinx("html", testroot="consent-storage")
def test_the_report_says_nothing_of_pings_in_basic_mode(app: Any) -> None:
    build_ok(app)
    page = (Path(app.outdir) / "transparency" / "storage.html").read_text(encoding="utf-8")
    assert "policy-report-note" not in page
