"""Each directive, from MyST source to its record in the policy domain and to the page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup, Tag

PROJECT = Path(__file__).resolve().parents[2]
AUTHORING = PROJECT / "docs" / "authoring.md"
# Projects here show directives; the transparency checks are tested in tests/outputs/test_checks.py.
CONF_PY = (
    'extensions = ["myst_parser", "sphinx_policy"]\nmyst_enable_extensions = ["colon_fence"]\n'
    "from sphinx_policy.outputs.checks import CHECKS\n"
    'suppress_warnings = [f"policy.{code}" for code in CHECKS]\n'
)


def warnings_of(app: Any) -> str:
    """The warning stream as plain text (Sphinx may colour it with ANSI escapes)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def build_ok(app: Any) -> tuple[dict[str, Any], BeautifulSoup]:
    """Build a root that must pass; return the record of its index page and the page."""
    app.build()
    warnings = warnings_of(app)
    assert app.statuscode == 0, warnings
    assert warnings == ""
    record = app.env.domains["policy"].policies["index"]
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    return record, BeautifulSoup(html, "html.parser")


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def facts(container: Tag) -> dict[str, Tag]:
    """The rows of a facts list (label -> value element) directly inside a container."""
    field_list = container.find("dl", class_="policy-facts")
    assert isinstance(field_list, Tag)
    labels = [text(dt).rstrip(":").strip() for dt in field_list.find_all("dt", recursive=False)]
    values = field_list.find_all("dd", recursive=False)
    return dict(zip(labels, values, strict=True))


def items(node: Tag) -> list[str]:
    return [text(item) for item in node.find_all("li")]


def one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select(selector)
    assert len(found) == 1, f"{selector}: {len(found)} found"
    return found[0]


# An activity or recipient that declares no internal option (security measures, owner, ...).
NO_INTERNAL_FIELDS = {"security_measures": None, "owner": None, "dpia": None, "lia": None, "note": None}


@pytest.mark.sphinx("html", testroot="internal")
def test_internal_options_fill_the_record_and_not_the_page(app: Any) -> None:
    record, soup = build_ok(app)
    newsletter = record["activities"][0]
    assert newsletter["internal"] == {
        "security_measures": "qqactivitysecurityqq",
        "owner": "qqactivityownerqq",
        "dpia": "qqactivitydpiaqq",
        "lia": "qqactivityliaqq",
        "note": "qqactivitynoteqq",
    }
    assert record["recipients"][0]["internal"] == {
        **NO_INTERNAL_FIELDS,
        "security_measures": "qqrecipientsecurityqq",
        "owner": "qqrecipientownerqq",
        "note": "qqrecipientnoteqq",
    }
    page = str(soup)
    declared = [*newsletter["internal"].values(), *record["recipients"][0]["internal"].values()]
    assert [value for value in declared if value and value in page] == []


def without_location(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "location"}


# --- policy ----------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="policy")
def test_policy(app: Any) -> None:
    record, soup = build_ok(app)
    assert record["id"] == "test-policy"
    assert record["title"] == "Privacy policy of Test AS"  # the page title
    assert record["version"] == "3.0"
    assert record["effective"] == "2024-05-01"
    assert record["updated"] == "2024-04-15"
    assert record["domains"] == ["example.no", "app.example.no"]  # lowercased, scheme and slash dropped
    assert record["source_language"] == "nb"
    assert record["language"] == "en"  # the build's language
    assert record["description"] == "This policy explains how Test AS handles personal data."
    assert record["controller"] is None and record["authority"] is None and record["rights"] is None
    assert record["activities"] == [] and record["recipients"] == [] and record["cookies"] == []
    assert record["location"] == {"source": "index", "line": 3}

    head = one(soup, "div.policy-head")
    rows = facts(head)
    assert text(rows["Version"]) == "3.0"
    effective, updated = text(rows["In effect from"]), text(rows["Last updated"])
    assert "May" in effective and "2024" in effective and "2024-05-01" not in effective
    assert "April" in updated and "15" in updated and "2024-04-15" not in updated
    assert "This policy explains how Test AS handles personal data." in text(head)
    link = one(head, 'p.policy-feed-link a[href$=".json"]')
    assert link["href"] == "feeds/policies/test-policy.json"
    assert (Path(app.outdir) / "feeds" / "policies" / "test-policy.json").is_file()


