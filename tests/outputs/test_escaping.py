"""Escaping by construction: a policy whose words look like markup publishes them as text,
whatever the theme; XML files never hold a character XML cannot."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from sphinx_policy.outputs import sitemeta
from sphinx_policy.publishing.html import page_title
from sphinx_policy.publishing.xml import xml_escape, xml_text
from tests.conftest import run_sphinx

CONF_PY = (
    'extensions = ["myst_parser", "sphinx_policy"]\n'
    'myst_enable_extensions = ["colon_fence"]\n'
    'project = "Escaping"\n'
    'policy_site_url = "https://example.no/policies/"\n'
    "from sphinx_policy.outputs.checks import CHECKS\n"
    'suppress_warnings = [f"policy.{code}" for code in CHECKS]\n'
)

# Backslashes make MyST keep the brackets as text: the title *reads* like markup.
TITLE = "Policy \\<script\\>alert(1)\\</script\\> & \\<img src=x onerror=alert(2)\\>"
TITLE_TEXT = "Policy <script>alert(1)</script> & <img src=x onerror=alert(2)>"
PAGE = f"""# {TITLE}

:::{{policy}} hostile
:version: 1
:effective: 2024-05-01
:domains: example.no
:::

## Cookies \\<script\\>alert(3)\\</script\\>

::::{{policy-cookies}}

:::{{policy-cookie}} sid
:provider: Test <script>alert(4)</script>
:domain: example.no
:category: necessary
:lifetime: P1D

Keeps you \\</script\\>\\<script\\>alert(5)\\</script\\> logged in.
:::
::::
"""


@pytest.mark.parametrize("theme", ["classic", "nature", "furo"])
def test_a_title_that_looks_like_markup_never_becomes_an_element(tmp_path: Path, theme: str) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF_PY + f'html_theme = "{theme}"\n', encoding="utf-8")
    (srcdir / "index.md").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_sphinx(srcdir, out, tmp_path / "doctrees")
    assert result.status == 0, result.warnings
    pages = sorted(out.rglob("*.html"))
    assert {"index.html", "transparency/hostile.html", "transparency/index.html"} <= {
        page.relative_to(out).as_posix() for page in pages
    }
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert(" not in (script.get("src") or ""), page
            if script.get("type") != "application/ld+json":
                assert "alert(" not in script.get_text(), (page, script)
        assert not soup.find_all("img", onerror=True), page
        # The JSON-LD holds the title as data and still parses.
        for block in soup.find_all("script", type="application/ld+json"):
            graph = json.loads(block.get_text())
            assert "</script" not in block.decode_contents().lower()
            assert TITLE_TEXT in json.dumps(graph, ensure_ascii=False)
    report = BeautifulSoup((out / "transparency" / "hostile.html").read_text(encoding="utf-8"), "html.parser")
    assert TITLE_TEXT in report.title.get_text()
    feed = json.loads((out / "feeds" / "policies" / "hostile.json").read_text(encoding="utf-8"))
    assert feed["title"] == TITLE_TEXT
    assert feed["cookies"][0]["provider"] == "Test <script>alert(4)</script>"
    ElementTree.fromstring((out / "sitemap.xml").read_bytes())


def test_page_titles_are_escaped_for_the_theme() -> None:
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"
    assert page_title('<script>alert("x")</script> & Co') == escaped


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x08", "\x0b", "\x1f", "\x7f", "\x85", "\ud800", "\ufffe"])
def test_characters_xml_cannot_hold_are_removed(character: str) -> None:
    text = f"Before{character}after <&>"
    assert xml_text(text) == "Beforeafter <&>"
    assert xml_escape(text) == "Beforeafter &lt;&amp;&gt;"
    document = f"<title>{xml_escape(text)}</title>".encode("utf-8", "surrogatepass")
    assert ElementTree.fromstring(document).text == "Beforeafter <&>"


def test_xml_keeps_every_other_character() -> None:
    text = "Tab\tline\nnorsk æøå, emoji 🍪, 'quotes' \"too\""
    assert xml_text(text) == text
    assert ElementTree.fromstring(f'<a b="{xml_escape(text)}"/>').get("b") == text.replace("\t", " ").replace("\n", " ")


def test_a_sitemap_with_control_characters_in_its_addresses_is_still_xml() -> None:
    content = sitemeta.sitemap(["a\x01b.html", "index.html"], "https://example.no/", "en", ("en", "nb"))
    root = ElementTree.fromstring(content)
    assert "\x01" not in content.decode("utf-8")
    assert len(root) == 2


@pytest.mark.parametrize("theme", ["classic", "nature"])
def test_a_change_page_title_that_looks_like_markup_never_becomes_an_element(tmp_path: Path, theme: str) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(CONF_PY + f'html_theme = "{theme}"\npolicy_archive = "published"\n', "utf-8")
    (srcdir / "index.md").write_text(PAGE, encoding="utf-8")
    assert run_sphinx(srcdir, tmp_path / "v1", tmp_path / "doctrees-v1").status == 0
    history = (
        "\n:::{policy-version} 1\n:date: 2024-05-01\n:impact: major\n\nFirst.\n:::\n\n"
        ":::{policy-version} 2\n:date: 2024-05-01\n:impact: minor\n\nSecond.\n:::\n"
    )
    (srcdir / "index.md").write_text(PAGE.replace(":version: 1", ":version: 2") + history, encoding="utf-8")
    result = run_sphinx(srcdir, tmp_path / "out", tmp_path / "doctrees")
    assert result.status == 0, result.warnings
    change_page = tmp_path / "out" / "changes" / "hostile" / "2.html"
    soup = BeautifulSoup(change_page.read_text(encoding="utf-8"), "html.parser")
    assert not soup.find_all("img", onerror=True)
    assert not [script for script in soup.find_all("script") if "alert(" in script.get_text()]
