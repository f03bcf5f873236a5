"""Translations: every policy in en, nb and sv, the same facts in every language,
translated words, the translator's checks, and located errors for broken catalogs."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from sphinx_policy.i18n import catalogs
from tests.conftest import DOCS, LANGUAGES, PROJECT, BuiltSite, load_json, run_sphinx

POLICIES = ("weme", "weare", "weassist", "wesafe", "vekstly")
TEXT_FIELDS = {
    "title",
    "name",
    "description",
    "purposes",
    "personal_data",
    "data_subjects",
    "sources",
    "purpose",
    "legitimate_interest",
    "criterion",
    "url",
    "feed_url",
    "language",
    "message",
    "subject",
    "reason",
}


def _validator(name: str) -> Draft202012Validator:
    schema = load_json(PROJECT / "schemas" / name)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _codes(value: Any) -> Any:
    """A feed with every text field blanked: what must not change between languages."""
    if isinstance(value, dict):
        return {
            key: (
                "<text>"
                if key in TEXT_FIELDS
                else {topic: "<text>" for topic in item}
                if key == "statements"
                else _codes(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_codes(item) for item in value]
    return value


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_feed_of_every_language_validates(site: BuiltSite, language: str) -> None:
    root = site.language(language)
    index = load_json(root / "feeds" / "index.json")
    _validator("index.schema.json").validate(index)
    assert index["language"] == language
    assert sorted(entry["id"] for entry in index["policies"]) == sorted(POLICIES)
    for entry in index["policies"]:
        feed = load_json(root / entry["feed_url"])
        _validator("policy.schema.json").validate(feed)
        assert feed["language"] == language
        assert (root / entry["url"]).is_file()
        # The index names the translations, and they exist where it says.
        assert {translation["language"] for translation in entry["translations"]} == set(LANGUAGES) - {language}
        for translation in entry["translations"]:
            assert (root / translation["feed_url"]).resolve().is_file()
            assert (root / translation["url"]).resolve().is_file()


@pytest.mark.parametrize("policy", POLICIES)
def test_codes_are_identical_and_text_is_translated(site: BuiltSite, policy: str) -> None:
    feeds = {
        language: load_json(site.language(language) / "feeds" / "policies" / f"{policy}.json") for language in LANGUAGES
    }
    english = feeds["en"]
    for language in ("nb", "sv"):
        assert _codes(feeds[language]) == _codes(english), f"{policy}: codes differ in {language}"
        assert feeds[language]["title"] != english["title"], f"{policy}: title not translated into {language}"
        english_purposes = [purpose for activity in english["activities"] for purpose in activity["purposes"]]
        translated = [purpose for activity in feeds[language]["activities"] for purpose in activity["purposes"]]
        assert len(translated) == len(english_purposes)
        assert not set(translated) & set(english_purposes), f"{policy}: untranslated purposes in {language}"


class _Page(HTMLParser):
    """Collects what a consistency check needs from a page: ids, links, text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.headers: list[str] = []
        self.lang = ""
        self._in_th = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        # A fragment (fragments/<id>/<version>.html) is one <article>, with no <html> around it: its lang is there.
        if tag == "html" or (tag == "article" and "policy-fragment" in classes):
            self.lang = attributes.get("lang") or ""
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "nav" and "policy-languages" in classes:
            self._skip += 1
        if tag == "a" and attributes.get("href") and not self._skip:
            self.links.append(attributes["href"] or "")
        if tag == "th":
            self._in_th = True
            self.headers.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._skip:
            self._skip -= 1
        if tag == "th":
            self._in_th = False

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self.headers[-1] += data.strip()


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _pages(root: Path) -> list[Path]:
    return sorted(
        path.relative_to(root) for path in root.glob("**/*.html") if not path.name.startswith(("genindex", "search"))
    )


def test_translations_keep_the_anchors_and_links_of_english(site: BuiltSite) -> None:
    english_pages = _pages(site.html)
    assert len(english_pages) >= 8
    for language in ("nb", "sv"):
        assert _pages(site.language(language)) == english_pages
        for relative in english_pages:
            english = _page(site.html / relative)
            translated = _page(site.language(language) / relative)
            assert translated.lang == language
            assert translated.ids == english.ids, f"{language}/{relative}: anchors differ"
            assert translated.links == english.links, f"{language}/{relative}: links differ"


