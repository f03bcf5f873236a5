"""Published versions as legal records: the whole text in the archive, a page per version, impact and
notice, announced versions, redlines, fragments, and located errors for bad input (issue #14)."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from defusedxml import ElementTree
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from tests.conftest import LANGUAGES, BuiltSite, load_json
from tests.outputs.test_versions import (
    POLICIES,
    SITE_URL,
    build,
    files_under,
    new_project,
    redline_sides,
    text,
    validator,
    without_build_info,
)

# 2025-01-01T00:00:00Z: the build's day in these tests.
DAY_0 = 1735689600
ONE_DAY = 86400

INTRO = "We keep to a few principles when we handle your data."
INTRO_EDITED = "We keep to some principles when we handle your data."
HEADING = "How we work"
ATOM = "{http://www.w3.org/2005/Atom}"


def policy(
    version: str,
    intro: str = INTRO,
    heading: str = HEADING,
    purpose: str = "Sending the newsletter.",
    history: str = "",
    retention: str = "P1Y",
) -> str:
    """A policy with prose outside every directive (a heading, a paragraph, a list)."""
    return f"""# Privacy policy of Example AS

:::{{policy}} example
:version: {version}

This policy explains how Example AS handles personal data.
:::

## {heading}

{intro}

- We collect little.
- We keep it safe.

## Who we are

:::{{policy-controller}}
:name: Example AS
:country: NO
:email: privacy@example.no
:::

## Newsletter

::::{{policy-activity}} newsletter
:legal-basis: consent
:retention: {retention}

We send a monthly newsletter.

:::{{policy-purposes}}
- {purpose}
:::

:::{{policy-data}}
- Email address
:::
::::

## Versions

:::{{policy-version}} 1.0
:date: 2024-01-01
:impact: major

First version.
:::
{history}"""


def second_version(date: str, impact: str, extra: str = "") -> str:
    return f"""
:::{{policy-version}} 2.0
:date: {date}
:impact: {impact}
{extra}
What changed in 2.0.
:::
"""


def day(offset_days: int) -> str:
    return datetime.date.fromtimestamp(DAY_0 + offset_days * ONE_DAY).isoformat()


@pytest.fixture
def at_day_0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(DAY_0))


def published_v1(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose version 1.0 was published; its source and output folders."""
    source = new_project(tmp_path, policy("1.0"))
    outdir = tmp_path / "html"
    status, warnings = build(source, outdir)
    assert status == 0, warnings
    return source, outdir


def write_index(source: Path, content: str) -> None:
    (source / "index.md").write_text(content, encoding="utf-8")


def line_of(content: str, needle: str) -> int:
    return next(number for number, line in enumerate(content.splitlines(), 1) if needle in line)


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- 1. the whole text is archived, and a published version's text never changes -------------


