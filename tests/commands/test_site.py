"""The multilingual site builder: the whole site, one language, and languages joined from separate builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import DOCS, LANGUAGES, BuiltSite


def test_site_builds_without_warnings(site: BuiltSite) -> None:
    assert site.warnings == {"en": "", "nb": "", "sv": ""}
    assert (site.html / "policies" / "weme.html").is_file()


def _site_command(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1764547200"}
    return subprocess.run(
        [sys.executable, "-m", "sphinx_policy.site", *arguments],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=900,
    )


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_languages_built_apart_and_assembled_equal_one_full_build(tmp_path: Path) -> None:
    """A CI matrix (one language per machine) joined with --assemble gives the bytes of one build.

    Each build runs in the same folder, as each machine of a matrix has the checkout at the
    same path (Sphinx's .buildinfo hashes configuration values that hold build paths).
    """
    work = tmp_path / "work"

    def build(*arguments: str) -> subprocess.CompletedProcess[str]:
        result = _site_command(str(DOCS), str(work / "html"), *arguments)
        assert result.returncode == 0, result.stderr
        return result

    build()
    shutil.move(work, tmp_path / "full")
    parts = []
    for language in LANGUAGES:
        result = build("--language", language, "--jobs", "1")
        # One language alone: its folder, and no site-wide files until the others join it.
        assert sorted(path.name for path in (work / "html").iterdir()) == [language]
        assert "site-wide files not written yet" in result.stdout
        shutil.move(work, tmp_path / f"part-{language}")
        parts.append(str(tmp_path / f"part-{language}" / "html"))
    joined = _site_command(str(DOCS), str(tmp_path / "assembled" / "html"), "--assemble", *parts)
    assert joined.returncode == 0, joined.stderr
    expected, assembled = _files(tmp_path / "full"), _files(tmp_path / "assembled")
    expected = {name: content for name, content in expected.items() if not name.startswith("doctrees/")}
    assert sorted(assembled) == sorted(expected)
    different = [name for name in expected if expected[name] != assembled[name]]
    assert different == []
    for name in ("html/index.html", "html/_headers", "html/.nojekyll", "html/sitemap.xml", "hosting/nginx.conf"):
        assert name in assembled


def test_assemble_names_the_missing_language_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "part" / "en" / "feeds").mkdir(parents=True)
    (tmp_path / "part" / "en" / "feeds" / "index.json").write_text("{}", encoding="utf-8")
    result = _site_command(str(DOCS), str(tmp_path / "out"), "--assemble", str(tmp_path / "part"))
    assert result.returncode == 2
    assert "no build of nb, sv" in result.stderr and "--language nb" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_language_is_refused_before_building(tmp_path: Path) -> None:
    result = _site_command(str(DOCS), str(tmp_path / "out"), "--language", "de")
    assert result.returncode == 2
    assert "de not in policy_languages" in result.stderr
    assert not (tmp_path / "out").exists()


def test_read_the_docs_builds_its_one_language_with_its_url_layout(tmp_path: Path) -> None:
    """As Read the Docs builds a translation project: the language and version from its variables."""
    environment = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_LANGUAGE": "nb",
        "READTHEDOCS_VERSION": "latest",
        "READTHEDOCS_CANONICAL_URL": "https://example-policies.readthedocs.io/nb/latest/",
    }
    command = [sys.executable, "-m", "sphinx", "-q", "-W", "-b", "html", str(DOCS), str(tmp_path / "html")]
    command += ["-d", str(tmp_path / "doctrees")]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=environment, timeout=600)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "html" / "policies" / "weme.html").read_text(encoding="utf-8")
    assert 'lang="nb"' in page.split(">", 2)[1]
    # The switcher climbs out of /nb/latest/policies/ and into /en/latest/policies/.
    assert 'href="../../../en/latest/policies/weme.html"' in page
    assert 'hreflang="sv" href="https://example-policies.readthedocs.io/sv/latest/policies/weme.html"' in page
    assert '<link rel="canonical" href="https://example-policies.readthedocs.io/nb/latest/policies/weme.html"' in page