def test_policy_defaults(make_app: Callable[..., Any], tmp_path: Path) -> None:
    """Without dates, domains or language: nulls, no domains, source language en, no date rows."""
    (tmp_path / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (tmp_path / "index.md").write_text("# Plain\n\n:::{policy} plain\n:version: 1\n:::\n", encoding="utf-8")
    record, soup = build_ok(make_app("html", srcdir=tmp_path))
    assert (record["effective"], record["updated"], record["domains"]) == (None, None, [])
    assert record["source_language"] == "en"
    assert record["description"] == ""
    assert list(facts(one(soup, "div.policy-head"))) == ["Version"]


# --- controller ------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="controller")
def test_controller(app: Any) -> None:
    record, soup = build_ok(app)
    assert without_location(record["controller"]) == {
        "name": "Test AS",
        "org_number": "924815744",
        "country": "NO",
        "address": "Storgata 1, 0155 Oslo",
        "email": "privacy@example.no",
        "phone": "+47 22 00 00 00",
        "dpo": {"name": "Kari Nordmann", "email": "dpo@example.no"},
        "description": "Test AS decides why and how your personal data is processed.",
    }
    assert record["controller"]["location"] == {"source": "index", "line": 9}

    container = one(soup, "div.policy-controller")
    rows = facts(container)
    assert text(rows["Controller"]) == "Test AS"
    assert text(rows["Organisation number"]) == "924 815 744"
    assert text(rows["Address"]) == "Storgata 1, 0155 Oslo"
    mail = one(rows["Email"], "a")
    assert unquote(str(mail["href"])) == "mailto:privacy@example.no"
    assert text(mail).replace(" ", "") == "privacy@example.no"
    assert text(rows["Phone"]) == "+47 22 00 00 00"
    assert text(rows["Data protection officer"]) == "Kari Nordmann, dpo@example.no"
    assert "Test AS decides why and how your personal data is processed." in text(container)


# --- authority -------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="authority")
def test_authority(app: Any) -> None:
    record, soup = build_ok(app)
    assert without_location(record["authority"]) == {
        "name": "Datatilsynet",
        "country": "NO",
        "url": "https://www.datatilsynet.no",
        "description": "You can complain to the Norwegian Data Protection Authority.",
    }
    container = one(soup, "div.policy-authority")
    link = one(container, "a")
    assert link["href"] == "https://www.datatilsynet.no"
    assert text(link) == "Datatilsynet"
    assert "You can complain to the Norwegian Data Protection Authority." in text(container)


# --- recipients ------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="recipient")
def test_recipient(app: Any) -> None:
    record, soup = build_ok(app)
    assert [without_location(recipient) for recipient in record["recipients"]] == [
        {
            "id": "mail-provider",
            "name": "Mailer Inc.",
            "role": "processor",
            "country": "US",
            "description": "Sends our newsletters on our behalf.",
            "service": None,  # no :service: given, nothing from the catalogue
            "catalogue": {},
            "internal": NO_INTERNAL_FIELDS,
        },
        {
            "id": "tax-office",
            "name": None,
            "role": "public-authority",
            "country": None,
            "description": "The tax authorities, when the law requires it.",
            "service": None,
            "catalogue": {},
            "internal": NO_INTERNAL_FIELDS,
        },
    ]
    mailer = one(soup, "div.policy-recipient#recipient-mail-provider")
    assert text(one(mailer, "strong")) == "Mailer Inc. (Data processor), US"
    assert "Sends our newsletters on our behalf." in text(mailer)
    tax = one(soup, "div.policy-recipient#recipient-tax-office")
    assert text(one(tax, "strong")) == "Public authority"


# --- activities ------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="activity")
def test_activity(app: Any) -> None:
    record, soup = build_ok(app)
    newsletter, contact = record["activities"]
    assert without_location(newsletter) == {
        "id": "newsletter",
        "name": "Newsletter",  # from its heading
        "description": "We send a monthly newsletter to people who sign up for it.",
        "purposes": ["Sending you the newsletter you asked for.", "Measuring which articles are read."],
        "purpose_codes": [None, None],  # no :codes: written: none recorded
        "legal_bases": ["consent", "legitimate-interests"],
        "legitimate_interest": "Knowing which articles our readers want.",
        "personal_data": ["Email address", "Name"],
        "data_codes": [None, None],
        "special_conditions": [],
        "data_subjects": ["Newsletter subscribers"],
        "sources": ["You, when you sign up."],
        "recipients": ["mail-provider"],
        "transfers": [
            {
                "country": "US",
                "safeguard": "standard-contractual-clauses",
                "description": "Our mail provider stores addresses in the United States.",
            }
        ],
        "retention": {
            "duration": "P2Y",
            "criterion": "Until you unsubscribe.",
            "untranslated_criterion": "Until you unsubscribe.",
        },
        "internal": NO_INTERNAL_FIELDS,
    }
    assert newsletter["location"] == {"source": "index", "line": 9}
    # No legal basis written: none recorded, never guessed.
    assert contact["name"] == "Contact form"
    assert contact["legal_bases"] == []
    assert contact["retention"] is None
    assert contact["personal_data"] == ["Name"]

    container = one(soup, "div.policy-activity#activity-newsletter")
    assert container.find_parent("section")["id"] == "newsletter"
    rows = facts(container)
    assert items(rows["Purposes"]) == [
        "Sending you the newsletter you asked for.",
        "Measuring which articles are read.",
    ]
    assert items(rows["Legal basis"]) == ["Consent (GDPR Art. 6(1)(a))", "Legitimate interests (GDPR Art. 6(1)(f))"]
    assert text(rows["Legitimate interest"]) == "Knowing which articles our readers want."
    assert items(rows["Personal data"]) == ["Email address", "Name"]
    assert items(rows["Whose data"]) == ["Newsletter subscribers"]
    assert items(rows["Where the data comes from"]) == ["You, when you sign up."]
    assert items(rows["Recipients"]) == ["Mailer Inc."]
    transfer = text(rows["Transfers outside the EEA"])
    assert transfer.startswith("US: Standard contractual clauses (GDPR Art. 46(2)(c))")
    assert "Our mail provider stores addresses in the United States." in transfer
    assert text(rows["How long it is kept"]) == "2 years Until you unsubscribe."
    # The blocks are shown once, in the facts, not again as loose text.
    assert text(container).count("Knowing which articles our readers want.") == 1


# --- cookies ---------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="cookies")
def test_cookies(app: Any) -> None:
    record, soup = build_ok(app)
    cookies = {cookie["name"]: without_location(cookie) for cookie in record["cookies"]}
    assert list(cookies) == ["session_id", "_ga", "lidc", "MUID"]  # source order
    assert cookies["session_id"] == {
        "name": "session_id",
        "service": None,
        "catalogue": {},
        "provider": "Test AS",
        "domain": "app.example.no",
        "purpose": "Keeps you logged in.",
        "category": "necessary",
        "lifetime": "session",
        "party": "first",  # one of the policy's domains
        "storage": "cookie",  # nothing said: a cookie
        "path": None,
        "opt_out": None,
    }
    assert cookies["_ga"]["party"] == "first"  # .example.no covers example.no
    assert cookies["_ga"]["category"] == "statistics"  # written "Statistics"
    assert cookies["lidc"]["domain"] == ".linkedin.com"  # written ".linkedin.com/"
    assert cookies["lidc"]["lifetime"] == "PT24H"  # written "pt24h"
    assert cookies["lidc"]["party"] == "third"
    assert cookies["MUID"]["party"] == "first"  # stated with :party:, not worked out

    table = one(soup, "table.policy-cookie-table")
    headings = [text(th) for th in table.select("thead th")]
    assert headings == ["Provider", "Name", "Domain", "Purpose", "Category", "Lifetime"]
    rows = [[text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr.policy-cookie")]
    assert rows == [
        [
            "Test AS",
            "session_id",
            "app.example.no",
            "Keeps you logged in.",
            "Strictly necessary",
            "Until the browser is closed",
        ],
        ["Google Analytics", "_ga", ".example.no", "Counts visits to the website.", "Statistics", "2 years"],
        ["LinkedIn", "lidc", ".linkedin.com", "Measures advertising.", "Marketing", "24 hours"],
        [
            "Microsoft Clarity",
            "MUID",
            ".clarity.ms",
            "Analyses visits to the website.",
            "Statistics",
            "12 months and 24 days",
        ],
    ]
    feed = json.loads((Path(app.outdir) / "feeds" / "policies" / "cookies.json").read_text(encoding="utf-8"))
    seconds = {cookie["name"]: cookie["lifetime_seconds"] for cookie in feed["cookies"]}
    assert seconds == {"session_id": 0, "_ga": 2 * 365 * 86400, "lidc": 86400, "MUID": 12 * 30 * 86400 + 24 * 86400}


TWO_TABLES = """# Two tables

:::{policy} two-tables
:version: 1
:domains: example.no
:::

## Necessary cookies

::::{policy-cookies}
:::{policy-cookie} session_id
:provider: Test AS
:domain: example.no
:category: necessary
:lifetime: session

Keeps you logged in.
:::
::::

## Statistics cookies

::::{policy-cookies}
:::{policy-cookie} _ga
:provider: Google Analytics
:domain: .example.no
:category: statistics
:lifetime: P2Y

Counts visits.
:::
::::
"""


def test_each_cookie_table_shows_the_cookies_it_holds(make_app: Callable[..., Any], tmp_path: Path) -> None:
    """A page may group its cookies in several tables; each lists its own entries, once."""
    (tmp_path / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (tmp_path / "index.md").write_text(TWO_TABLES, encoding="utf-8")
    record, soup = build_ok(make_app("html", srcdir=tmp_path))
    assert [cookie["name"] for cookie in record["cookies"]] == ["session_id", "_ga"]
    tables = soup.select("table.policy-cookie-table")
    assert len(tables) == 2
    names = [[text(cell) for cell in table.select("td.policy-cookie-name")] for table in tables]
    assert names == [["session_id"], ["_ga"]]
    ids = [element["id"] for element in soup.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


# --- rights ----------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="rights")
def test_rights(app: Any) -> None:
    record, soup = build_ok(app)
    assert without_location(record["rights"]) == {
        "codes": ["erasure", "access", "withdraw-consent", "complaint"],
        "description": "Write to privacy@example.no to use any of these rights.",
    }
    container = one(soup, "div.policy-rights")
    assert items(container) == [
        "Erasure of your data (GDPR Art. 17)",
        "Access to your data (GDPR Art. 15)",
        "Withdrawal of consent at any time (GDPR Art. 7(3))",
        "Complaint to a supervisory authority (GDPR Art. 77)",
    ]


# --- the documented example ------------------------------------------------------------------


def authoring_example() -> str:
    """The complete example of docs/authoring.md, as an author would copy it."""
    match = re.search(r"^```markdown\n(.*?)^```$", AUTHORING.read_text(encoding="utf-8"), re.M | re.S)
    assert match, "docs/authoring.md has no ```markdown example"
    return match.group(1)


def test_readme_shows_the_documented_example() -> None:
    """The README's copyable example is the one the guide shows and the tests build."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^```markdown\n(.*?)^```$", readme, re.M | re.S)
    assert match and match.group(1) == authoring_example()


def documented_error() -> str:
    """The error message docs/authoring.md shows, from 'ERROR: ' on."""
    section = AUTHORING.read_text(encoding="utf-8").split("## When something is wrong", 1)[1]
    match = re.search(r"^```text\n.*?: ERROR: (.*?)\n```$", section, re.M | re.S)
    assert match, "docs/authoring.md shows no error message"
    return match.group(1)


def build_example(make_app: Callable[..., Any], srcdir: Path, source: str) -> Any:
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (srcdir / "index.md").write_text(source, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    try:
        app.build()
    except SystemExit as stop:  # a policy error may end the build this way
        app.statuscode = stop.code
    return app


def test_authoring_example_builds_with_its_facts(make_app: Callable[..., Any], tmp_path: Path) -> None:
    app = build_example(make_app, tmp_path / "example", authoring_example())
    assert app.statuscode == 0, warnings_of(app)
    assert warnings_of(app) == ""
    policy = app.env.domains["policy"].policies["index"]
    assert (policy["id"], policy["version"], policy["effective"], policy["updated"]) == (
        "example",
        "2.1",
        "2024-05-01",
        "2024-04-15",
    )
    assert policy["title"] == "Privacy policy of Example AS"
    assert policy["domains"] == ["example.no", "app.example.no"]
    controller = policy["controller"]
    assert (controller["name"], controller["org_number"], controller["country"]) == ("Example AS", "924815744", "NO")
    assert controller["dpo"] == {"name": "Kari Nordmann", "email": "dpo@example.no"}

    activities = {activity["id"]: activity for activity in policy["activities"]}
    assert [activity["name"] for activity in policy["activities"]] == ["Newsletter", "Security of our services"]
    newsletter, security = activities["newsletter"], activities["security"]
    assert newsletter["legal_bases"] == ["consent"]
    assert newsletter["recipients"] == ["mail-provider"]
    assert newsletter["retention"] == {
        "duration": "P2Y",
        "criterion": "Until you unsubscribe, and at most two years after the last newsletter you opened.",
        "untranslated_criterion": "Until you unsubscribe, and at most two years after the last newsletter you opened.",
    }
    assert [(t["country"], t["safeguard"]) for t in newsletter["transfers"]] == [("US", "standard-contractual-clauses")]
    assert security["legal_bases"] == ["legitimate-interests"]
    assert security["legitimate_interest"] == "Protecting our users and our systems against attacks."
    assert security["personal_data"] == ["IP address", "Log of requests"]
    assert security["retention"] == {"duration": "P30D", "criterion": None, "untranslated_criterion": None}

    assert [(r["id"], r["name"], r["role"], r["country"]) for r in policy["recipients"]] == [
        ("mail-provider", "Mailer Inc.", "processor", "US"),
        ("web-analytics", "Google Analytics", "processor", None),
    ]
    assert set(policy["statements"]) == {"automated-decisions", "requirement"}
    assert policy["cookie_consent"] == "opt-in"
    # The documented example is exemplary: it passes every transparency check.
    assert app.env.domains["policy"].findings["index"] == []
    assert [(c["name"], c["party"], c["lifetime"], c["category"]) for c in policy["cookies"]] == [
        ("session_id", "first", "session", "necessary"),
        ("_ga", "first", "P2Y", "statistics"),
    ]
    assert policy["rights"]["codes"] == [
        "access",
        "rectification",
        "erasure",
        "restriction",
        "portability",
        "objection",
        "withdraw-consent",
        "complaint",
    ]
    assert (policy["authority"]["name"], policy["authority"]["country"]) == ("Datatilsynet", "NO")

    outdir = Path(app.outdir)
    feed = json.loads((outdir / "feeds" / "policies" / "example.json").read_text(encoding="utf-8"))
    assert feed["id"] == "example" and len(feed["cookies"]) == 2
    soup = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("table.policy-cookie-table tbody tr")) == 2
    assert text(facts(one(soup, "div.policy-controller"))["Organisation number"]) == "924 815 744"


def test_documented_error_message_is_the_one_printed(make_app: Callable[..., Any], tmp_path: Path) -> None:
    """docs/authoring.md shows the error for a cookie lifetime of 'two years': that is what authors get."""
    example = authoring_example()
    ga_block = example.index(":::{policy-cookie} _ga")
    lifetime = example.index(":lifetime: P2Y", ga_block)
    broken = example[:lifetime] + ":lifetime: two years" + example[lifetime + len(":lifetime: P2Y") :]
    app = build_example(make_app, tmp_path / "example", broken)
    assert app.statuscode == 1
    located = re.compile(r"\S.*:\d+: ERROR: (.*)")
    printed = [match.group(1) for match in map(located.match, warnings_of(app).splitlines()) if match]
    assert printed == [documented_error()]


# --- links from a policy page to its feed -----------------------------------------------------


@pytest.mark.parametrize(
    ("builder", "page_file"), [("html", "policies/nested.html"), ("dirhtml", "policies/nested/index.html")]
)
def test_feed_links_of_a_nested_page_reach_the_feed(
    make_app: Callable[..., Any], tmp_path: Path, builder: str, page_file: str
) -> None:
    """The page's visible feed link and its <link rel="alternate"> both lead to the feed file."""
    srcdir = tmp_path / "project"
    (srcdir / "policies").mkdir(parents=True)
    (srcdir / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (srcdir / "index.md").write_text("# Home\n\n```{toctree}\npolicies/nested\n```\n", encoding="utf-8")
    (srcdir / "policies" / "nested.md").write_text(
        "# Nested policy\n\n:::{policy} nested\n:version: 1\n:::\n", encoding="utf-8"
    )
    app = make_app(builder, srcdir=srcdir)
    app.build()
    assert app.statuscode == 0, warnings_of(app)
    outdir = Path(app.outdir)
    feed = (outdir / "feeds" / "policies" / "nested.json").resolve()
    assert feed.is_file()
    page_path = outdir / page_file
    soup = BeautifulSoup(page_path.read_text(encoding="utf-8"), "html.parser")
    visible = one(soup, 'p.policy-feed-link a[href$=".json"]')["href"]
    alternate = one(soup, 'head link[rel="alternate"][type="application/json"]')["href"]
    assert (page_path.parent / str(alternate)).resolve() == feed
    assert (page_path.parent / str(visible)).resolve() == feed