def test_the_archive_keeps_the_whole_text_beside_the_data(tmp_path: Path, at_day_0: None) -> None:
    source, _ = published_v1(tmp_path)
    kept = source / "published" / "en" / "example" / "1.0.text.json"
    document = load_json(kept)
    validator("policy-text.schema.json").validate(document)
    assert (document["id"], document["version"], document["language"]) == ("example", "1.0", "en")
    assert document["published"] == "2025-01-01"
    authored = [(block["kind"], block.get("text")) for block in document["blocks"] if not block.get("generated")]
    assert ("heading", "Privacy policy of Example AS") in authored
    assert ("heading", HEADING) in authored
    assert ("paragraph", INTRO) in authored
    assert ("item", "We collect little.") in authored
    # The facts the extension renders from the declarations are kept too, marked as generated.
    generated = [block for block in document["blocks"] if block.get("generated")]
    assert any(["Purposes", "Sending the newsletter."] in block.get("rows", []) for block in generated), generated
    # One block per line, so a diff of two versions reads block by block.
    lines = kept.read_text(encoding="utf-8").splitlines()
    assert any(line.strip().startswith('{"kind": "paragraph", "text": "We keep to a few') for line in lines)


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda text: text.replace(INTRO, INTRO_EDITED), INTRO_EDITED),
        (lambda text: text.replace(f"## {HEADING}", "## How we really work"), "## How we really work"),
        (lambda text: text.replace("- We keep it safe.\n", "- We keep it safe.\n- We sell it.\n"), "We sell it."),
    ],
    ids=["paragraph", "heading", "list-item"],
)
def test_a_prose_change_outside_any_directive_is_refused(tmp_path: Path, at_day_0: None, edit, needle: str) -> None:
    source, outdir = published_v1(tmp_path)
    before, archive_before = files_under(outdir), files_under(source / "published")
    changed = edit(policy("1.0"))
    write_index(source, changed)

    status, warnings = build(source, outdir)

    assert status == 1
    assert "Traceback" not in warnings
    errors = [line for line in warnings.splitlines() if "[policy.published]" in line]
    assert len(errors) == 1, warnings
    assert (
        f"index.md:{line_of(changed, needle)}: ERROR: policy 'example': version 1.0 was published with other text"
        in errors[0]
    )
    assert needle.removeprefix("## ") in errors[0] and "give the policy a new :version:" in errors[0]
    assert without_build_info(files_under(outdir)) == without_build_info(before)
    assert files_under(source / "published") == archive_before


# --- 2. every version has a page, from the archive ---------------------------------------------


