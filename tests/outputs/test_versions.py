"""Published versions: immutable version feeds, change pages, the change feeds (JSON Feed and
Atom), the TCF device storage disclosure, the sitemap, Open Graph tags, gpc.json, and
reproducible bytes."""

from __future__ import annotations

import datetime
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from defusedxml import ElementTree
from jsonschema import Draft202012Validator

from sphinx_policy.site import write_root
from tests.conftest import DOCS, LANGUAGES, PROJECT, BuiltSite, load_json, run_sphinx

POLICIES = ("weme", "weare", "weassist", "wesafe", "vekstly")
SITE_URL = "https://policies.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
OG_LOCALES = {"en": "en_GB", "nb": "nb_NO", "sv": "sv_SE"}

# As tests/source/test_directives.py: the transparency checks are tested in tests/outputs/test_checks.py.
CONF_PY = (
    'extensions = ["myst_parser", "sphinx_policy"]\nmyst_enable_extensions = ["colon_fence"]\n'
    "from sphinx_policy.outputs.checks import CHECKS\n"
    'suppress_warnings = [f"policy.{code}" for code in CHECKS]\n'
    'policy_archive = "published"\n'
    'policy_site_url = "https://example.no/policies/"\n'
)

# An undated policy with one version, on a page of its own.
PLAIN_MD = "---\norphan: true\n---\n\n# Plain policy\n\n:::{policy} plain\n:version: 1\n:::\n"

OLD_PURPOSE = "Sending you the newsletter you asked for."
EDITED_PURPOSE = "Sending you the newsletter and our offers."
NEW_PURPOSE = "Sending you offers <script>alert(1)</script> as well."
# In MyST the markup is escaped, so that it is text (raw HTML in a policy is refused): the text still holds it.
NEW_PURPOSE_SOURCE = NEW_PURPOSE.replace("<", "\\<").replace(">", "\\>")
SUMMARY = "We now send offers & keep addresses for two years."
HISTORY = f"""## Versions

:::{{policy-version}} 1.0
:date: 2024-01-01
:impact: major

First version.
:::

:::{{policy-version}} 2.0
:date: 2024-06-01
:impact: minor

{SUMMARY}
:::
"""


def policy_md(
    version: str,
    purpose: str,
    legal_basis: str,
    retention: str,
    cookies: list[tuple[str, str, str]],
    recipients: list[tuple[str, str]],
    history: str = "",
    effective: str = "2024-01-01",
) -> str:
    """The example policy; line 3 holds the policy directive."""
    cookie_text = "".join(
        f":::{{policy-cookie}} {name}\n:provider: Example AS\n:domain: example.no\n:category: {category}\n"
        f":lifetime: {lifetime}\n\nWhat {name} is for.\n:::\n\n"
        for name, category, lifetime in cookies
    )
    recipient_text = "".join(
        f":::{{policy-recipient}} {rid}\n:name: {name}\n:role: processor\n\nSends our mail.\n:::\n\n"
        for rid, name in recipients
    )
    recipient_option = f":recipients: {', '.join(rid for rid, _ in recipients)}\n" if recipients else ""
    return f"""# Privacy policy of Example AS

:::{{policy}} example
:version: {version}
:effective: {effective}

This policy explains how Example AS handles personal data.
:::

## Who we are

:::{{policy-controller}}
:name: Example AS
:country: NO
:email: privacy@example.no
:::

## Newsletter

::::{{policy-activity}} newsletter
:legal-basis: {legal_basis}
:retention: {retention}
{recipient_option}
We send a monthly newsletter.

:::{{policy-purposes}}
- {purpose}
:::

:::{{policy-data}}
- Email address
:::
::::

## Recipients

{recipient_text}
## Cookies

::::{{policy-cookies}}
:consent: opt-in

{cookie_text}::::

{history}"""


V1 = policy_md(
    "1.0",
    OLD_PURPOSE,
    "consent",
    "P1Y",
    [("session_id", "necessary", "session"), ("old_cookie", "statistics", "P1Y")],
    [],
)
V1_EDITED = V1.replace(OLD_PURPOSE, EDITED_PURPOSE)
V2 = policy_md(
    "2.0",
    NEW_PURPOSE_SOURCE,
    "legitimate-interests",
    "P2Y",
    [("session_id", "necessary", "session"), ("new_cookie", "marketing", "P30D")],
    [("mailer", "Mailer Inc.")],
    HISTORY,
    effective="2024-06-01",
)