@pytest.mark.parametrize(
    ("language", "headings", "legal_basis", "lifetime", "updated"),
    # The article number comes from the model ("6(1)(a)") and is written in each
    # language's notation: «artikkel 6 nr. 1 bokstav a», «artikel 6.1 a».
    [
        (
            "nb",
            ["Leverandør", "Navn", "Domene", "Formål", "Kategori", "Levetid"],
            "Samtykke (GDPR artikkel 6 nr. 1 bokstav a)",
            "2 år",
            "8. februar 2023",
        ),
        (
            "sv",
            ["Leverantör", "Namn", "Domän", "Ändamål", "Kategori", "Livslängd"],
            "Samtycke (artikel 6.1 a i GDPR)",
            "2 år",
            "8 februari 2023",
        ),
    ],
)
def test_translated_page_shows_translated_words(
    site: BuiltSite, language: str, headings: list[str], legal_basis: str, lifetime: str, updated: str
) -> None:
    path = site.language(language) / "policies" / "weme.html"
    text = path.read_text(encoding="utf-8")
    # The cookie table's headings (the page has other tables: the data map's flows).
    cookie_table = BeautifulSoup(text, "html.parser").select("table.policy-cookie-table th")
    assert [heading.get_text(strip=True) for heading in cookie_table] == headings
    assert legal_basis in text
    assert f"<p>{lifetime}</p>" in text
    assert updated in text
    english_title = load_json(site.html / "feeds" / "policies" / "weme.json")["title"]
    translated_title = load_json(site.language(language) / "feeds" / "policies" / "weme.json")["title"]
    assert f"<h1>{translated_title}" in text and english_title not in text


def test_pages_link_the_same_page_in_every_language(site: BuiltSite) -> None:
    text = (site.language("sv") / "policies" / "weme.html").read_text(encoding="utf-8")
    # conf.py sets policy_site_url, so the alternates are absolute, as search engines require;
    # the switcher's links stay relative, so the site works wherever it is opened.
    site_url = "https://policies.example.org/"
    assert f'<link rel="alternate" hreflang="nb" href="{site_url}nb/policies/weme.html">' in text
    assert f'<link rel="alternate" hreflang="x-default" href="{site_url}en/policies/weme.html">' in text
    assert f'<link rel="canonical" href="{site_url}sv/policies/weme.html">' in text
    assert 'href="../../nb/policies/weme.html" hreflang="nb" lang="nb">Norsk bokmål</a>' in text
    assert re.search(r'<nav class="policy-languages" aria-label="Språk">', text)
    assert '<span aria-current="page" lang="sv">Svenska</span>' in text


def test_documentation_is_completely_translated() -> None:
    report, complete = catalogs.coverage_report(
        [DOCS / "locales", PROJECT / "ext" / "sphinx_policy" / "locales"], ["nb", "sv"]
    )
    assert complete, report
    assert "[nb] 100.0% translated" in report and "[sv] 100.0% translated" in report


# --- broken translations, on a small project --------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, rootdir: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(rootdir / "test-i18n", source)
    return source


def _build(source: Path, language: str) -> tuple[int, str, Path]:
    outdir = source.parent / "out" / language
    result = run_sphinx(source, outdir, source.parent / "doctrees" / language, confoverrides={"language": language})
    return result.status, result.warnings, outdir


def test_translated_project_builds_in_norwegian(project: Path) -> None:
    status, warnings, outdir = _build(project, "nb")
    assert status == 0, warnings
    feed = load_json(outdir / "feeds" / "policies" / "example.json")
    assert feed["title"] == "Personvernerklæring for Example AS"
    assert feed["activities"][0]["name"] == "Nyhetsbrev"
    assert feed["cookies"][0]["purpose"] == "Teller besøk på nettstedet."


def _po(project: Path) -> Path:
    return project / "locales" / "nb" / "LC_MESSAGES" / "index.po"


def test_po_syntax_error_is_located_and_nothing_is_written(project: Path) -> None:
    po = _po(project)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Nyhetsbrev"', 'msgstr "Nyhetsbrev'), encoding="utf-8")
    line = po.read_text(encoding="utf-8").splitlines().index('msgstr "Nyhetsbrev') + 1
    status, warnings, outdir = _build(project, "nb")
    assert status == 1
    assert f"{po}:{line}: ERROR:" in warnings
    assert "[policy.translation]" in warnings and "Traceback" not in warnings
    assert not (outdir / "feeds").exists() and not (outdir / "index.html").exists()