def test_an_old_version_page_shows_the_old_text_after_a_new_version(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    write_index(source, policy("2.0", intro=INTRO_EDITED, history=second_version("2024-06-01", "minor")))
    status, warnings = build(source, outdir)
    assert status == 0, warnings

    old, new = outdir / "policies" / "example" / "1.0.html", outdir / "policies" / "example" / "2.0.html"
    old_page, new_page = soup_of(old), soup_of(new)
    old_text, new_text = (
        text(old_page.select_one(".policy-archived-text")),
        text(new_page.select_one(".policy-archived-text")),
    )
    assert INTRO in old_text and INTRO_EDITED not in old_text
    assert INTRO_EDITED in new_text and INTRO not in new_text
    notice = old_page.select_one(".policy-version-notice")
    assert notice is not None and "policy-version-earlier" in notice["class"]
    assert "earlier version" in text(notice) and "applied until June 1, 2024" in text(notice)
    assert "policy-version-current" in new_page.select_one(".policy-version-notice")["class"]
    # The old page links to the current version, to what changed and to its data; every link resolves.
    links = {text(link): (old.parent / str(link["href"])).resolve() for link in notice.select("a[href]")}
    assert links["The current version"] == outdir / "index.html"
    assert links["This version's data (JSON)"] == outdir / "feeds" / "policies" / "example" / "1.0.json"
    new_links = {
        text(link): (new.parent / str(link["href"])).resolve()
        for link in new_page.select(".policy-version-notice a[href]")
    }
    assert new_links["What changed"] == outdir / "changes" / "example" / "2.0.html"
    # The current page lists every version, newest first, each linked to its page.
    history = soup_of(outdir / "index.html").select_one(".policy-history")
    assert history is not None
    items = [(text(item), (outdir / str(item.a["href"])).resolve()) for item in history.select("li")]
    assert [target for _, target in items] == [new, old]
    assert "(current version)" in items[0][0] and "(earlier version)" in items[1][0]
    # Stable URLs in the sitemap.
    urlset = ElementTree.fromstring((outdir / "sitemap.xml").read_bytes())
    locs = {url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for url in urlset}
    assert {
        "https://example.no/policies/policies/example/1.0.html",
        "https://example.no/policies/policies/example/2.0.html",
    } <= locs


def test_the_change_page_shows_a_redline_of_the_prose(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    write_index(source, policy("2.0", intro=INTRO_EDITED, history=second_version("2024-06-01", "minor")))
    assert build(source, outdir)[0] == 0
    page = soup_of(outdir / "changes" / "example" / "2.0.html")
    assert "Minor change; in effect from June 1, 2024" in text(page.select_one(".policy-change-facts"))
    changed = [line for line in page.select(".policy-redline-changed") if "principles" in text(line)]
    assert len(changed) == 1
    assert redline_sides(changed[0]) == (INTRO, INTRO_EDITED)
    assert [text(node) for node in changed[0].select("del")] == ["[deleted: a few ]"]
    assert [text(node) for node in changed[0].select("ins")] == ["[inserted: some ]"]
    # Not colour alone: struck and underlined in the stylesheet, and words for screen readers.
    css = (outdir / "_static" / "policy.css").read_text(encoding="utf-8")
    assert re.search(r"\.policy-redline del[^{]*\{[^}]*line-through", css)
    assert re.search(r"\.policy-redline ins[^{]*\{[^}]*underline", css)
    assert re.search(r"\.policy-visually-hidden\s*\{[^}]*clip", css)


# --- 3. impact and notice -----------------------------------------------------------------------


def test_a_version_without_an_impact_is_a_located_error(tmp_path: Path) -> None:
    content = policy("2.0", history=second_version("2024-06-01", "minor").replace(":impact: minor\n", ""))
    source = new_project(tmp_path, content)
    status, warnings = build(source, tmp_path / "html")
    assert status == 1 and "Traceback" not in warnings
    line = line_of(content, ":::{policy-version} 2.0")
    assert f"index.md:{line}: ERROR: policy-version '2.0': the 'impact' option is missing" in warnings
    assert not (tmp_path / "html" / "index.html").exists()


def test_an_unknown_impact_is_a_located_error(tmp_path: Path) -> None:
    content = policy("2.0", history=second_version("2024-06-01", "huge"))
    status, warnings = build(new_project(tmp_path, content), tmp_path / "html")
    assert status == 1
    assert "unknown impact 'huge': use one of major, minor, editorial" in warnings


def test_a_major_change_with_too_little_notice_is_refused(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    before = files_under(outdir)
    content = policy("2.0", purpose="Sending offers.", history=second_version(day(10), "major"))
    write_index(source, content)
    status, warnings = build(source, outdir)
    assert status == 1 and "Traceback" not in warnings
    line = line_of(content, ":::{policy-version} 2.0")
    assert f"index.md:{line}: ERROR: policy-version '2.0' is a major change that takes effect on {day(10)}" in warnings
    assert "published at least 30 days before it takes effect" in warnings and f"{day(30)} or later" in warnings
    assert without_build_info(files_under(outdir)) == without_build_info(before)
    assert not (source / "published" / "en" / "example" / "2.0.json").exists()


def test_a_major_change_with_a_reason_or_enough_notice_is_published(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    reason = ":notice-reason: The new law applies from that day.\n"
    write_index(source, policy("2.0", purpose="Sending offers.", history=second_version(day(10), "major", reason)))
    status, warnings = build(source, outdir)
    assert status == 0, warnings
    (source / "published" / "en" / "example" / "2.0.json").unlink()
    (source / "published" / "en" / "example" / "2.0.text.json").unlink()
    write_index(source, policy("2.0", purpose="Sending offers.", history=second_version(day(30), "major")))
    status, warnings = build(source, outdir)
    assert status == 0, warnings


def test_the_notice_period_is_configurable(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("policy_notice_days = 5\n")
    write_index(source, policy("2.0", purpose="Sending offers.", history=second_version(day(10), "major")))
    assert build(source, outdir)[0] == 0


def test_an_editorial_version_may_not_change_facts(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    # Wording may change in an editorial version (a purpose's too: a better translation); facts may not.
    content = policy("2.0", retention="P2Y", history=second_version("2024-06-01", "editorial"))
    write_index(source, content)
    status, warnings = build(source, outdir)
    assert status == 1
    line = line_of(content, ":::{policy-version} 2.0")
    assert f"index.md:{line}: ERROR: policy-version '2.0' is marked :impact: editorial but changes facts" in warnings
    assert "(retention-changed)" in warnings
    # A better wording is editorial: no notice is needed, even for a date before the build.
    write_index(source, policy("2.0", intro=INTRO_EDITED, history=second_version("2024-06-01", "editorial")))
    status, warnings = build(source, outdir)
    assert status == 0, warnings


# --- 3. an announced version: the notice appears and goes with the build's day -----------------


def incremental_build(source: Path, outdir: Path) -> tuple[int, str]:
    """A build that keeps the environment of the last one, as sphinx-build does by default."""
    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(source, source, outdir, outdir.parent / ".doctrees-html", "html", None, warnings, freshenv=False)
        try:
            app.build()
            status = app.statuscode
        except SystemExit as stop:
            status = int(stop.code or 0)
    return status, warnings.getvalue()


def test_an_announced_version_keeps_the_current_page_until_its_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at_day_0: None
) -> None:
    source = new_project(tmp_path, policy("1.0"))
    outdir = tmp_path / "html"
    assert incremental_build(source, outdir)[0] == 0
    effective = day(40)
    write_index(source, policy("2.0", intro=INTRO_EDITED, history=second_version(effective, "major")))
    status, warnings = incremental_build(source, outdir)
    assert status == 0, warnings

    page = soup_of(outdir / "index.html")
    notice = page.select_one(".policy-upcoming")
    assert notice is not None
    assert "This policy changes on February 10, 2025:" in text(notice)
    links = {text(link): (outdir / str(link["href"])).resolve() for link in notice.select("a[href]")}
    assert links == {
        "see what changes": outdir / "changes" / "example" / "2.0.html",
        "read the new version": outdir / "policies" / "example" / "2.0.html",
    }
    assert all(target.is_file() for target in links.values())
    body = text(page.select_one("body"))
    assert INTRO in body and INTRO_EDITED not in body  # the version in effect
    # The page in effect keeps its head: the line of links and the list of versions, each linked.
    assert page.select_one("h1") is not None and text(page.select_one("h1")).startswith("Privacy policy of Example AS")
    history = [(text(item), item.a) for item in page.select(".policy-history li")]
    assert [words for words, _ in history] == [
        "Version 2.0 (in effect from February 10, 2025) (takes effect on February 10, 2025)",
        "Version 1.0 (in effect from January 1, 2024) (current version)",
    ]
    assert all(link is not None and (outdir / str(link["href"])).is_file() for _, link in history)
    feed_links = {(outdir / str(link["href"])).resolve() for link in page.select(".policy-feed-link a")}
    assert outdir / "feeds" / "policies" / "example.json" in feed_links, feed_links
    upcoming = soup_of(outdir / "policies" / "example" / "2.0.html")
    assert "policy-version-upcoming" in upcoming.select_one(".policy-version-notice")["class"]
    assert "takes effect on February 10, 2025" in text(upcoming.select_one(".policy-version-notice"))
    # The change feeds carry the day it takes effect and its impact.
    items = {item["_sphinx_policy"]["version"]: item for item in load_json(outdir / "feeds" / "changes.json")["items"]}
    assert items["2.0"]["_sphinx_policy"]["effective"] == effective
    assert items["2.0"]["_sphinx_policy"]["impact"] == "major"
    # Dated the day it was announced (published), not in the future.
    assert items["2.0"]["date_published"] == "2025-01-01T00:00:00Z"
    atom = ElementTree.fromstring((outdir / "feeds" / "changes.atom").read_bytes())
    entry = next(e for e in atom.findall(f"{ATOM}entry") if e.findtext(f"{ATOM}title", "").endswith("2.0"))
    assert entry.findtext("{https://sphinx-policy.github.io/ns/changes/1.0}effective") == effective
    assert "major" in [category.get("term") for category in entry.findall(f"{ATOM}category")]

    # The first build on or after the day makes the new version current, with no change to the sources.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(DAY_0 + 40 * ONE_DAY))
    status, warnings = incremental_build(source, outdir)
    assert status == 0, warnings
    page = soup_of(outdir / "index.html")
    assert page.select_one(".policy-upcoming") is None
    body = text(page.select_one("body"))
    assert INTRO_EDITED in body and INTRO not in body
    current = soup_of(outdir / "policies" / "example" / "2.0.html")
    assert "policy-version-current" in current.select_one(".policy-version-notice")["class"]


def test_a_version_without_a_page_is_listed_without_a_link(tmp_path: Path, at_day_0: None) -> None:
    source = new_project(tmp_path, policy("2.0", history=second_version("2024-06-01", "minor")))
    assert build(source, tmp_path / "html")[0] == 0
    items = soup_of(tmp_path / "html" / "index.html").select(".policy-history li")
    assert [(text(item), item.a is not None) for item in items] == [
        ("Version 2.0 (in effect from June 1, 2024) (current version)", True),
        ("Version 1.0 (in effect from January 1, 2024) (earlier version)", False),  # never archived here
    ]


def test_an_announced_version_needs_the_text_of_the_version_in_effect(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    (source / "published" / "en" / "example" / "1.0.text.json").unlink()
    content = policy("2.0", intro=INTRO_EDITED, history=second_version(day(40), "major"))
    write_index(source, content)
    status, warnings = build(source, outdir)
    assert status == 1
    line = line_of(content, ":::{policy-version} 2.0")
    assert f"index.md:{line}: ERROR: policy-version '2.0' takes effect on {day(40)}, so until then" in warnings
    assert "the archive holds no text of it" in warnings


def test_an_undated_major_version_is_asked_for_its_date(tmp_path: Path, at_day_0: None) -> None:
    source, outdir = published_v1(tmp_path)
    write_index(
        source,
        policy(
            "2.0",
            purpose="Sending offers.",
            history=second_version(day(40), "major").replace(f":date: {day(40)}\n", ""),
        ),
    )
    status, warnings = build(source, outdir)
    assert status == 1
    assert "policy-version '2.0' is a major change without a :date:" in warnings and f"{day(30)} or later" in warnings


# --- 5. fragments ----------------------------------------------------------------------------------


def test_fragments_are_the_text_alone_escaped(tmp_path: Path, at_day_0: None) -> None:
    hostile = "Our partner \\<script>alert(1)\\</script> & \\<img src=x onerror=alert(2)>."
    source = new_project(tmp_path, policy("1.0", intro=hostile))
    status, warnings = build(source, tmp_path / "html")
    assert status == 0, warnings
    raw = (tmp_path / "html" / "fragments" / "example" / "1.0.html").read_text(encoding="utf-8")
    fragment = BeautifulSoup(raw, "html.parser")
    article = fragment.find("article")
    assert isinstance(article, Tag) and article["lang"] == "en" and article["data-version"] == "1.0"
    assert raw.strip().startswith("<article") and raw.strip().endswith("</article>")
    assert not fragment.find_all(["script", "style", "link", "img", "iframe"])
    assert not [attribute for tag in fragment.find_all(True) for attribute in tag.attrs if attribute.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "Our partner <script>alert(1)</script> & <img src=x onerror=alert(2)>." in text(article)


# --- 6. bad input in the archive ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[:50]),
        lambda path: path.write_text("[1, 2]", encoding="utf-8"),
        lambda path: path.write_bytes(b"\xff\xfe" + path.read_bytes()),
        lambda path: path.write_text(
            path.read_text(encoding="utf-8").replace('"kind": "paragraph"', '"kind": "script"', 1), encoding="utf-8"
        ),
        lambda path: path.write_text(
            path.read_text(encoding="utf-8").replace('"id": "example"', '"id": "other"'), encoding="utf-8"
        ),
        lambda path: (path.unlink(), path.mkdir()),
    ],
    ids=["truncated", "not-an-object", "not-utf8", "unknown-block", "other-policy", "folder"],
)
def test_a_damaged_archived_text_is_a_located_error(tmp_path: Path, at_day_0: None, damage) -> None:
    source, outdir = published_v1(tmp_path)
    before = files_under(outdir)
    kept = source / "published" / "en" / "example" / "1.0.text.json"
    damage(kept)
    status, warnings = build(source, outdir)
    assert status == 1
    assert "Traceback" not in warnings and "Exception occurred" not in warnings
    errors = [line for line in warnings.splitlines() if "[policy.archive]" in line]
    assert errors and all(str(kept) in line for line in errors), warnings
    assert "restore it from version control" in errors[0] or "remove it" in errors[0]
    assert without_build_info(files_under(outdir)) == without_build_info(before)


def test_an_effective_date_other_than_the_current_versions_is_a_located_error(tmp_path: Path) -> None:
    content = policy("2.0", history=second_version("2024-06-01", "minor")).replace(
        ":version: 2.0\n", ":version: 2.0\n:effective: 2024-05-01\n"
    )
    status, warnings = build(new_project(tmp_path, content), tmp_path / "html")
    assert status == 1
    assert "index.md:3: ERROR: policy 'example': :effective: is 2024-05-01 but its current version '2.0'" in warnings


def test_a_future_date_before_the_previous_version_is_a_located_error(tmp_path: Path, at_day_0: None) -> None:
    content = policy("2.0", history=second_version("2023-06-01", "minor"))
    status, warnings = build(new_project(tmp_path, content), tmp_path / "html")
    assert status == 1
    line = line_of(content, ":::{policy-version} 2.0")
    assert f"index.md:{line}: ERROR: policy-version '2.0' is dated 2023-06-01, before '1.0'" in warnings


# --- the site: every seed policy's current version in three languages --------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_seed_policy_is_archived_with_its_text_and_readable_at_its_url(site: BuiltSite, language: str) -> None:
    root = site.language(language)
    archive = Path(__file__).resolve().parents[2] / "docs" / "published" / language
    sitemap = ElementTree.fromstring((root / "sitemap.xml").read_bytes())
    entries = {
        url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"): {
            link.get("hreflang") for link in url.findall("{http://www.w3.org/1999/xhtml}link")
        }
        for url in sitemap
    }
    for policy_id in POLICIES:
        version = load_json(root / "feeds" / "policies" / f"{policy_id}.json")["version"]
        kept = load_json(archive / policy_id / f"{version}.text.json")
        validator("policy-text.schema.json").validate(kept)
        assert kept["language"] == language
        page = root / "policies" / policy_id / f"{version}.html"
        shown = text(soup_of(page).select_one(".policy-archived-text"))
        for block in kept["blocks"]:
            if block["kind"] in ("heading", "paragraph", "item"):
                assert " ".join(block["text"].split()) in shown, (policy_id, block)
        # The text is the language's: its first heading is the page's title in that language.
        title = text(soup_of(root / "policies" / f"{policy_id}.html").find("h1"))
        assert kept["blocks"][0] == {"kind": "heading", "level": 1, "text": title.rstrip("#¶").strip()}
        url = f"{SITE_URL}{language}/policies/{policy_id}/{version}.html"
        assert entries.get(url) == set(LANGUAGES), url
        fragment = (root / "fragments" / policy_id / f"{version}.html").read_text(encoding="utf-8")
        assert f'lang="{language}"' in fragment and "<script" not in fragment
        history = soup_of(root / "policies" / f"{policy_id}.html").select_one(".policy-history a[href]")
        assert history is not None and (root / "policies" / str(history["href"])).resolve() == page.resolve()


def test_site_archive_texts_are_committed_and_stable(site: BuiltSite) -> None:
    """The site's build wrote no new archive file: every version's text is committed with the sources."""
    archive = Path(__file__).resolve().parents[2] / "docs" / "published"
    for language in LANGUAGES:
        for policy_id in POLICIES:
            folder = archive / language / policy_id
            data = sorted(path.name for path in folder.iterdir() if not path.name.endswith(".text.json"))
            texts = sorted(path.name for path in folder.iterdir() if path.name.endswith(".text.json"))
            assert [name.removesuffix(".json") for name in data] == [name.removesuffix(".text.json") for name in texts]
            for name in texts:
                assert json.loads((folder / name).read_text(encoding="utf-8"))["format"] == 1
