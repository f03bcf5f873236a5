"""Coded policy data: DPV codes for purposes and data, Art. 9(2) conditions, bases listed for the
whole policy, and the catalogue of common services — in the record, the feed, the JSON-LD
(read with a JSON-LD processor), the checks and the transparency report."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from pyld import jsonld

from sphinx_policy import model

from .test_checks import COMPLETE, Build, build, line_of, replace

DPV = "https://w3id.org/dpv#"
PD = "https://w3id.org/dpv/pd#"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

CODED = replace(
    replace(
        replace(
            COMPLETE,
            ":::{policy-purposes}\n- Sending you the newsletter you asked for.\n:::\n",
            ":::{policy-purposes}\n:codes: dpv:DirectMarketing, -\n- Sending you the newsletter you asked for.\n"
            "- Learning which topics you like.\n:::\n",
        ),
        ":::{policy-data}\n- Email address\n:::\n",
        ":::{policy-data}\n:codes: EmailAddress, pd:MentalHealth\n"
        "- Email address\n- How you feel about your work\n:::\n",
    ),
    ":legal-basis: consent\n:retention: P2Y\n",
    ":legal-basis: consent\n:special-condition: A9-2-a\n:retention: P2Y\n",
)


def expanded_graph(result: Build) -> dict[str, Any]:
    html = (result.outdir / "index.html").read_text(encoding="utf-8")
    (script,) = SCRIPT.findall(html)
    (node,) = jsonld.expand(json.loads(script), {"base": "https://example.org/index.html"})
    return node


def processes(node: dict[str, Any]) -> list[dict[str, Any]]:
    (document,) = node["https://schema.org/mainEntity"]
    found: list[dict[str, Any]] = document[DPV + "hasProcess"]
    return found


# --- the term lists -------------------------------------------------------------------


def test_terms_come_from_dpvs_own_csv_files_shipped_with_their_notice() -> None:
    data = resources.files("sphinx_policy.model").joinpath("data", "dpv")
    rows = list(csv.DictReader(data.joinpath("pd.csv").read_text(encoding="utf-8").splitlines()))
    assert len(model.dpv.personal_data()) == len(rows) > 200
    assert model.dpv.personal_data()["EmailAddress"].label == "Email Address"
    assert model.dpv.purposes()["ServiceProvision"].iri == DPV + "ServiceProvision"
    assert "hasPurpose" not in model.dpv.purposes()  # properties of the CSV are not purposes
    notice = data.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert "W3C" in notice and "software-license-2023" in notice
    assert "W3C Software and Document license" in data.joinpath("LICENSE.md").read_text(encoding="utf-8")


def test_special_categories_follow_dpvs_hierarchy() -> None:
    # MentalHealth is under Health, under MedicalHealth, under SpecialCategoryPersonalData.
    assert model.dpv.is_special_category("pd:MentalHealth")
    assert model.dpv.is_special_category("pd:TradeUnionMembership")
    assert not model.dpv.is_special_category("pd:EmailAddress")
    assert not model.dpv.is_special_category(None)
    assert list(model.dpv.special_conditions()) == [f"A9-2-{letter}" for letter in "abcdefghij"]


# --- codes round-trip -----------------------------------------------------------------


def test_codes_reach_the_feed_language_neutral_and_the_json_ld_as_dpv_iris(tmp_path: Path) -> None:
    result = build(tmp_path / "p", CODED)
    assert result.statuscode == 0, result.warnings
    newsletter = result.feed()["activities"][0]
    assert newsletter["purpose_codes"] == ["dpv:DirectMarketing", None]
    assert newsletter["data_codes"] == ["pd:EmailAddress", "pd:MentalHealth"]
    assert newsletter["special_conditions"] == ["A9-2-a"]
    assert result.feed()["activities"][1]["data_codes"] == [None]  # an item without :codes:

    process = processes(expanded_graph(result))[0]
    purposes = process[DPV + "hasPurpose"]
    assert sorted(purposes[0]["@type"]) == [DPV + "DirectMarketing", DPV + "Purpose"]
    assert purposes[1]["@type"] == [DPV + "Purpose"]
    data = process[DPV + "hasPersonalData"]
    assert [sorted(item["@type"]) for item in data] == [
        [DPV + "PersonalData", PD + "EmailAddress"],
        [DPV + "PersonalData", PD + "MentalHealth"],
    ]
    assert data[1]["http://purl.org/dc/terms/description"] == [{"@value": "How you feel about your work"}]
    assert {base["@id"] for base in process[DPV + "hasLegalBasis"]} == {GDPR + "A6-1-a", GDPR + "A9-2-a"}
    # The page shows the condition in words.
    page = (result.outdir / "index.html").read_text(encoding="utf-8")
    assert "Explicit consent (GDPR Art. 9(2)(a))" in page


def test_an_unknown_code_is_a_located_error_naming_the_nearest_term(tmp_path: Path) -> None:
    source = replace(CODED, ":codes: EmailAddress, pd:MentalHealth\n", ":codes: EmailAdress, pd:MentalHealth\n")
    result = build(tmp_path / "p", source)
    assert result.statuscode == 1
    # Located at the block's directive, the line before its options.
    line = source.splitlines().index(":codes: EmailAdress, pd:MentalHealth")
    assert f"index.md:{line}: ERROR:" in result.warnings, result.warnings
    assert "did you mean pd:EmailAddress?" in result.warnings
    assert "[policy.dpv-code]" in result.warnings
    assert "Traceback" not in result.warnings


def test_a_purpose_code_is_not_a_data_code_and_conditions_are_checked(tmp_path: Path) -> None:
    source = replace(CODED, ":codes: EmailAddress, pd:MentalHealth\n", ":codes: dpv:ServiceProvision, -\n")
    source = replace(source, ":special-condition: A9-2-a\n", ":special-condition: A9-2-k\n")
    result = build(tmp_path / "p", source)
    assert result.statuscode == 1
    assert "unknown data code 'dpv:ServiceProvision'" in result.warnings
    assert "unknown Art. 9(2) condition 'A9-2-k': did you mean A9-2-j?" in result.warnings


def test_codes_must_match_the_items_one_to_one(tmp_path: Path) -> None:
    source = replace(CODED, ":codes: EmailAddress, pd:MentalHealth\n", ":codes: EmailAddress\n")
    result = build(tmp_path / "p", source)
    assert result.statuscode == 1
    assert "1 codes for 2 items" in result.warnings
    assert "[policy.dpv-code]" in result.warnings


def test_coded_special_data_with_its_condition_passes(tmp_path: Path) -> None:
    result = build(tmp_path / "p", CODED)
    assert result.findings["index"] == []


# --- bases listed for the whole policy ------------------------------------------------

GENERAL = "\n## Legal bases\n\n:::{policy-legal-bases}\n:legal-basis: %s\n\nWe rely on these bases.\n:::\n"


def codes_of(result: Build) -> list[tuple[str, str]]:
    return [(finding["code"], finding["subject"]) for finding in result.findings["index"]]


def test_general_legitimate_interest_without_any_interest_named(tmp_path: Path) -> None:
    source = replace(
        COMPLETE, ":::{policy-legitimate-interest}\nProtecting our users and our systems against attacks.\n:::\n\n", ""
    )
    source = replace(source, ":legal-basis: legitimate-interests\n", "")
    source += GENERAL % "consent, legitimate-interests"
    result = build(tmp_path / "p", source)
    assert result.statuscode == 0, result.warnings
    found = codes_of(result)
    assert ("general-legal-bases", "legitimate-interests") in found
    assert ("general-legitimate-interest", "legitimate-interests") in found
    line = line_of(source, ":::{policy-legal-bases}")
    assert {f["line"] for f in result.findings["index"] if f["code"].startswith("general")} == {line}
    # The feed carries the bases, the JSON-LD their IRIs on the document, the page their names.
    assert result.feed()["general_legal_bases"] == {
        "codes": ["consent", "legitimate-interests"],
        "description": "We rely on these bases.",
    }
    (document,) = expanded_graph(result)["https://schema.org/mainEntity"]
    assert {base["@id"] for base in document[DPV + "hasLegalBasis"]} == {GDPR + "A6-1-a", GDPR + "A6-1-f"}
    page = (result.outdir / "index.html").read_text(encoding="utf-8")
    assert "Legitimate interests (GDPR Art. 6(1)(f))" in page


def test_general_bases_all_tied_and_an_interest_named_find_nothing(tmp_path: Path) -> None:
    result = build(tmp_path / "p", COMPLETE + GENERAL % "consent, legitimate-interests")
    assert result.statuscode == 0, result.warnings
    assert codes_of(result) == []


# --- the catalogue of common services -------------------------------------------------

UNSTATED = ":::{policy-recipient} analytics\n:name: Google Analytics\n:role: processor\n:country: US\n"


def test_every_service_the_seeds_name_is_catalogued() -> None:
    seeds_name = [
        *("google-analytics", "google-recaptcha", "youtube", "google-meet"),
        *("microsoft-clarity", "microsoft-bing", "microsoft-azure", "openai", "linkedin", "hubspot"),
        *("new-relic", "stripe", "zendesk", "intercom", "slack", "amplitude"),
    ]
    for service in seeds_name:
        facts = model.catalogue.facts(service)
        assert facts["entity"] and re.fullmatch(r"[A-Z]{2}", facts["country"]), service
        assert facts["privacy_url"].startswith("https://"), service
        assert facts["name"] and facts.get("role", "processor") in model.RECIPIENT_ROLES, service
        # Participation in the Data Privacy Framework only where it is documented.
        assert facts.get("dpf") in (None, "True", "False"), service


OPEN_COOKIE_DATABASE = Path("/work/shared/data/open-cookie-database/open-cookie-database.csv")  # as test_checks.py


def test_known_cookies_are_the_open_cookie_databases_entries_with_its_notice() -> None:
    with OPEN_COOKIE_DATABASE.open(encoding="utf-8") as handle:
        database = {row["ID"]: row for row in csv.DictReader(handle)}
    for service, entry in model.catalogue.services().items():
        for cookie in model.catalogue.known_cookies(service):
            row = database[cookie["open_cookie_database_id"]]
            assert row["Platform"] in entry["open_cookie_database_platforms"], (service, cookie)
            assert (cookie["name"], cookie["prefix"], cookie["domain"], cookie["category"], cookie["retention"]) == (
                row["Cookie / Data Key name"].strip(),
                row["Wildcard match"] == "1",
                row["Domain"].strip(),
                row["Category"].strip(),
                row["Retention period"].strip(),
            )
    # The cookies WeMe's seed lists under these services are among their known cookies.
    for service, names in {
        "google-analytics": {"_ga", "_gid"},
        "microsoft-clarity": {"CLID", "_clck", "_clsk", "SM"},
        "microsoft-bing": {"MUID", "SRM_B", "ANONCHK"},
        "linkedin": {"lidc", "bcookie", "bscookie", "li_gc", "UserMatchHistory", "AnalyticsSyncHistory"},
    }.items():
        assert names <= {cookie["name"] for cookie in model.catalogue.known_cookies(service)}, service
    assert model.catalogue.known_cookies("google-meet") == [] == model.catalogue.known_cookies(None)
    data = resources.files("sphinx_policy.model").joinpath("data", "open-cookie-database")
    assert "Apache License" in data.joinpath("LICENSE").read_text(encoding="utf-8")
    notice = data.joinpath("NOTICE.md").read_text(encoding="utf-8")
    assert "Apache License, Version 2.0" in notice and "Changes made" in notice


def test_service_fills_what_the_author_did_not_state(tmp_path: Path) -> None:
    source = replace(COMPLETE, UNSTATED, ":::{policy-recipient} analytics\n:service: google-analytics\n")
    result = build(tmp_path / "p", source)
    assert result.statuscode == 0, result.warnings
    recipient = result.feed()["recipients"][1]
    assert (recipient["name"], recipient["role"], recipient["country"]) == ("Google LLC", "processor", "US")
    assert "service" not in recipient and "catalogue" not in recipient
    report = BeautifulSoup((result.outdir / "transparency" / "example.html").read_text(encoding="utf-8"), "html.parser")
    listed = {item["data-field"]: item.get_text(" ", strip=True) for item in report.select(".policy-catalogue li")}
    assert set(listed) == {"name", "role", "country"}
    assert "Google LLC" in listed["name"]


def test_the_authors_values_win_over_the_catalogue(tmp_path: Path) -> None:
    source = replace(
        COMPLETE,
        UNSTATED,
        ":::{policy-recipient} analytics\n:service: google-analytics\n:name: Google Ireland Limited\n:country: IE\n",
    )
    result = build(tmp_path / "p", source)
    assert result.statuscode == 0, result.warnings
    recipient = result.feed()["recipients"][1]
    assert (recipient["name"], recipient["role"], recipient["country"]) == ("Google Ireland Limited", "processor", "IE")
    assert result.policies["index"]["recipients"][1]["catalogue"] == {"role": "processor"}


def test_checks_mode_publishes_nothing_from_the_catalogue_but_checks_use_it(tmp_path: Path) -> None:
    source = replace(COMPLETE, ":language: en\n", ":language: en\n:catalogue: checks\n")
    source = replace(
        source, UNSTATED, ":::{policy-recipient} analytics\n:role: processor\n:service: google-analytics\n"
    )
    # No transfer to the US any more: only the catalogue knows Google is there.
    source = replace(
        source,
        ":country: US\n:safeguard: standard-contractual-clauses\n",
        ":country: IN\n:safeguard: standard-contractual-clauses\n",
    )
    source = replace(
        source,
        ":name: Mailer Inc.\n:role: processor\n:country: US\n",
        ":name: Mailer Inc.\n:role: processor\n:country: IN\n",
    )
    result = build(tmp_path / "p", source)
    assert result.statuscode == 0, result.warnings
    recipient = result.feed()["recipients"][1]
    assert (recipient["name"], recipient["country"]) == (None, None)
    assert "Google LLC" not in (result.outdir / "index.html").read_text(encoding="utf-8")
    assert codes_of(result) == [("transfer-undeclared", "Google LLC (US)")]
    report = (result.outdir / "transparency" / "example.html").read_text(encoding="utf-8")
    assert "They are not part of the published policy." in report


def test_a_cookie_service_tells_the_checks_where_its_provider_is(tmp_path: Path) -> None:
    source = replace(
        COMPLETE, ":provider: Google Analytics\n", ":provider: Google Analytics\n:service: google-analytics\n"
    )
    assert codes_of(build(tmp_path / "a", source)) == []  # the US transfer is stated
    source = replace(
        source,
        ":country: US\n:safeguard: standard-contractual-clauses\n",
        ":country: IN\n:safeguard: standard-contractual-clauses\n",
    )
    source = replace(source, ":country: US\n\nSends", ":country: IN\n\nSends")
    source = replace(source, ":role: processor\n:country: US\n\nCounts", ":role: processor\n\nCounts")
    assert codes_of(build(tmp_path / "b", source)) == [("transfer-undeclared", "Google Analytics (US)")]


def test_an_unknown_service_is_a_located_error_with_the_nearest_id(tmp_path: Path) -> None:
    source = replace(COMPLETE, UNSTATED, UNSTATED + ":service: google-analytic\n")
    result = build(tmp_path / "p", source)
    assert result.statuscode == 1
    assert "unknown service 'google-analytic': did you mean 'google-analytics'?" in result.warnings
    assert "[policy.service]" in result.warnings


def test_a_cookie_service_names_the_provider_only_where_the_catalogue_may_fill(tmp_path: Path) -> None:
    source = replace(COMPLETE, ":provider: Google Analytics\n", ":service: google-analytics\n")
    result = build(tmp_path / "fill", source)
    assert result.statuscode == 0, result.warnings
    assert result.feed()["cookies"][0]["provider"] == "Google Analytics"
    checks_only = build(tmp_path / "checks", replace(source, ":language: en\n", ":language: en\n:catalogue: checks\n"))
    assert checks_only.statuscode == 1
    assert "the catalogue does not fill it in: add ':provider: ...'" in checks_only.warnings
    neither = build(tmp_path / "neither", replace(COMPLETE, ":provider: Google Analytics\n", ""))
    assert neither.statuscode == 1
    assert "the 'provider' option is missing" in neither.warnings
