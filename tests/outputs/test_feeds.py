"""The JSON feeds of the real site: valid, complete, faithful to the seed policy, stable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import sphinx_policy.publishing.documents

PROJECT = Path(__file__).resolve().parents[2]
DOCS = PROJECT / "docs"
SCHEMAS = PROJECT / "ext" / "sphinx_policy" / "schemas"
ROOTS = Path(__file__).resolve().parents[1] / "roots"

# The cookie table of the seed (/work/shared/seeds/000_...txt), converted by hand:
# "12 months" is P12M, "24 hour" PT24H, "Up to 2 years" P2Y, "Per session" session.
SEED_LIFETIMES = {
    "CLID": "P12M",
    "lidc": "PT24H",
    "SRM_B": "P13M",
    "MUID": "P12M24D",
    "_ga": "P2Y",
    "_ga_9WGQ1QWXG8": "P2Y",
    "_gat_gtag_UA_164246839_1": "PT1M",
    "_gid": "P1D",
    "AnalyticsSyncHistory": "P30D",
    "ln_or": "P1D",
    "_clck": "P12M",
    "_clsk": "PT2H",
    "ANONCHK": "PT1H",
    "SM": "session",
    "UserMatchHistory": "P30D",
    "__cf_bm": "PT30M",
    "JSESSIONID": "session",
    "bcookie": "P12M",
    "bscookie": "P12M",
    "li_gc": "P6M",
}

# The legal bases the seed states for each activity; none for the newsletter and
# the contact form, where it states none.
SEED_LEGAL_BASES = {
    "newsletter": [],
    "contact-form": [],
    "go-weme-eco": ["contract", "consent"],
    "digital-tests": ["contract", "consent"],
    "events": ["contract"],
    "support": ["contract"],
    "service-information": ["legitimate-interests"],
    "surveys": ["consent"],
    "suppliers-partners": ["legitimate-interests"],
}


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def validator(name: str) -> Draft202012Validator:
    schema = read_json(SCHEMAS / name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def weme(site: Any) -> dict[str, Any]:
    feed: dict[str, Any] = read_json(site.html / "feeds" / "policies" / "weme.json")
    return feed


def test_feeds_exist_and_validate(site: Any) -> None:
    index = site.html / "feeds" / "index.json"
    policy = site.html / "feeds" / "policies" / "weme.json"
    assert index.is_file() and policy.is_file()
    index_errors = [error.message for error in validator("index.schema.json").iter_errors(read_json(index))]
    policy_errors = [error.message for error in validator("policy.schema.json").iter_errors(read_json(policy))]
    assert index_errors == [] and policy_errors == []


def test_schemas_published_with_the_site(site: Any) -> None:
    for name in ("index.schema.json", "policy.schema.json"):
        assert (site.html / "schemas" / name).read_bytes() == (SCHEMAS / name).read_bytes()


def test_feed_files_have_sorted_keys_and_final_newline(site: Any) -> None:
    for path in (site.html / "feeds").rglob("*.json"):
        raw = path.read_text(encoding="utf-8")
        assert raw == json.dumps(json.loads(raw), sort_keys=True, indent=2, ensure_ascii=False) + "\n", path


def test_policy_identity_and_controller(weme: dict[str, Any]) -> None:
    assert weme["id"] == "weme"
    assert weme["title"] == "Privacy policy \N{EN DASH} WeMe Facilitators AS"
    assert (weme["version"], weme["updated"], weme["effective"]) == ("2023-02-08", "2023-02-08", None)
    assert weme["language"] == "en" and weme["source_language"] == "en"
    assert weme["domains"] == ["weme.eco", "go.weme.eco"]
    controller = weme["controller"]
    assert controller["name"] == "WeMe Facilitators AS"
    assert controller["org_number"] == "924815744"
    assert controller["country"] == "NO"
    assert controller["email"] == "hello@weme.eco"
    assert controller["address"] == "Kari Trestakks vei 3, 1388 Borgen, Norway"
    assert controller["phone"] is None and controller["dpo"] is None  # the seed states neither


def test_cookies_match_the_seed(weme: dict[str, Any]) -> None:
    cookies = weme["cookies"]
    assert len(cookies) == 20
    assert {cookie["name"]: cookie["lifetime"] for cookie in cookies} == SEED_LIFETIMES
    assert [cookie["name"] for cookie in cookies] == list(SEED_LIFETIMES)  # in the seed's order
    providers = {cookie["name"]: cookie["provider"] for cookie in cookies}
    assert providers["JSESSIONID"] == "New Relic"
    for name in ("lidc", "AnalyticsSyncHistory", "UserMatchHistory", "bcookie", "bscookie", "li_gc", "ln_or"):
        assert providers[name] == "LinkedIn", name
    by_name = {cookie["name"]: cookie for cookie in cookies}
    assert by_name["SM"]["lifetime_seconds"] == 0
    assert by_name["JSESSIONID"]["lifetime_seconds"] == 0
    assert by_name["_ga"]["lifetime_seconds"] == 2 * 365 * 86400
    assert by_name["__cf_bm"]["lifetime_seconds"] == 30 * 60
    # Set on weme.eco or under it: first party; everything else third.
    first = {name for name, cookie in by_name.items() if cookie["party"] == "first"}
    assert first == {"_ga", "_ga_9WGQ1QWXG8", "_gat_gtag_UA_164246839_1", "_gid", "ln_or", "_clck", "_clsk"}
    assert all(cookie["domain"] and not cookie["domain"].endswith("/") for cookie in cookies)


def test_activities_and_legal_bases_as_the_seed_states_them(weme: dict[str, Any]) -> None:
    assert {activity["id"]: activity["legal_bases"] for activity in weme["activities"]} == SEED_LEGAL_BASES
    assert [activity["id"] for activity in weme["activities"]] == list(SEED_LEGAL_BASES)
    names = {activity["id"]: activity["name"] for activity in weme["activities"]}
    assert names["go-weme-eco"] == "Using go.weme.eco"
    assert names["suppliers-partners"] == "Suppliers and partners"
    assert all(
        activity["retention"] is None or activity["retention"]["duration"] is None for activity in weme["activities"]
    )  # the seed gives criteria, no fixed periods


def test_rights_authority_recipients(weme: dict[str, Any]) -> None:
    assert weme["rights"]["codes"] == ["access", "rectification", "erasure", "withdraw-consent", "complaint"]
    authority = weme["authority"]
    assert (authority["name"], authority["country"], authority["url"]) == (
        "Datatilsynet",
        "NO",
        "https://www.datatilsynet.no",
    )
    assert [(r["id"], r["role"]) for r in weme["recipients"]] == [("data-processors", "processor")]


def test_index_entry_points_to_existing_files(site: Any, weme: dict[str, Any]) -> None:
    index = read_json(site.html / "feeds" / "index.json")
    assert index["language"] == "en"
    ids = [entry["id"] for entry in index["policies"]]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    (entry,) = [entry for entry in index["policies"] if entry["id"] == "weme"]
    keys = ("id", "title", "language", "version", "effective", "updated", "url", "feed_url")
    assert {key: entry[key] for key in keys} == {key: weme[key] for key in keys}
    # Both URLs are relative to the language root (the site sets no base URL).
    assert (site.html / entry["feed_url"]).is_file()
    assert (site.html / entry["url"]).is_file()
    assert read_json(site.html / entry["feed_url"]) == weme


def test_feeds_byte_identical_across_builds(site: Any, tmp_path: Path) -> None:
    """A second build from scratch, in another process with another hash seed, gives the same bytes."""
    outdir = tmp_path / "en"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sphinx.application import Sphinx;"
            "app = Sphinx(sys.argv[1], sys.argv[1], sys.argv[2], sys.argv[3], 'html', status=None, freshenv=True);"
            "app.build(); sys.exit(app.statuscode)",
            str(DOCS),
            str(outdir),
            str(tmp_path / ".doctrees"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    first = sorted(p.relative_to(site.html) for p in (site.html / "feeds").rglob("*") if p.is_file())
    second = sorted(p.relative_to(outdir) for p in (outdir / "feeds").rglob("*") if p.is_file())
    assert first == second
    assert Path("feeds/index.json") in first and Path("feeds/policies/weme.json") in first
    for relative in first:
        assert (site.html / relative).read_bytes() == (outdir / relative).read_bytes(), relative


def test_invalid_feed_is_not_written(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_policy_feed = sphinx_policy.publishing.documents.policy_feed

    def feed_without_rights(*args: Any, **kwargs: Any) -> dict[str, Any]:
        feed = dict(real_policy_feed(*args, **kwargs))
        del feed["rights"]
        return feed

    monkeypatch.setattr(sphinx_policy.publishing.documents, "policy_feed", feed_without_rights)
    srcdir = tmp_path / "project"
    shutil.copytree(ROOTS / "test-cookies", srcdir)
    app = make_app("html", srcdir=srcdir)
    with pytest.raises(Exception, match=r"feeds/policies/cookies\.json") as raised:
        app.build()
    assert "'rights' is a required property" in str(raised.value)
    assert not (Path(app.outdir) / "feeds").exists()
