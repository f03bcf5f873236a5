"""Bad policy sources stop the build with a located message and write nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

ROOTS = Path(__file__).resolve().parents[1] / "roots"


def warnings_of(app: Any) -> str:
    """The warning stream as plain text (Sphinx may colour it with ANSI escapes)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


class Expected(NamedTuple):
    file: str
    line: int
    fragment: str
    code: str


# Each error root, and every error its build must report (no more, no fewer).
# The line is that of the opening fence of the directive at fault.  The roots leave
# a blank line after '::::{policy-cookies}': myst-parser 5.2 reports a directive
# nested directly on the line after its parent's fence one line too low.
CASES: dict[str, list[Expected]] = {
    "error-legal-basis": [
        Expected(
            "index.md",
            9,
            "policy-activity 'newsletter': option 'legal-basis': unknown legal basis 'gossip': "
            "use one of consent, contract, legal-obligation, vital-interests, public-task, legitimate-interests",
            "legal-basis",
        ),
    ],
    "error-duration": [
        Expected(
            "index.md",
            12,
            "policy-cookie '_ga': option 'lifetime': 'two years' is not an ISO 8601 duration: write it as P2Y",
            "duration",
        ),
    ],
    "error-date": [
        Expected("index.md", 5, "option 'effective': '2023-02-30' is not a date: write it as YYYY-MM-DD", "date-value"),
        Expected("index.md", 5, "option 'updated': '8 Feb 2023' is not a date: write it as YYYY-MM-DD", "date-value"),
    ],
    "error-duplicate-activity": [
        Expected("index.md", 17, "policy-activity 'newsletter': declared twice (first on line 9)", "duplicate"),
    ],
    "error-duplicate-policy": [
        Expected("other.md", 5, "policy 'shared-id': the id is already used by index", "duplicate"),
    ],
    "error-missing-version": [
        Expected("index.md", 3, "policy 'missing-version': the 'version' option is missing", "missing-field"),
    ],
    "error-missing-lifetime": [
        Expected("index.md", 11, "policy-cookie '_gid': the 'lifetime' option is missing", "missing-field"),
    ],
    "error-category": [
        Expected(
            "index.md",
            11,
            "policy-cookie '_gid': option 'category': unknown cookie category 'tracking': "
            "use one of necessary, preferences, statistics, marketing",
            "category",
        ),
    ],
    "error-storage": [
        Expected(
            "index.md",
            12,
            "policy-cookie 'visits': option 'storage': unknown storage 'flash': "
            "use one of cookie, localStorage, sessionStorage, indexedDB",
            "storage",
        ),
    ],
    "error-org-number": [
        Expected(
            "index.md",
            9,
            "option 'org-number': '924 815 745' is not a valid Norwegian organisation number",
            "org-number",
        ),
    ],
    "error-placement": [
        Expected("index.md", 9, "policy-cookie: put it inside a policy-cookies block", "placement"),
    ],
    "error-reference": [
        Expected("index.md", 9, "policy-activity 'newsletter': recipient 'mailer' is not declared", "reference"),
    ],
    # Blocks nested in an activity are located at their own lines.
    "error-safeguard": [
        Expected("index.md", 14, "policy-subjects: the block is empty", "missing-field"),
        Expected(
            "index.md",
            17,
            "policy-transfer: option 'safeguard': unknown transfer safeguard 'model-clauses': "
            "use one of adequacy-decision, standard-contractual-clauses",
            "safeguard",
        ),
    ],
    "error-recipient-role": [
        Expected(
            "index.md",
            9,
            "policy-recipient 'mail-provider': option 'role': unknown recipient role 'vendor': use one of processor",
            "recipient-role",
        ),
    ],
}


def run_build(app: Any) -> int:
    """Build and return the exit status sphinx-build would give.

    A policy error may end the build by setting the status or by raising
    SystemExit before anything is written; either way the status must be 1.
    """
    try:
        app.build()
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 1
    return int(app.statuscode)


def error_lines(warnings: str) -> list[str]:
    """The located errors: '<file>:<line>: ERROR: ...'."""
    return [line for line in warnings.splitlines() if re.match(r"\S.*:\d+: ERROR: ", line)]


def assert_reported(warnings: str, srcdir: Path, expected: list[Expected]) -> None:
    """Every expected error is reported once with file, exact line and code, and nothing else."""
    lines = error_lines(warnings)
    assert len(lines) == len(expected), warnings
    for item in expected:
        source_line = (srcdir / item.file).read_text(encoding="utf-8").splitlines()[item.line - 1]
        assert re.match(r":{3,}\{policy", source_line), f"{item.file}:{item.line} is not a directive: {source_line}"
        pattern = (
            re.escape(f"{srcdir / item.file}:{item.line}: ERROR: ")
            + ".*"
            + re.escape(item.fragment)
            + ".*"
            + re.escape(f" [policy.{item.code}]")
            + r"\Z"
        )
        matching = [line for line in lines if re.search(pattern, line)]
        assert len(matching) == 1, f"{item} not reported once in:\n{warnings}"
    assert "Traceback" not in warnings