def test_translation_that_breaks_markup_is_located(project: Path) -> None:
    po = _po(project)
    po.write_text(
        po.read_text(encoding="utf-8").replace("Teller besøk på **nettstedet**.", "Teller besøk på **nettstedet."),
        encoding="utf-8",
    )
    lines = po.read_text(encoding="utf-8").splitlines()
    line = lines.index('msgid "Counts visits to the **website**."') + 1
    status, warnings, _ = _build(project, "nb")
    assert status == 1
    assert f"{po}:{line}: ERROR:" in warnings
    assert "bold marker (**)" in warnings and "keep the markup" in warnings


def test_missing_language_folder_is_reported(project: Path) -> None:
    shutil.rmtree(project / "locales" / "nb")
    status, warnings, outdir = _build(project, "nb")
    assert status == 1
    assert "no translations for 'nb'" in warnings and "nox -s translations" in warnings
    assert not (outdir / "feeds").exists()


def test_untranslated_message_falls_back_to_english_and_shows_in_coverage(project: Path) -> None:
    po = _po(project)
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Nyhetsbrev"', 'msgstr ""'), encoding="utf-8")
    status, warnings, outdir = _build(project, "nb")
    assert status == 0, warnings
    feed = load_json(outdir / "feeds" / "policies" / "example.json")
    assert feed["activities"][0]["name"] == "Newsletter"  # English, since untranslated
    assert feed["title"] == "Personvernerklæring for Example AS"
    report, complete = catalogs.coverage_report([project / "locales"], ["nb"])
    assert not complete
    assert "1 untranslated" in report and "83.3% translated (5/6 messages)" in report


def test_fuzzy_and_obsolete_entries_are_called_out(tmp_path: Path) -> None:
    catalog_dir = tmp_path / "nb" / "LC_MESSAGES"
    catalog_dir.mkdir(parents=True)
    (catalog_dir / "page.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Old words"\nmsgstr "Gamle ord"\n\n'
        'msgid "Words"\nmsgstr "Ord"\n\n#~ msgid "Gone"\n#~ msgstr "Borte"\n',
        encoding="utf-8",
    )
    report, complete = catalogs.coverage_report([tmp_path], ["nb"])
    assert not complete
    assert "1 FUZZY" in report and "1 obsolete" in report and "50.0%" in report


def test_feed_language_matches_page_language(site: BuiltSite) -> None:
    for language in LANGUAGES:
        html_text = (site.language(language) / "policies" / "weme.html").read_text(encoding="utf-8")
        structured = re.search(r'<script type="application/ld\+json">(.*?)</script>', html_text, re.S)
        assert structured is not None
        assert json.loads(structured.group(1))["inLanguage"] == language


# The theme's and Sphinx's interface words: furo ships no catalog, Sphinx's "nb" is
# empty and its "sv" lacks furo's words; the extension fills them (i18n/interface.py).
INTERFACE_WORDS = (
    "Skip to content",
    "Back to top",
    "Link to this heading",
    "Made with",
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Light mode",
    "Auto light/dark",
    "On this page",
    "Please activate JavaScript",
)


@pytest.mark.parametrize(
    ("language", "skip", "heading_link", "search_done"),
    [
        ("nb", "Gå til innholdet", "Lenke til denne overskriften", "Søket er ferdig: ${resultCount} sider"),
        # Sphinx's own Swedish words win where Sphinx has them.
        ("sv", "Hoppa till innehållet", "Länk till denna rubrik", "Sökningen är klar, hittade ${resultCount} sidor"),
    ],
)
def test_interface_words_are_in_the_pages_language_on_every_page(
    site: BuiltSite, language: str, skip: str, heading_link: str, search_done: str
) -> None:
    root = site.language(language)
    pages = sorted(root.rglob("*.html"))
    assert len(pages) > 10
    english = {
        str(path.relative_to(root)): [word for word in INTERFACE_WORDS if word in path.read_text(encoding="utf-8")]
        for path in pages
    }
    assert {page: found for page, found in english.items() if found} == {}
    policy_page = (root / "policies" / "weme.html").read_text(encoding="utf-8")
    assert skip in policy_page and heading_link in policy_page
    # The search page's words come from translations.js, filled where Sphinx leaves them empty.
    translations = (root / "_static" / "translations.js").read_text(encoding="utf-8")
    assert search_done in translations
    assert '"Searching": ""' not in translations