def build(source: Path, outdir: Path, buildername: str = "html") -> tuple[int, str]:
    """One build from scratch, as sphinx-build runs it; the exit status and the warnings as plain text."""
    result = run_sphinx(source, outdir, outdir.parent / f".doctrees-{outdir.name}", buildername)
    return result.status, result.warnings


def new_project(folder: Path, index: str) -> Path:
    source = folder / "source"
    source.mkdir(parents=True)
    (source / "conf.py").write_text(CONF_PY, encoding="utf-8")
    (source / "index.md").write_text(index, encoding="utf-8")
    (source / "plain.md").write_text(PLAIN_MD, encoding="utf-8")
    return source


def files_under(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def without_build_info(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: content for name, content in files.items() if not name.startswith(".buildinfo")}


def validator(name: str) -> Draft202012Validator:
    schema = load_json(PROJECT / "schemas" / name)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@dataclass(frozen=True)
class Step:
    status: int
    warnings: str
    output: dict[str, bytes]
    archive: dict[str, bytes]
    archive_mtimes: dict[str, int]


@dataclass(frozen=True)
class History:
    source: Path
    outdir: Path
    first: Step  # version 1.0 published
    unchanged: Step  # the same sources again
    edited: Step  # a purpose changed, :version: not
    bumped: Step  # version 2.0 with its policy-version entries


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    """A small project through its life: publish 1.0, rebuild, edit without a new version, publish 2.0."""
    source = new_project(tmp_path_factory.mktemp("history"), V1)
    outdir = source.parent / "html"
    archive = source / "published"
    steps = []
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        for text in (V1, V1, V1_EDITED, V2):
            (source / "index.md").write_text(text, encoding="utf-8")
            status, warnings = build(source, outdir)
            mtimes = {p.relative_to(archive).as_posix(): p.stat().st_mtime_ns for p in archive.rglob("*.json")}
            steps.append(Step(status, warnings, files_under(outdir), files_under(archive), mtimes))
    return History(source, outdir, *steps)


def text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def redline_sides(line: Tag) -> tuple[str, str]:
    """The text before and after a change, read back from a redline's line."""
    sides = []
    for dropped in ("ins", "del"):
        copy = BeautifulSoup(str(line), "html.parser")
        for node in copy.select(f"{dropped}, .policy-visually-hidden"):
            node.decompose()
        sides.append(" ".join(copy.get_text().split()))
    return sides[0], sides[1]


# --- 1. published versions are immutable ------------------------------------------------------


def test_first_build_publishes_the_version_in_the_archive_and_the_site(history: History) -> None:
    first = history.first
    assert first.status == 0, first.warnings
    assert first.warnings == ""
    assert sorted(first.archive) == [
        "en/example/1.0.json",
        "en/example/1.0.text.json",
        "en/plain/1.json",
        "en/plain/1.text.json",
    ]
    assert first.output["feeds/policies/example/1.0.json"] == first.archive["en/example/1.0.json"]
    assert first.output["feeds/policies/plain/1.json"] == first.archive["en/plain/1.json"]
    published = json.loads(first.archive["en/example/1.0.json"])
    validator("policy.schema.json").validate(published)
    assert published["version"] == "1.0" and "checks" not in published
    assert published["feed_url"] == "feeds/policies/example/1.0.json"
    assert published["activities"][0]["purposes"] == [OLD_PURPOSE]
    assert ".well-known/gpc.json" not in first.output  # policy_gpc is off by default


def test_unchanged_rebuild_succeeds_and_leaves_the_archive_alone(history: History) -> None:
    unchanged = history.unchanged
    assert unchanged.status == 0, unchanged.warnings
    assert unchanged.warnings == ""
    assert unchanged.archive == history.first.archive
    assert unchanged.archive_mtimes == history.first.archive_mtimes  # not even rewritten
    assert unchanged.output["feeds/policies/example/1.0.json"] == history.first.archive["en/example/1.0.json"]


def test_changing_a_published_version_stops_the_build_and_writes_nothing(history: History) -> None:
    edited = history.edited
    assert edited.status == 1
    index_md = history.source / "index.md"
    assert f"{index_md}:3: ERROR: policy 'example': version 1.0 was published as " in edited.warnings
    assert "give the policy a new :version:" in edited.warnings
    assert "[policy.published]" in edited.warnings
    assert "Traceback" not in edited.warnings
    # The pages and feeds of the last good build, and the archive, stay exactly as they were.
    # (Sphinx's own .buildinfo: see test_in_process_rebuild_keeps_sphinx_build_info.)
    assert without_build_info(edited.output) == without_build_info(history.unchanged.output)
    assert edited.archive == history.unchanged.archive
    assert edited.archive_mtimes == history.unchanged.archive_mtimes


def test_a_new_version_is_published_beside_the_old_one(history: History) -> None:
    bumped, before = history.bumped, history.unchanged
    assert bumped.status == 0, bumped.warnings
    assert bumped.warnings == ""
    assert sorted(name for name in bumped.archive if not name.endswith(".text.json")) == [
        "en/example/1.0.json",
        "en/example/2.0.json",
        "en/plain/1.json",
    ]
    assert bumped.archive["en/example/1.0.text.json"] == before.archive["en/example/1.0.text.json"]
    # The old version is untouched, in the archive and in the site.
    assert bumped.archive["en/example/1.0.json"] == before.archive["en/example/1.0.json"]
    assert bumped.archive_mtimes["en/example/1.0.json"] == before.archive_mtimes["en/example/1.0.json"]
    assert bumped.output["feeds/policies/example/1.0.json"] == before.output["feeds/policies/example/1.0.json"]
    assert bumped.output["feeds/policies/example/2.0.json"] == bumped.archive["en/example/2.0.json"]
    new = load_json(history.outdir / "feeds" / "policies" / "example" / "2.0.json")
    assert new["version"] == "2.0" and "checks" not in new
    assert new["activities"][0]["purposes"] == [NEW_PURPOSE]
    current = load_json(history.outdir / "feeds" / "policies" / "example.json")
    assert current["version"] == "2.0"


# --- 2. the change page -----------------------------------------------------------------------


def test_change_page_shows_summary_structured_and_text_changes(history: History) -> None:
    assert history.bumped.status == 0, history.bumped.warnings
    path = history.outdir / "changes" / "example" / "2.0.html"
    assert path.is_file()
    assert not (history.outdir / "changes" / "example" / "1.0.html").exists()  # a first version has none
    assert not (history.outdir / "changes" / "plain").exists()
    raw = path.read_text(encoding="utf-8")
    soup = BeautifulSoup(raw, "html.parser")
    assert "changes from version 1.0 to 2.0" in text(soup.find("h1"))
    assert SUMMARY in [text(p) for p in soup.find_all("p")]
    assert "We now send offers &amp; keep addresses" in raw
    rows = {row["data-change"]: [text(cell) for cell in row.find_all("td")] for row in soup.select("tr[data-change]")}
    kinds = {"cookie-added", "cookie-removed", "legal-basis-changed", "retention-changed", "recipient-added"}
    assert kinds <= set(rows), rows
    assert rows["cookie-added"][1:] == ["new_cookie", "example.no"]
    assert rows["cookie-removed"][1:] == ["old_cookie", "example.no"]
    assert rows["legal-basis-changed"][1:] == ["Newsletter", "consent → legitimate-interests"]
    assert rows["retention-changed"][1:] == ["Newsletter", "P1Y → P2Y"]
    assert rows["recipient-added"][1:] == ["Mailer Inc.", "mailer"]
    # A redline of the archived texts: struck and inserted words, each labelled for screen readers.
    deleted = [text(node) for node in soup.select(".policy-redline del")]
    inserted = [text(node) for node in soup.select(".policy-redline ins")]
    assert all(line.startswith("[deleted: ") for line in deleted), deleted
    assert all(line.startswith("[inserted: ") for line in inserted), inserted
    changed = [line for line in soup.select(".policy-redline .policy-redline-changed") if "Sending you" in text(line)]
    assert len(changed) == 1, [text(line) for line in soup.select(".policy-redline-changed")]
    old_line, new_line = redline_sides(changed[0])
    assert old_line == f"Purposes | {OLD_PURPOSE}" and new_line == f"Purposes | {NEW_PURPOSE}"
    # The purpose's markup is text on this page, never markup.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "<script>alert(1)" not in raw
    # The page is in the sitemap (a site of one language: no alternates) and has Open Graph tags.
    urlset = ElementTree.fromstring(history.bumped.output["sitemap.xml"])
    locs = [url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")]
    assert "https://example.no/policies/changes/example/2.0.html" in locs
    assert all((history.outdir / loc.removeprefix("https://example.no/policies/")).is_file() for loc in locs)
    assert not urlset.findall(f"{SITEMAP}url/{XHTML}link")
    tags = _og(path)
    assert tags["og:url"] == ["https://example.no/policies/changes/example/2.0.html"]
    assert tags["og:title"] == [text(soup.find("h1"))]
    # The page links back to the policy.
    link = soup.find("a", string="Privacy policy of Example AS", href=True)
    assert isinstance(link, Tag) and (path.parent / str(link["href"])).resolve() == history.outdir / "index.html"


# --- 3. feeds/changes.json --------------------------------------------------------------------


def _resolve(root: Path, url: str) -> Path:
    """A URL of a feed in feeds/, relative to that folder, as a file of the language root."""
    return root / posixpath.normpath(posixpath.join("feeds", url))


def test_changes_json_of_the_project(history: History) -> None:
    feed = load_json(history.outdir / "feeds" / "changes.json")
    validator("jsonfeed-1.1.schema.json").validate(feed)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    items = {(item["_sphinx_policy"]["policy"], item["_sphinx_policy"]["version"]): item for item in feed["items"]}
    assert len(items) == len(feed["items"]) == 3
    assert set(items) == {("example", "1.0"), ("example", "2.0"), ("plain", "1")}
    assert len({item["id"] for item in feed["items"]}) == 3
    assert all(item["id"].startswith("urn:uuid:") for item in feed["items"])
    assert items[("example", "1.0")]["date_published"] == "2024-01-01T00:00:00Z"
    assert items[("example", "2.0")]["date_published"] == "2024-06-01T00:00:00Z"
    assert "date_published" not in items[("plain", "1")]
    for item in feed["items"]:
        if "date_published" in item:
            assert RFC3339.match(item["date_published"])
        assert item["tags"] == [item["_sphinx_policy"]["policy"]]
        assert _resolve(history.outdir, item["_sphinx_policy"]["feed_url"]).is_file()
    # Each entry says how much the version changes and when it takes effect.
    assert items[("example", "2.0")]["content_text"] == f"{SUMMARY} (Minor change; in effect from June 1, 2024)"
    assert items[("example", "2.0")]["_sphinx_policy"]["impact"] == "minor"
    assert items[("example", "2.0")]["_sphinx_policy"]["effective"] == "2024-06-01"
    assert items[("plain", "1")]["_sphinx_policy"]["impact"] is None
    # A changed version links its change page, a first version the policy's page.
    assert _resolve(history.outdir, items[("example", "2.0")]["url"]) == history.outdir / "changes/example/2.0.html"
    assert _resolve(history.outdir, items[("example", "1.0")]["url"]) == history.outdir / "index.html"
    assert _resolve(history.outdir, items[("plain", "1")]["url"]) == history.outdir / "plain.html"
    for item in feed["items"]:
        assert _resolve(history.outdir, item["url"]).is_file(), item["url"]


def test_changes_json_of_the_site(site: BuiltSite) -> None:
    ids: dict[str, set[str]] = {}
    for language in LANGUAGES:
        root = site.language(language)
        feed = load_json(root / "feeds" / "changes.json")
        validator("jsonfeed-1.1.schema.json").validate(feed)
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["language"] == language
        assert len(feed["items"]) == len(POLICIES)
        assert sorted(tag for item in feed["items"] for tag in item["tags"]) == sorted(POLICIES)
        for item in feed["items"]:
            policy = load_json(root / "feeds" / "policies" / f"{item['tags'][0]}.json")
            assert item["_sphinx_policy"]["version"] == policy["version"]
            assert item["language"] == language
            date = policy["effective"] or policy["updated"]
            if date:
                assert item["date_published"] == f"{date}T00:00:00Z"
            else:
                assert "date_published" not in item
            # One version each: the item links the policy's page and its version feed.
            assert _resolve(root, item["url"]) == root / policy["url"]
            assert _resolve(root, item["_sphinx_policy"]["feed_url"]).is_file()
        ids[language] = {item["id"] for item in feed["items"]}
        assert len(ids[language]) == len(POLICIES)
    assert not ids["en"] & ids["nb"] and not ids["en"] & ids["sv"] and not ids["nb"] & ids["sv"]


# --- 4. feeds/changes.atom --------------------------------------------------------------------


def _atom(path: Path) -> Any:
    feed = ElementTree.fromstring(path.read_bytes())
    assert feed.tag == f"{ATOM}feed"
    return feed


def _check_atom(feed: Any, language: str, versions: int) -> dict[str, str]:
    """The RFC 4287 required elements; returns each entry's updated by its title."""
    assert feed.get(XML_LANG) == language
    assert (feed.findtext(f"{ATOM}id") or "").startswith("urn:uuid:")
    assert feed.findtext(f"{ATOM}title")
    assert RFC3339.match(feed.findtext(f"{ATOM}updated") or "")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == versions
    updated = {}
    for entry in entries:
        assert (entry.findtext(f"{ATOM}id") or "").startswith("urn:uuid:")
        title = entry.findtext(f"{ATOM}title")
        assert title
        moment = entry.findtext(f"{ATOM}updated") or ""
        assert RFC3339.match(moment), moment
        datetime.datetime.fromisoformat(moment)  # a real date and time
        assert entry.findtext(f"{ATOM}author/{ATOM}name")
        alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert len(alternates) == 1 and alternates[0].get("href")
        updated[title] = moment
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == versions
    assert feed.findtext(f"{ATOM}updated") == max(updated.values())
    return updated


def test_changes_atom_of_the_project(history: History) -> None:
    feed = _atom(history.outdir / "feeds" / "changes.atom")
    updated = _check_atom(feed, "en", 3)
    assert updated == {
        "Privacy policy of Example AS, version 2.0": "2024-06-01T00:00:00Z",
        "Privacy policy of Example AS, version 1.0": "2024-01-01T00:00:00Z",
        "Plain policy, version 1": "1970-01-01T00:00:00Z",  # undated, no SOURCE_DATE_EPOCH
    }
    assert feed.findtext(f"{ATOM}updated") == "2024-06-01T00:00:00Z"
    json_feed = load_json(history.outdir / "feeds" / "changes.json")
    assert [entry.findtext(f"{ATOM}id") for entry in feed.findall(f"{ATOM}entry")] == [
        item["id"] for item in json_feed["items"]
    ]
    for entry in feed.findall(f"{ATOM}entry"):
        href = next(link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate")
        assert _resolve(history.outdir, href).is_file(), href


def test_changes_atom_dates_an_undated_version_by_source_date_epoch(
    history: History, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source"
    shutil.copytree(history.source, source)  # with its archive: 1.0, 2.0 and plain 1
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01T00:00:00Z
    status, warnings = build(source, tmp_path / "html")
    assert status == 0, warnings
    feed = _atom(tmp_path / "html" / "feeds" / "changes.atom")
    updated = _check_atom(feed, "en", 3)
    assert updated["Plain policy, version 1"] == "2025-01-01T00:00:00Z"
    assert updated["Privacy policy of Example AS, version 2.0"] == "2024-06-01T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2025-01-01T00:00:00Z"  # now the newest entry
    # JSON Feed still leaves it undated: it has no date of its own.
    items = load_json(tmp_path / "html" / "feeds" / "changes.json")["items"]
    plain = next(item for item in items if item["_sphinx_policy"]["policy"] == "plain")
    assert "date_published" not in plain


@pytest.mark.parametrize("language", LANGUAGES)
def test_changes_atom_of_the_site(site: BuiltSite, language: str) -> None:
    root = site.language(language)
    updated = _check_atom(_atom(root / "feeds" / "changes.atom"), language, len(POLICIES))
    assert len(updated) == len(POLICIES)


# --- 5. TCF device storage --------------------------------------------------------------------


def test_device_storage_disclosure_of_the_site(site: BuiltSite) -> None:
    feeds = site.html / "feeds" / "policies"
    disclosure = load_json(feeds / "weme.device-storage.json")
    validator("device-storage.schema.json").validate(disclosure)
    cookies = load_json(feeds / "weme.json")["cookies"]
    assert [item["identifier"] for item in disclosure["disclosures"]] == [cookie["name"] for cookie in cookies]
    purposes = {"necessary": [1], "statistics": [1, 8, 9], "marketing": [1, 2, 3, 4, 7]}
    for item, cookie in zip(disclosure["disclosures"], cookies, strict=True):
        assert item["type"] == "cookie"
        assert item["maxAgeSeconds"] == cookie["lifetime_seconds"]
        assert item["cookieRefresh"] is False
        assert item["domains"] == [cookie["domain"]]
        assert item["purposes"] == purposes[cookie["category"]], cookie["name"]
    by_name = {item["identifier"]: item for item in disclosure["disclosures"]}
    assert by_name["_ga"]["maxAgeSeconds"] == 63072000  # P2Y, a year of 365 days
    assert by_name["__cf_bm"]["maxAgeSeconds"] == 1800  # PT30M
    assert by_name["SM"]["maxAgeSeconds"] == 0 and by_name["JSESSIONID"]["maxAgeSeconds"] == 0  # session
    assert sorted(entry["domain"] for entry in disclosure["domains"]) == sorted({c["domain"] for c in cookies})
    # The disclosure holds no text, so it is the same in every language.
    for language in LANGUAGES:
        assert (site.language(language) / "feeds/policies/weme.device-storage.json").read_bytes() == (
            feeds / "weme.device-storage.json"
        ).read_bytes()
    for policy in POLICIES:
        if not load_json(feeds / f"{policy}.json")["cookies"]:
            assert not (feeds / f"{policy}.device-storage.json").exists(), policy
    assert sorted(path.name for path in feeds.glob("*.device-storage.json")) == ["weme.device-storage.json"]


# --- 6. sitemap, Open Graph, GPC --------------------------------------------------------------


def _html_pages(root: Path) -> set[str]:
    return {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        # Fragments are text for other websites to embed, not pages of the site.
        if not path.relative_to(root).parts[0].startswith("_") and path.relative_to(root).parts[0] != "fragments"
    }


def _sitemap(root: Path, language: str) -> dict[str, dict[str, str]]:
    """Each page of the sitemap (relative to the language root) with its alternates by language."""
    urlset = ElementTree.fromstring((root / "sitemap.xml").read_bytes())
    assert urlset.tag == f"{SITEMAP}urlset"
    prefix = f"{SITE_URL}{language}/"
    pages = {}
    for url in urlset.findall(f"{SITEMAP}url"):
        loc = url.findtext(f"{SITEMAP}loc") or ""
        assert loc.startswith(prefix), loc
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in url.findall(f"{XHTML}link")
            if link.get("rel") == "alternate"
        }
        pages[loc.removeprefix(prefix)] = alternates
    assert len(pages) == len(urlset.findall(f"{SITEMAP}url"))
    return pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_sitemap_lists_every_page_with_its_alternates(site: BuiltSite, language: str) -> None:
    root = site.language(language)
    pages = _sitemap(root, language)
    # The sitemap lists the documents and the generated pages, not the index and search pages.
    assert set(pages) == _html_pages(root) - {"genindex.html", "search.html"}
    assert {
        "index.html",
        "policies/weme.html",
        "transparency/index.html",
        "transparency/weme.html",
        "demo/weme.html",
    } <= set(pages)
    for page, alternates in pages.items():
        assert (root / page).is_file(), page
        assert alternates == {code: f"{SITE_URL}{code}/{page}" for code in LANGUAGES}, page
        for code in LANGUAGES:
            assert (site.language(code) / page).is_file(), f"{code}/{page}"


def _og(path: Path) -> dict[str, list[str]]:
    head = path.read_text(encoding="utf-8").partition("</head>")[0]  # the tags are in the head
    tags: dict[str, list[str]] = {}
    for meta in BeautifulSoup(head, "html.parser").find_all("meta", property=True):
        tags.setdefault(str(meta["property"]), []).append(str(meta.get("content", "")))
    return tags


def _check_og(path: Path, language: str, url: str) -> None:
    tags = _og(path)
    for name in ("og:title", "og:type", "og:locale", "og:url"):
        assert len(tags.get(name, [])) == 1, f"{path}: {name} {tags.get(name)}"
    assert tags["og:title"][0].strip(), f"{path}: empty og:title"
    assert tags["og:type"] == ["website"]
    assert tags["og:locale"] == [OG_LOCALES[language]], path
    assert sorted(tags["og:locale:alternate"]) == sorted(OG_LOCALES[code] for code in LANGUAGES if code != language)
    assert tags["og:url"] == [url], path


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_graph_on_the_site_pages(site: BuiltSite, language: str) -> None:
    root = site.language(language)
    pages = [page for page in _sitemap(root, language) if not page.startswith("demo/")]
    assert {"index.html", "authoring.html", "feeds.html", "transparency/index.html"} <= set(pages)
    assert {f"policies/{policy}.html" for policy in POLICIES} <= set(pages)
    assert {f"transparency/{policy}.html" for policy in POLICIES} <= set(pages)
    for page in pages:
        _check_og(root / page, language, f"{SITE_URL}{language}/{page}")
    title = load_json(root / "feeds" / "policies" / "weme.json")["title"]
    assert _og(root / "policies" / "weme.html")["og:title"] == [title]


def test_open_graph_on_the_consent_demo_page(site: BuiltSite) -> None:
    """The demo page is in the sitemap, and the README promises Open Graph tags on every page."""
    missing = {
        language: [name for name in ("og:title", "og:type", "og:locale", "og:url") if name not in tags]
        for language in LANGUAGES
        for tags in [_og(site.language(language) / "demo" / "weme.html")]
    }
    assert missing == {language: [] for language in LANGUAGES}
    for language in LANGUAGES:
        _check_og(site.language(language) / "demo" / "weme.html", language, f"{SITE_URL}{language}/demo/weme.html")


def test_open_graph_title_is_never_empty(site: BuiltSite) -> None:
    """og:title is required by the Open Graph protocol, on every page the build writes
    (Sphinx's own search page included; the demo page is tested above)."""
    empty = [
        f"{language}/{page}"
        for language in LANGUAGES
        for page in sorted(_html_pages(site.language(language)))
        if not page.startswith("demo/")
        and [title.strip() for title in _og(site.language(language) / page).get("og:title", [""])] == [""]
    ]
    assert empty == []


def test_gpc_json_in_every_language(site: BuiltSite) -> None:
    for language in LANGUAGES:
        path = site.language(language) / ".well-known" / "gpc.json"
        assert load_json(path) == {"gpc": True}
        assert path.read_bytes() == b'{"gpc": true}\n'


def test_root_sitemap_index_and_gpc(tmp_path: Path) -> None:
    write_root(tmp_path, list(LANGUAGES), SITE_URL, gpc=True)
    index = ElementTree.fromstring((tmp_path / "sitemap.xml").read_bytes())
    assert index.tag == f"{SITEMAP}sitemapindex"
    assert [entry.findtext(f"{SITEMAP}loc") for entry in index.findall(f"{SITEMAP}sitemap")] == [
        f"{SITE_URL}{code}/sitemap.xml" for code in LANGUAGES
    ]
    assert load_json(tmp_path / ".well-known" / "gpc.json") == {"gpc": True}
    # Without a site URL there is no sitemap index, and without gpc no gpc.json.
    bare = tmp_path / "bare"
    write_root(bare, list(LANGUAGES))
    assert (bare / "index.html").is_file()
    assert not (bare / "sitemap.xml").exists() and not (bare / ".well-known").exists()
    # A site URL without the final slash gives the same index.
    slashless = tmp_path / "slashless"
    write_root(slashless, list(LANGUAGES), SITE_URL.rstrip("/"))
    assert (slashless / "sitemap.xml").read_bytes() == (tmp_path / "sitemap.xml").read_bytes()


# --- 7. reproducible bytes --------------------------------------------------------------------

_BUILD_SCRIPT = """
import sys
from pathlib import Path
import sphinx.locale
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace
source, outdir, doctrees, second = map(Path, sys.argv[1:])
for step in (None, second):
    if step is not None:
        (source / "index.md").write_text(step.read_text(encoding="utf-8"), encoding="utf-8")
    sphinx.locale.translators.clear()
    with docutils_namespace():
        app = Sphinx(source, source, outdir, doctrees, "html", status=None, freshenv=True)
        app.build()
    if app.statuscode:
        sys.exit(app.statuscode)
"""


def test_two_builds_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1.0 then 2.0, twice from scratch: in this process, and in another with another hash seed."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = new_project(tmp_path / "first", V1)
    for text_of_index in (V1, V2):
        (first / "index.md").write_text(text_of_index, encoding="utf-8")
        status, warnings = build(first, tmp_path / "first" / "html")
        assert status == 0, warnings

    second = new_project(tmp_path / "second", V1)
    (tmp_path / "v2.md").write_text(V2, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _BUILD_SCRIPT,
            str(second),
            str(tmp_path / "second" / "html"),
            str(tmp_path / "second" / ".doctrees"),
            str(tmp_path / "v2.md"),
        ],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    feeds_first = files_under(tmp_path / "first" / "html" / "feeds")
    feeds_second = files_under(tmp_path / "second" / "html" / "feeds")
    assert sorted(feeds_first) == sorted(feeds_second)
    assert {
        "changes.json",
        "changes.atom",
        "index.json",
        "policies/example.json",
        "policies/example/1.0.json",
        "policies/example/2.0.json",
        "policies/example.device-storage.json",
        "policies/plain/1.json",
    } <= set(feeds_first)
    for name in feeds_first:
        assert feeds_first[name] == feeds_second[name], name
    archive_first, archive_second = files_under(first / "published"), files_under(second / "published")
    assert sorted(archive_first) == [
        "en/example/1.0.json",
        "en/example/1.0.text.json",
        "en/example/2.0.json",
        "en/example/2.0.text.json",
        "en/plain/1.json",
        "en/plain/1.text.json",
    ]
    assert archive_first == archive_second
    # The undated version is dated by SOURCE_DATE_EPOCH in Atom, in both builds.
    assert b"<updated>2023-11-14T22:13:20Z</updated>" in feeds_first["changes.atom"]


# --- 8. the real site's published versions ----------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_site_publishes_the_current_version_of_every_policy(site: BuiltSite, language: str) -> None:
    root = site.language(language)
    index = load_json(root / "feeds" / "index.json")
    assert sorted(entry["id"] for entry in index["policies"]) == sorted(POLICIES)
    for entry in index["policies"]:
        policy, version = entry["id"], entry["version"]
        published = root / "feeds" / "policies" / policy / f"{version}.json"
        archived = DOCS / "published" / language / policy / f"{version}.json"
        assert published.read_bytes() == archived.read_bytes(), published
        feed = load_json(published)
        assert "checks" not in feed
        assert feed["version"] == version and feed["language"] == language
        assert feed["feed_url"] == f"feeds/policies/{policy}/{version}.json"
        validator("policy.schema.json").validate(feed)
        # The version feed is the current feed less its checks and its cookies' source lines.
        current = load_json(root / entry["feed_url"])
        current["cookies"] = [{k: v for k, v in cookie.items() if k != "source"} for cookie in current["cookies"]]
        assert {key: value for key, value in current.items() if key not in ("checks", "feed_url")} == {
            key: value for key, value in feed.items() if key != "feed_url"
        }


# --- bugs found while writing these tests -----------------------------------------------------


def test_unchanged_policy_builds_with_the_dirhtml_builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing changed in the policy: another HTML builder must not be told to give it a new version."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    source = new_project(tmp_path, V1)
    status, warnings = build(source, tmp_path / "html")
    assert status == 0, warnings
    archive = files_under(source / "published")
    status, warnings = build(source, tmp_path / "dirhtml", "dirhtml")
    assert "[policy.published]" not in warnings
    assert status == 0, warnings
    assert files_under(source / "published") == archive


def test_in_process_rebuild_keeps_sphinx_build_info(history: History) -> None:
    """The same conf.py built again in the same process is the same configuration to Sphinx.

    _on_config_inited appends to config.templates_path in place; without templates_path
    in conf.py that list is Sphinx's process-wide default, so every build in a process
    adds the templates folder once more, the configuration hash changes, every build is
    a full rebuild, and even a build stopped by a policy error rewrites .buildinfo.
    """
    assert history.unchanged.output[".buildinfo"] == history.first.output[".buildinfo"]
    assert history.edited.output[".buildinfo"] == history.unchanged.output[".buildinfo"]
