"""Internal fields (security measures, owners, assessments, notes) reach no public file of a built site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sphinx_policy.source.directives import INTERNAL_OPTIONS
from tests.conftest import BuildResult, run_sphinx

ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-internal"
PUBLIC_MARKER = "qqpublicmarkerqq"  # in the policy's prose: every public output may show it
OTHER_PAGE_MARKER = "qqothersourceqq"  # in a page that is not a policy: its source is copied


def internal_markers() -> dict[str, str]:
    """Every internal option value the test root declares, by ``directive line: option``."""
    markers = {}
    for number, line in enumerate(ROOT.joinpath("index.md").read_text(encoding="utf-8").splitlines(), start=1):
        found = re.fullmatch(r":([a-z-]+):\s*(\S.*)", line)
        if found and found.group(1) in INTERNAL_OPTIONS:
            markers[f"line {number}: {found.group(1)}"] = found.group(2).strip()
    return markers


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    base = tmp_path_factory.mktemp("internal")
    # The doctrees hold the directives' options (as any Sphinx build's do) and are never published.
    result = run_sphinx(ROOT, base / "html", base / "doctrees")
    assert result.status == 0, result.warnings
    return result


def test_the_root_declares_every_internal_option_on_activities_and_recipients() -> None:
    markers = internal_markers()
    options = {where.split(": ")[1] for where in markers}
    assert options == set(INTERNAL_OPTIONS)
    assert len(markers) > len(INTERNAL_OPTIONS)  # on the activity and on the recipient
    assert len(set(markers.values())) == len(markers), "each marker must be unique"


def test_no_internal_value_is_in_any_file_of_the_built_site(built: BuildResult) -> None:
    outdir = Path(built.app.outdir)
    files = [path for path in outdir.rglob("*") if path.is_file()]
    names = {path.relative_to(outdir).as_posix() for path in files}
    # The scan covers what a leak would be in: pages, sources, search index, feeds.
    assert {"index.html", "searchindex.js", "_sources/other.md.txt", "feeds/policies/internal.json"} <= names
    leaks = []
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace").lower()
        for where, marker in internal_markers().items():
            if marker.lower() in text:
                leaks.append(f"{path.relative_to(outdir)} holds {marker} ({where})")
    assert leaks == []


def test_the_scan_would_see_a_leak(built: BuildResult) -> None:
    """The same scan finds public words in the page, the search index and a copied source."""
    outdir = Path(built.app.outdir)
    assert PUBLIC_MARKER in (outdir / "index.html").read_text(encoding="utf-8")
    assert PUBLIC_MARKER in (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert OTHER_PAGE_MARKER in (outdir / "_sources" / "other.md.txt").read_text(encoding="utf-8")


def test_the_policy_page_source_is_not_copied_nor_linked(built: BuildResult) -> None:
    outdir = Path(built.app.outdir)
    assert built.app.config.html_copy_source is True
    assert not (outdir / "_sources" / "index.md.txt").exists()
    assert "_sources/index.md" not in (outdir / "index.html").read_text(encoding="utf-8")
    assert "_sources/other.md" in (outdir / "other.html").read_text(encoding="utf-8")


def test_the_feed_has_no_internal_key(built: BuildResult) -> None:
    feed = json.loads((Path(built.app.outdir) / "feeds" / "policies" / "internal.json").read_text(encoding="utf-8"))
    for record in [*feed["activities"], *feed["recipients"]]:
        assert "internal" not in record
    assert feed["activities"][0]["id"] == "newsletter"  # the record itself is published


def test_the_record_of_processing_activities_holds_every_internal_value(
    tmp_path: Path,
) -> None:
    result = run_sphinx(ROOT, tmp_path / "ropa", tmp_path / "doctrees", "ropa")
    assert result.status == 0, result.warnings
    record = (tmp_path / "ropa" / "internal.csv").read_text(encoding="utf-8-sig")
    missing = [marker for marker in internal_markers().values() if marker not in record]
    assert missing == []
