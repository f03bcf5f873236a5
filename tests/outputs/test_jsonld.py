"""JSON-LD in the policy pages: what a JSON-LD processor reads from it, and safe embedding."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pyld import jsonld

SCHEMA = "https://schema.org/"
DPV = "https://w3id.org/dpv#"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
BASE = "https://example.org/en/policies/weme.html"  # where the site publishes the page
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CONF_PY = 'extensions = ["myst_parser", "sphinx_policy"]\nmyst_enable_extensions = ["colon_fence"]\n'


def warnings_of(app: Any) -> str:
    """The warning stream as plain text (Sphinx may colour it with ANSI escapes)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def ld_scripts(html: str) -> list[str]:
    return SCRIPT.findall(html)


@pytest.fixture(scope="module")
def weme_html(site: Any) -> str:
    return str((site.html / "policies" / "weme.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compact(weme_html: str) -> dict[str, Any]:
    (script,) = ld_scripts(weme_html)
    document: dict[str, Any] = json.loads(script)
    return document


@pytest.fixture(scope="module")
def expanded(compact: dict[str, Any]) -> dict[str, Any]:
    result = jsonld.expand(compact, {"base": BASE})
    assert len(result) == 1
    node: dict[str, Any] = result[0]
    return node


def only(values: list[Any]) -> Any:
    assert len(values) == 1, values
    return values[0]


def document_node(expanded: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = only(expanded[SCHEMA + "mainEntity"])
    return node


def test_page_and_document_types(expanded: dict[str, Any]) -> None:
    assert expanded["@type"] == [SCHEMA + "WebPage"]
    document = document_node(expanded)
    assert document["@type"] == [SCHEMA + "DigitalDocument"]
    assert document[SCHEMA + "name"] == [{"@value": "Privacy policy \N{EN DASH} WeMe Facilitators AS"}]
    assert document[SCHEMA + "version"] == [{"@value": "2023-02-08"}]
    assert document[SCHEMA + "dateModified"] == [{"@type": XSD_DATE, "@value": "2023-02-08"}]
    assert document[SCHEMA + "inLanguage"] == [{"@value": "en"}]
    assert SCHEMA + "datePublished" not in document  # the policy states no effective date


def test_publisher(expanded: dict[str, Any]) -> None:
    document = document_node(expanded)
    publisher = only(document[SCHEMA + "publisher"])
    assert publisher["@type"] == [SCHEMA + "Organization"]
    assert publisher[SCHEMA + "legalName"] == [{"@value": "WeMe Facilitators AS"}]
    assert publisher[SCHEMA + "email"] == [{"@value": "hello@weme.eco"}]
    identifier = only(publisher[SCHEMA + "identifier"])
    assert identifier["@type"] == [SCHEMA + "PropertyValue"]
    assert identifier[SCHEMA + "value"] == [{"@value": "924815744"}]
    assert identifier[SCHEMA + "propertyID"] == [{"@value": "NO-org-number"}]
    assert only(document[DPV + "hasDataController"])["@id"] == publisher["@id"]


def test_one_process_per_activity_with_legal_bases_as_iris(expanded: dict[str, Any]) -> None:
    processes = document_node(expanded)[DPV + "hasProcess"]
    assert len(processes) == 9
    assert all(process["@type"] == [DPV + "Process"] for process in processes)
    by_name = {only(process[SCHEMA + "name"])["@value"]: process for process in processes}
    go = by_name["Using go.weme.eco"]
    assert go[DPV + "hasLegalBasis"] == [{"@id": GDPR + "A6-1-b"}, {"@id": GDPR + "A6-1-a"}]
    assert by_name["Surveys and evaluations"][DPV + "hasLegalBasis"] == [{"@id": GDPR + "A6-1-a"}]
    # No legal basis stated: none claimed.
    assert by_name["Newsletter"].get(DPV + "hasLegalBasis", []) == []
    # Each purpose is a dpv:Purpose and, where the policy codes it, an instance of its DPV concept.
    purposes = go[DPV + "hasPurpose"]
    assert [sorted(purpose["@type"]) for purpose in purposes] == [
        [DPV + "Purpose", DPV + "ServiceProvision"],
        [DPV + "Purpose"],
        [DPV + "Purpose", DPV + "ServiceUsageAnalytics"],
        [DPV + "Purpose"],
        [DPV + "Purpose"],
    ]
    data = go[DPV + "hasPersonalData"]
    assert [sorted(item["@type"]) for item in data[:5]] == [
        [DPV + "PersonalData", "https://w3id.org/dpv/pd#" + code]
        for code in ("Name", "EmailAddress", "TelephoneNumber", "IPAddress")
    ] + [[DPV + "PersonalData"]]


def test_cookies_and_rights(expanded: dict[str, Any]) -> None:
    document = document_node(expanded)
    cookies = document[DPV + "hasTechnology"]
    assert len(cookies) == 20
    assert all(cookie["@type"] == ["https://w3id.org/dpv/tech#Cookie"] for cookie in cookies)
    by_name = {only(cookie[SCHEMA + "name"])["@value"]: cookie for cookie in cookies}
    ga = by_name["_ga"]
    duration = only(ga[DPV + "hasStorageCondition"])
    assert duration[DPV + "hasDuration"] == [{"@type": "http://www.w3.org/2001/XMLSchema#duration", "@value": "P2Y"}]
    assert only(ga[DPV + "hasPurpose"]) == {"@id": DPV + "ServiceUsageAnalytics"}
    provider = only(by_name["JSESSIONID"][DPV + "isImplementedByEntity"])
    assert provider[SCHEMA + "name"] == [{"@value": "New Relic"}]
    assert document[DPV + "hasRight"] == [{"@id": GDPR + article} for article in ("A15", "A16", "A17", "A7-3", "A77")]
    authority = only(document[DPV + "hasAuthority"])
    assert authority[SCHEMA + "name"] == [{"@value": "Datatilsynet"}]


def test_iris_resolve_to_the_page_and_its_feed(expanded: dict[str, Any]) -> None:
    """Relative IRIs in the page resolve against the page's own address."""
    assert expanded["@id"] == BASE
    assert expanded[SCHEMA + "url"] == [{"@id": BASE}]
    document = document_node(expanded)
    assert document["@id"] == BASE + "#policy"
    encoding = only(document[SCHEMA + "encoding"])
    assert encoding[SCHEMA + "contentUrl"] == [{"@id": "https://example.org/en/feeds/policies/weme.json"}]


def _keys(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                continue
            yield key, item
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def test_no_term_is_dropped_by_expansion(compact: dict[str, Any]) -> None:
    """The context defines every key and type used, so a processor keeps every fact."""
    context = compact["@context"]
    keys = {key for key, _ in _keys(compact)}
    assert keys - {"@id", "@type"} <= set(context), keys - set(context)
    types: set[str] = set()
    for key, value in _keys(compact):
        if key == "@type":
            types.update(value if isinstance(value, list) else [value])
    # A DPV concept a purpose or data item is coded with is written as its full IRI.
    iris = {value for value in types if value.startswith("https://w3id.org/dpv")}
    assert types - iris <= set(context), types - set(context)


def test_head_links(site: Any, weme_html: str) -> None:
    head = BeautifulSoup(weme_html, "html.parser").head
    assert head is not None
    alternate = head.find_all("link", rel="alternate", type="application/json")
    assert [link["href"] for link in alternate] == ["../feeds/policies/weme.json"]
    assert (site.html / "policies" / alternate[0]["href"]).resolve() == (
        site.html / "feeds" / "policies" / "weme.json"
    ).resolve()
    assert [link["href"] for link in head.find_all("link", rel="privacy-policy")] == ["weme.html"]
    index_head = BeautifulSoup((site.html / "index.html").read_text(encoding="utf-8"), "html.parser").head
    assert index_head is not None
    assert [link["href"] for link in index_head.find_all("link", rel="privacy-policy")] == ["policies/weme.html"]
    assert ld_scripts(str(index_head)) == []  # only policy pages carry a policy's JSON-LD


# --- escaping ------------------------------------------------------------------------------------

NASTY = "</script><script>alert(1)</script> <!-- & more"
# In MyST, a backslash before "<" writes the character itself instead of raw HTML.
NASTY_MYST = NASTY.replace("<", "\\<")

NASTY_SOURCE = f"""# Policy {NASTY_MYST}

:::{{policy}} nasty
:version: 1

Intro {NASTY_MYST}
:::

## Cookies

::::{{policy-cookies}}
:::{{policy-cookie}} tracker
:provider: Evil {NASTY}
:domain: evil.example
:category: marketing
:lifetime: P1D

Purpose {NASTY_MYST}
:::
::::
"""


def test_policy_text_cannot_break_out_of_the_script(make_app: Callable[..., Any], tmp_path: Path) -> None:
    # Without smart quotes, so that "--" stays two hyphens in the text.
    (tmp_path / "conf.py").write_text(CONF_PY + "smartquotes = False\n", encoding="utf-8")
    (tmp_path / "index.md").write_text(NASTY_SOURCE, encoding="utf-8")
    app = make_app("html", srcdir=tmp_path)
    app.build()
    assert app.statuscode == 0, warnings_of(app)
    html = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")

    assert "<script>alert(1)" not in html  # neither in the JSON-LD nor anywhere else
    (script,) = ld_scripts(html)
    assert "<" not in script and ">" not in script and "&" not in script
    graph = json.loads(script)
    document = graph["mainEntity"]
    assert graph["name"] == document["name"] == f"Policy {NASTY}"
    (cookie,) = document["hasTechnology"]
    assert cookie["description"] == f"Purpose {NASTY}"
    assert cookie["isImplementedByEntity"]["name"] == f"Evil {NASTY}"
    record = app.env.domains["policy"].policies["index"]
    assert record["description"] == f"Intro {NASTY}"

    # The reader sees the characters themselves, written as character references.
    escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &amp; more"
    body = html.split("<body", 1)[1]
    assert body.count(escaped) >= 4  # heading, introduction, cookie provider and purpose
    soup = BeautifulSoup(html, "html.parser")
    h1 = soup.find("h1")
    assert h1 is not None and f"Policy {NASTY}" in h1.get_text()
