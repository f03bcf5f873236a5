"""A corpus of hostile policy sources: each stops the build with the located error it deserves.

Every case is one page; the build must end with status 1, name the page and the
line of the declaration at fault, give the problem's code, and write nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.conftest import run_sphinx

CONF_PY = (
    'extensions = ["myst_parser", "sphinx_policy"]\n'
    'myst_enable_extensions = ["colon_fence"]\n'
    "from sphinx_policy.outputs.checks import CHECKS\n"
    'suppress_warnings = [f"policy.{code}" for code in CHECKS]\n'
)

HEAD = ":::{policy} hostile\n:version: 1\n:effective: 2024-05-01\n:::\n\n"


def cookie(name: str, *, domain: str = "example.no", lifetime: str = "P1D") -> str:
    return (
        f"::::{{policy-cookies}}\n\n:::{{policy-cookie}} {name}\n:provider: Test AS\n:domain: {domain}\n"
        f":category: necessary\n:lifetime: {lifetime}\n\nKeeps you logged in.\n:::\n::::\n"
    )


def activity(identifier: str = "newsletter", options: str = "", body: str = "") -> str:
    return f"::::{{policy-activity}} {identifier}\n:legal-basis: consent\n{options}\nWe send news.\n{body}::::\n"


class Case(NamedTuple):
    page: str
    line: int
    fragment: str
    code: str


CASES: dict[str, Case] = {
    "empty-effective-date": Case(
        "# Policy\n\n:::{policy} hostile\n:version: 1\n:effective:\n:::\n",
        3,
        "option 'effective' is empty",
        "date-value",
    ),
    "empty-policy-heading": Case("#\n\n" + HEAD, 3, "the page's heading is empty or missing", "missing-field"),
    "no-policy-heading": Case(HEAD, 1, "the page's heading is empty or missing", "missing-field"),
    "empty-activity-heading": Case(
        "# Policy\n\n" + HEAD + "##\n\n" + activity(), 10, "the heading above the activity is empty", "missing-field"
    ),
    "unknown-language": Case(
        "# Policy\n\n:::{policy} hostile\n:version: 1\n:language: xx\n:::\n",
        3,
        "'xx' is not a language tag that Babel knows",
        "language",
    ),
    "email-script": Case(
        "# Policy\n\n"
        + HEAD
        + ":::{policy-controller}\n:name: Test AS\n:email: javascript:alert(1)//@example.no\n:::\n",
        8,
        "'javascript:alert(1)//@example.no' is not an email address",
        "email",
    ),
    "email-empty-labels": Case(
        "# Policy\n\n" + HEAD + ":::{policy-controller}\n:name: Test AS\n:dpo-email: a@.example..no\n:::\n",
        8,
        "'a@.example..no' is not an email address",
        "email",
    ),
    "authority-url-no-host": Case(
        "# Policy\n\n" + HEAD + ":::{policy-authority}\n:name: Datatilsynet\n:url: https:///klage\n:::\n",
        8,
        "'https:///klage' is not a web address",
        "url",
    ),
    "authority-url-script": Case(
        "# Policy\n\n" + HEAD + ":::{policy-authority}\n:name: Datatilsynet\n:url: javascript:alert(1)\n:::\n",
        8,
        "is not a web address",
        "url",
    ),
    "recipient-country": Case(
        "# Policy\n\n" + HEAD + ":::{policy-recipient} mailer\n:name: Mailer\n:role: processor\n:country: XX\n:::\n",
        8,
        "'XX' is not a country code",
        "country",
    ),
    "transfer-country": Case(
        "# Policy\n\n"
        + HEAD
        + "## News\n\n"
        + activity(body="\n:::{policy-transfer}\n:country: EU\n:safeguard: adequacy-decision\n\nAbroad.\n:::\n"),
        15,
        "'EU' is not a country code",
        "country",
    ),
    "zero-retention": Case(
        "# Policy\n\n" + HEAD + "## News\n\n" + activity(options=":retention: P0D\n"),
        10,
        "'P0D' keeps the data for no time at all",
        "duration",
    ),
    "zero-lifetime": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("sid", lifetime="PT0S"),
        12,
        "'PT0S' is no time at all",
        "duration",
    ),
    "arabic-indic-digits": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("sid", lifetime="P\u0661\u0662D"),
        12,
        "is not an ISO 8601 duration",
        "duration",
    ),
    "fullwidth-date": Case(
        "# Policy\n\n:::{policy} hostile\n:version: 1\n:effective: \uff12\uff10\uff12\uff14-05-01\n:::\n",
        3,
        "is not a date",
        "date-value",
    ),
    "thousands-of-digits": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("sid", lifetime="P" + "9" * 5000 + "D"),
        12,
        "is not an ISO 8601 duration",
        "duration",
    ),
    "cookie-name-semicolon": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("a;b"), 12, "'a;b' is not a cookie name", "cookie-name"
    ),
    "cookie-name-quote": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie('"sid"'), 12, "is not a cookie name", "cookie-name"
    ),
    "cookie-name-zero-width": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("s\u200bid"), 12, "is not a cookie name", "cookie-name"
    ),
    "cookie-name-look-alike": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("\u0455id"), 12, "is not a cookie name", "cookie-name"
    ),
    "activity-in-activity": Case(
        "# Policy\n\n"
        + HEAD
        + "## News\n\n:::::{policy-activity} outer\n:legal-basis: consent\n\nOuter.\n\n"
        + activity("inner")
        + ":::::\n",
        15,
        "policy-activity: it means nothing inside policy-activity (line 10)",
        "placement",
    ),
    "controller-in-activity": Case(
        "# Policy\n\n" + HEAD + "## News\n\n" + activity(body="\n:::{policy-controller}\n:name: Test AS\n:::\n"),
        15,
        "policy-controller: it means nothing inside policy-activity",
        "placement",
    ),
    "unclosed-fence": Case(
        "# Policy\n\n" + HEAD + "## News\n\n::::{policy-activity} news\n:legal-basis: consent\n\nNews.\n\n## Later\n",
        10,
        "policy-activity: the block opened here with '::::' is never closed",
        "fence",
    ),
    "nul-byte": Case(
        "# Policy\n\n" + HEAD + "## News\n\n" + activity(body="Sent\x00 weekly.\n"),
        14,
        "the line holds the control character U+0000",
        "source-text",
    ),
    "escape-character": Case(
        "# Policy \x1b[31mred\n\n" + HEAD, 1, "the line holds the control character U+001B", "source-text"
    ),
    "invisible-option-value": Case(
        "# Policy\n\n"
        + HEAD
        + "## Cookies\n\n"
        + cookie("sid").replace(":provider: Test AS", ":provider: \u200b\u200e"),
        12,
        "option 'provider' holds only invisible characters",
        "missing-field",
    ),
    "domain-label-too-long": Case(
        "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("sid", domain="." + "a" * 64 + ".no"),
        12,
        "at most 63 letters, digits and hyphens between dots",
        "domain",
    ),
    "invisible-policy-heading": Case(
        "# \u200b\u200f\n\n" + HEAD, 3, "the page's heading is empty or missing", "missing-field"
    ),
    "invisible-activity-heading": Case(
        "# Policy\n\n" + HEAD + "## \u2060\n\n" + activity(),
        10,
        "the heading above the activity is empty",
        "missing-field",
    ),
}


def build(tmp_path: Path, page: str) -> tuple[int, str, Path]:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (srcdir / "index.md").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    result = run_sphinx(srcdir, out, tmp_path / "doctrees")
    return result.status, result.warnings, srcdir


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_source_stops_the_build_with_a_located_error(tmp_path: Path, case: str) -> None:
    expected = CASES[case]
    status, warnings, srcdir = build(tmp_path, expected.page)
    assert status == 1, warnings
    located = [line for line in warnings.splitlines() if re.match(r"\S.*:\d+: ERROR: ", line)]
    wanted = f"{srcdir / 'index.md'}:{expected.line}: ERROR: "
    matching = [line for line in located if line.startswith(wanted) and expected.fragment in line]
    assert matching, warnings
    assert matching[0].endswith(f"[policy.{expected.code}]"), matching[0]
    assert "Traceback" not in warnings and "Extension error" not in warnings
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_zero_retention_with_a_reason_is_accepted(tmp_path: Path) -> None:
    page = (
        "# Policy\n\n"
        + HEAD
        + "## News\n\n"
        + activity(
            options=":retention: P0D\n",
            body="\n:::{policy-retention}\nDeleted as soon as the message is sent.\n:::\n",
        )
    )
    status, warnings, _ = build(tmp_path, page)
    assert status == 0, warnings


def test_a_page_has_one_id_per_element(tmp_path: Path) -> None:
    """A heading named like a cookie's row, and two cookies on the host-only and dotted domain."""
    page = (
        "# Policy\n\n"
        + HEAD
        + "## Cookies\n\n"
        + cookie("sid", domain="example.no")
        + "\n"
        + cookie("sid", domain=".example.no")
        + "\n## Cookie sid example.no\n\nA heading like the row's id.\n"
    )
    status, warnings, _ = build(tmp_path, page)
    assert status == 0, warnings
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert "cookie-sid-example-no" in ids
    assert len(ids) == len(set(ids)), sorted(identifier for identifier in ids if ids.count(identifier) > 1)


