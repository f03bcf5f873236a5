"""Nothing half-written: a failed build leaves every file of the last good build byte-identical.

The site builder builds each language into a staging folder and puts it in place
only when that language's build succeeded; a plain sphinx-build stops before
writing on a source error or on a warning while reading under --fail-on-warning,
and never writes feeds, the archive or the sitemap after a warning while writing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parents[1] / "roots"


def files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def project(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOTS / "test-i18n", source)
    conf = (source / "conf.py").read_text(encoding="utf-8")
    conf += 'policy_archive = "published"\npolicy_site_url = "https://example.no/policies/"\n'
    # The transparency findings of this small policy are not what these tests are about.
    conf += "from sphinx_policy.outputs.checks import CHECKS\n"
    conf += 'suppress_warnings = [f"policy.{code}" for code in CHECKS]\n'
    (source / "conf.py").write_text(conf, encoding="utf-8")
    # The edits these tests make go to a page of its own: the policy page's text is a published
    # version's, which a build refuses to change (tests/outputs/test_version_records.py).
    (source / "notes.md").write_text("---\norphan: true\n---\n\n# Notes\n\nSome notes.\n", encoding="utf-8")
    return source


def site(source: Path, output: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx_policy.site", str(source), str(output), "--jobs", "1"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=600,
    )


def sphinx_build(source: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", *extra, str(source), str(output)]
    command += ["-d", str(output.parent / "doctrees")]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def built_site(tmp_path: Path) -> tuple[Path, Path]:
    source = project(tmp_path)
    output = tmp_path / "html"
    result = site(source, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return source, output


def test_a_language_that_fails_keeps_its_last_good_output_and_the_others_are_built(
    built_site: tuple[Path, Path],
) -> None:
    source, output = built_site
    before = files(output)
    archive = files(source / "published")
    assert archive and any(name.startswith("nb/") for name in archive)
    # English changes; the Norwegian catalog breaks.
    append(source / "notes.md", "\nA closing remark on this page.\n")
    append(source / "locales" / "nb" / "LC_MESSAGES" / "index.po", '\nmsgid "Broken\nmsgstr "x"\n')
    result = site(source, output)
    assert result.returncode == 1
    assert "[nb] FAILED" in result.stdout and "FAILED: nb" in result.stdout
    assert f"build of nb (Norsk bokmål) failed: the last good output in {output / 'nb'} is unchanged" in (result.stderr)
    after = files(output)
    assert {name: data for name, data in after.items() if name.startswith("nb/")} == {
        name: data for name, data in before.items() if name.startswith("nb/")
    }
    assert b"A closing remark" in after["en/notes.html"]
    assert files(source / "published") == archive
    assert not [path for path in output.iterdir() if path.name.endswith((".staging", ".previous"))]


def test_a_build_failed_by_a_warning_changes_nothing_of_the_site(built_site: tuple[Path, Path]) -> None:
    """--fail-on-warning (the site builder's): a warning while writing (a broken reference) fails every
    language; pages, feeds, archive, sitemap and static files stay as the last good build left them."""
    source, output = built_site
    before, archive = files(output), files(source / "published")
    append(source / "notes.md", "\nSee {doc}`missing-page` as well.\n")
    result = site(source, output)
    assert result.returncode == 1, result.stdout
    assert "FAILED: en, nb" in result.stdout
    assert files(output) == before
    assert files(source / "published") == archive
    # The next build still fails: the warning is not forgotten with the failed build.
    assert site(source, output).returncode == 1
    assert files(output) == before


def test_the_site_builds_again_once_fixed(built_site: tuple[Path, Path]) -> None:
    source, output = built_site
    index = (source / "notes.md").read_text(encoding="utf-8")
    append(source / "notes.md", "\nSee {doc}`missing-page` as well.\n")
    assert site(source, output).returncode == 1
    (source / "notes.md").write_text(index + "\nFixed now.\n", encoding="utf-8")
    result = site(source, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"Fixed now." in (output / "en" / "notes.html").read_bytes()


@pytest.mark.parametrize(
    "broken",
    [
        # A warning while reading.
        "\n:::{no-such-directive}\ntext\n:::\n",
        # A policy source error.
        "\n:::{policy-statement} requirement\n:::\n",
        # A warning while writing pages, known only once some pages are written.
        "\nSee {doc}`missing-page` as well.\n",
    ],
)
def test_plain_sphinx_build_with_fail_on_warning_changes_nothing(tmp_path: Path, broken: str) -> None:
    """sphinx-build itself writes into a staging copy that takes the output's place only on success."""
    source = project(tmp_path)
    output = tmp_path / "out" / "html"
    assert sphinx_build(source, output, "-W").returncode == 0
    before, archive = files(output), files(source / "published")
    append(source / "notes.md", "\nA new paragraph.\n" + broken)
    result = sphinx_build(source, output, "--fail-on-warning")
    assert result.returncode == 1, result.stderr
    for crash in ("Traceback", "Extension error", "please open an issue"):
        assert crash not in result.stderr
    assert files(output) == before
    assert files(source / "published") == archive
    assert sorted(path.name for path in output.parent.iterdir()) == ["doctrees", "html"]
    # Fixed, it builds, incrementally, into the same place.
    (source / "notes.md").write_text(
        (source / "notes.md").read_text(encoding="utf-8").replace(broken, ""), encoding="utf-8"
    )
    result = sphinx_build(source, output, "--fail-on-warning")
    assert result.returncode == 0, result.stderr
    assert b"A new paragraph." in (output / "notes.html").read_bytes()
    assert sorted(path.name for path in output.parent.iterdir()) == ["doctrees", "html"]


def test_a_build_without_a_doctree_folder_keeps_its_doctrees_in_the_output(tmp_path: Path) -> None:
    """sphinx-build without -d keeps the doctrees in <output>/.doctrees; a staged build leaves them there."""
    source = project(tmp_path)
    output = tmp_path / "html"
    command = [sys.executable, "-m", "sphinx", "--fail-on-warning", "-b", "html", str(source), str(output)]
    assert subprocess.run(command, capture_output=True, check=False, timeout=600).returncode == 0
    assert (output / ".doctrees" / "environment.pickle").is_file() and (output / "index.html").is_file()
    append(source / "notes.md", "\nOne more line.\n")
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0
    assert "0 added, 1 changed, 0 removed" in result.stdout  # incremental: the environment was kept
    assert (output / ".doctrees" / "environment.pickle").is_file()
    assert b"One more line." in (output / "notes.html").read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["html", "src"]


@pytest.mark.parametrize(
    ("setting", "fragment"),
    [
        ('policy_languages = "en"', "policy_languages is 'en': give a list of language codes"),
        ("policy_languages = [", "error: "),
        # Python code in conf.py that fails: Sphinx's message, with the line of conf.py at fault.
        ("raise RuntimeError('boom')", 'conf.py", line 11, in <module>'),
    ],
)
def test_the_site_builder_refuses_a_broken_conf_py_with_a_message(tmp_path: Path, setting: str, fragment: str) -> None:
    source = project(tmp_path)
    append(source / "conf.py", setting + "\n")
    result = site(source, tmp_path / "html")
    assert result.returncode != 0
    assert fragment in result.stderr, result.stderr
    assert "please open an issue" not in result.stderr and "sphinx_policy/site.py" not in result.stderr
    assert not (tmp_path / "html").exists()


def test_a_build_without_warnings_as_errors_writes_in_place(tmp_path: Path) -> None:
    """No staging folder beside the output: a live preview watching it would build again and again."""
    source = project(tmp_path)
    output = tmp_path / "out" / "html"
    assert sphinx_build(source, output).returncode == 0
    seen = []
    for _ in range(2):
        append(source / "notes.md", "\nOne more line.\n")
        seen.append(sorted(path.name for path in output.parent.iterdir()))
        assert sphinx_build(source, output).returncode == 0
    assert seen == [["doctrees", "html"], ["doctrees", "html"]]