def written_files(outdir: Path) -> list[Path]:
    return sorted(path for path in outdir.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "case",
    [pytest.param(name, id=name, marks=pytest.mark.sphinx("html", testroot=name, freshenv=True)) for name in CASES],
)
def test_error_stops_the_build_with_a_located_message(app: Any, case: str) -> None:
    status = run_build(app)
    warnings = warnings_of(app)
    assert status == 1, warnings
    assert_reported(warnings, Path(app.srcdir), CASES[case])
    assert "Traceback" not in app.status.getvalue()
    outdir = Path(app.outdir)
    assert not (outdir / "feeds").exists()
    assert not (outdir / "index.html").exists()
    assert written_files(outdir) == []  # no page, no asset, no feed


def copy_root(name: str, target: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def touch_later(path: Path, seconds: int) -> None:
    """Give an edited source an mtime Sphinx cannot mistake for the last read."""
    stamp = time.time() + seconds
    os.utime(path, (stamp, stamp))


def test_broken_source_keeps_last_good_output_until_fixed(make_app: Callable[..., Any], tmp_path: Path) -> None:
    srcdir = copy_root("cookies", tmp_path / "project")
    source = srcdir / "index.md"
    good_text = source.read_text(encoding="utf-8")

    app = make_app("html", srcdir=srcdir)
    assert run_build(app) == 0, warnings_of(app)
    outdir = Path(app.outdir)
    feed = outdir / "feeds" / "policies" / "cookies.json"
    watched = [feed, outdir / "feeds" / "index.json", outdir / "index.html"]
    before = {path: path.read_bytes() for path in watched}
    assert b'"P2Y"' in before[feed]

    # Break the _ga cookie's lifetime (its directive is on line 21).
    assert good_text.count(":lifetime: P2Y") == 1
    source.write_text(good_text.replace(":lifetime: P2Y", ":lifetime: two years"), encoding="utf-8")
    touch_later(source, 10)
    broken = make_app("html", srcdir=srcdir)
    assert run_build(broken) == 1
    assert_reported(
        warnings_of(broken),
        srcdir,
        [Expected("index.md", 21, "policy-cookie '_ga': option 'lifetime': 'two years'", "duration")],
    )
    assert {path: path.read_bytes() for path in watched} == before

    # Fix it with another lifetime: the build succeeds and the outputs follow the source.
    source.write_text(good_text.replace(":lifetime: P2Y", ":lifetime: P1Y"), encoding="utf-8")
    touch_later(source, 20)
    fixed = make_app("html", srcdir=srcdir)
    assert run_build(fixed) == 0, warnings_of(fixed)
    assert error_lines(warnings_of(fixed)) == []
    after = feed.read_bytes()
    assert after != before[feed]
    assert b'"P1Y"' in after and b'"P2Y"' not in after
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "<p>1 year</p>" in html and "<p>2 years</p>" not in html


def test_unchanged_broken_project_fails_again(make_app: Callable[..., Any], tmp_path: Path) -> None:
    srcdir = copy_root("error-date", tmp_path / "project")
    first = make_app("html", srcdir=srcdir)
    assert run_build(first) == 1

    # Nothing changed: running the build again does not make it pass.
    second = make_app("html", srcdir=srcdir)
    assert run_build(second) == 1
    assert_reported(warnings_of(second), srcdir, CASES["error-date"])
    assert error_lines(warnings_of(second)) == error_lines(warnings_of(first))
    assert written_files(Path(second.outdir)) == []


def test_all_problems_of_a_page_reported_in_one_build(make_app: Callable[..., Any], tmp_path: Path) -> None:
    """An author sees every problem at once, in source order, not one per build."""
    srcdir = copy_root("error-legal-basis", tmp_path / "project")
    source = srcdir / "index.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(":version: 1\n", ":version: 1\n:updated: yesterday\n"), encoding="utf-8")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    assert run_build(app) == 1
    warnings = warnings_of(app)
    assert_reported(
        warnings,
        srcdir,
        [
            Expected("index.md", 3, "option 'updated': 'yesterday' is not a date", "date-value"),
            Expected("index.md", 10, "unknown legal basis 'gossip'", "legal-basis"),
        ],
    )
    lines = error_lines(warnings)
    assert "[policy.date-value]" in lines[0] and "[policy.legal-basis]" in lines[1]


def test_sphinx_build_exits_with_status_1_and_no_crash_report(tmp_path: Path) -> None:
    """What an author sees at the command line: the located message, status 1, no crash report."""
    srcdir = copy_root("error-category", tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(srcdir), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert f"{srcdir / 'index.md'}:11: ERROR: policy-cookie '_gid': option 'category'" in output
    assert "[policy.category]" in output
    for crash in ("Traceback", "Extension error", "please open an issue"):
        assert crash not in output
    assert not (tmp_path / "out" / "index.html").exists()


def test_no_input_error_can_be_suppressed_as_a_transparency_check() -> None:
    """Sites suppress check codes (suppress_warnings = ["policy.<check>"]); Sphinx filters errors of
    the same type and subtype too, so an input error sharing a check's code would vanish unreported."""
    from sphinx_policy.outputs.checks import CHECKS

    package = Path(__file__).resolve().parents[2] / "ext" / "sphinx_policy"
    source = "\n".join(path.read_text(encoding="utf-8") for path in sorted(package.rglob("*.py")))
    codes = set(re.findall(r'checked\([^)]*?"([a-z-]+)"\)', source))
    codes |= set(re.findall(r'"code": "([a-z-]+)"', source))
    codes |= set(re.findall(r'(?:note_error|problem)\([^)]*?"([a-z-]+)"\)', source))
    assert {"date-value", "duration", "published", "translation", "config"} <= codes
    assert codes & set(CHECKS) == set()