@pytest.mark.parametrize(
    "html",
    ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "<b>bold</b>"],
)
def test_a_policy_page_publishes_no_raw_html(tmp_path: Path, html: str) -> None:
    page = "# Policy\n\n" + HEAD + f"Some text {html} in a paragraph.\n\n{html}\n"
    status, warnings, srcdir = build(tmp_path, page)
    assert status == 1, warnings
    assert f"{srcdir / 'index.md'}:8: ERROR: raw HTML" in warnings and "[policy.raw-html]" in warnings
    assert f"{srcdir / 'index.md'}:10: ERROR: raw HTML" in warnings


def test_options_myst_cannot_read_are_a_located_error(tmp_path: Path) -> None:
    """MyST drops every option of a block whose option lines hold a tab, with only a warning."""
    page = "# Policy\n\n" + HEAD + "## Cookies\n\n" + cookie("sid", lifetime="P1D\t")
    status, warnings, srcdir = build(tmp_path, page)
    assert status == 1, warnings
    lost = "policy-cookie 'sid': the options provider, domain, category, lifetime could not be read"
    assert f"{srcdir / 'index.md'}:12: ERROR: {lost}" in warnings
    assert "[policy.option-format]" in warnings


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16"])
def test_a_source_in_another_charset_is_located_at_its_first_unreadable_byte(tmp_path: Path, encoding: str) -> None:
    """Sphinx itself answers it with a crash report (a UnicodeDecodeError while reading)."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF_PY, encoding="utf-8")
    page = "# Policy\n\n" + HEAD + "## Who\n\nBehandlingsansvarlig er Ærlig AS.\n"
    (srcdir / "index.md").write_bytes(page.encode(encoding))
    result = run_sphinx(srcdir, tmp_path / "out", tmp_path / "doctrees")
    assert result.status == 1, result.warnings
    line = 1 if encoding == "utf-16" else 10
    assert f"{srcdir / 'index.md'}:{line}: ERROR: the file is not UTF-8 text" in result.warnings, result.warnings
    assert "save it as UTF-8" in result.warnings and "[policy.source-encoding]" in result.warnings
    assert "Traceback" not in result.warnings and "Exception occurred" not in result.warnings
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_source_with_a_byte_order_mark_builds(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (srcdir / "index.md").write_bytes(("# Policy\n\n" + HEAD).encode("utf-8-sig"))
    assert run_sphinx(srcdir, tmp_path / "out", tmp_path / "doctrees").status == 0


def test_a_heading_named_like_the_data_map_keeps_one_id_per_element(tmp_path: Path) -> None:
    """The data map's own ids (its heading, title, description and arrow) move aside for the page's."""
    page = (
        "# Policy\n\n"
        + HEAD
        + "## News\n\n"
        + activity()
        + "\n## Policy data map heading\n\nA heading like the map's.\n\n## pdm-arrow\n\nAnother.\n"
    )
    status, warnings, _ = build(tmp_path, page)
    assert status == 0, warnings
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(identifier for identifier in ids if ids.count(identifier) > 1)
    assert 'aria-labelledby="policy-data-map-heading-2"' in html and "url(#pdm-arrow-2)" in html
    assert 'id="policy-data-map-title-2"' in html
