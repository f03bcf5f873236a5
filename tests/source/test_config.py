"""Every wrong ``policy_*`` setting (and an unknown ``language``) stops the build with a message
located in conf.py, and no Sphinx crash report; a misspelt option is warned about with the nearest name."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parents[1] / "roots"
CRASH = ("Traceback", "Extension error", "please open an issue", "Exception occurred")


def sphinx_build(srcdir: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", *extra, str(srcdir), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )
    return result.returncode, re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def project(tmp_path: Path, settings: str) -> Path:
    srcdir = tmp_path / "project"
    srcdir.mkdir()
    (srcdir / "index.md").write_text((ROOTS / "test-policy" / "index.md").read_text(encoding="utf-8"), "utf-8")
    conf = (ROOTS / "test-policy" / "conf.py").read_text(encoding="utf-8")
    (srcdir / "conf.py").write_text(conf + "\n" + settings + "\n", encoding="utf-8")
    return srcdir


# The setting as written in conf.py, and what the message must say about it.
BAD_SETTINGS = {
    "days-too-many": ("policy_consent_max_age_days = 400", "policy_consent_max_age_days is 400: give a whole number"),
    "days-text": ('policy_consent_max_age_days = "abc"', "policy_consent_max_age_days is 'abc'"),
    "days-bool": ("policy_consent_max_age_days = True", "policy_consent_max_age_days is True"),
    "days-zero": ("policy_consent_max_age_days = 0", "policy_consent_max_age_days is 0"),
    "site-url": ('policy_site_url = "not a url"', "policy_site_url: 'not a url' is not a web address"),
    "site-url-no-host": ('policy_site_url = "https:///x"', "policy_site_url: 'https:///x' is not a web address"),
    "site-url-script": ('policy_site_url = "javascript:alert(1)"', "is not a web address"),
    "languages-string": ('policy_languages = "en"', "policy_languages is 'en': give a list of language codes"),
    "languages-twice": ('policy_languages = ["en", "nb", "en"]', "policy_languages lists en twice"),
    "languages-unknown": ('policy_languages = ["en", "xx"]', "'xx' is not a language tag that Babel knows"),
    "gpc-text": ('policy_gpc = "yes"', "policy_gpc is 'yes': write True or False"),
    "csp-number": ("policy_strict_csp = 1", "policy_strict_csp is 1: write True or False"),
    "language-unknown": ('language = "xx"', "language is 'xx', which is not a language Babel knows"),
    "language-not-listed": (
        'policy_languages = ["nb", "sv"]\nlanguage = "en"',
        "the build language 'en' is not in policy_languages",
    ),
    "folder": ('policy_language_folder = "/{language}/"', "policy_language_folder is '/{language}/'"),
    "archive-number": ("policy_archive = 3", "policy_archive is 3: give a non-empty string, or None"),
    "site-policy-id": ('policy_site_policy = "Not An Id"', "'Not An Id' is not a valid identifier"),
    # Python has no repr for a number of thousands of digits: the message must not need one.
    "days-huge": ("policy_consent_max_age_days = 10**5000", "policy_consent_max_age_days is a number too large"),
    "languages-huge": ("policy_languages = [10**5000]", "policy_languages is a value too large to show"),
    "archive-file": ('policy_archive = "conf.py"', "policy_archive is 'conf.py', which is a file: give the folder"),
    "database-missing": ('policy_cookie_database = "ocd.csv"', "policy_cookie_database is 'ocd.csv', but there is no"),
    "database-folder": ('policy_cookie_database = "."', "policy_cookie_database is '.', which is a folder"),
    "database-device": (
        'policy_cookie_database = "/dev/zero"',
        "policy_cookie_database is '/dev/zero', which is not a regular file",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_a_wrong_setting_stops_the_build_with_a_message_located_in_conf_py(tmp_path: Path, case: str) -> None:
    setting, fragment = BAD_SETTINGS[case]
    srcdir = project(tmp_path, setting)
    status, output = sphinx_build(srcdir, tmp_path / "out")
    assert status == 1, output
    conf_lines = (srcdir / "conf.py").read_text(encoding="utf-8").splitlines()
    name = setting.splitlines()[-1].split("=")[0].strip()
    line = max(number for number, text in enumerate(conf_lines, 1) if text.startswith(f"{name} ="))
    assert f"{srcdir / 'conf.py'}:{line}: ERROR: " in output, output
    assert fragment in output and "[policy.config]" in output, output
    for crash in CRASH:
        assert crash not in output, output
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_setting_given_on_the_command_line_is_checked_too(tmp_path: Path) -> None:
    srcdir = project(tmp_path, "")
    status, output = sphinx_build(srcdir, tmp_path / "out", "-D", "language=xx")
    assert status == 1, output
    assert f"{srcdir / 'conf.py'}: language is 'xx'" in output
    for crash in CRASH:
        assert crash not in output, output


def test_every_wrong_setting_is_reported_in_one_build(tmp_path: Path) -> None:
    srcdir = project(tmp_path, 'policy_gpc = "yes"\npolicy_consent_max_age_days = 400\npolicy_languages = "en"')
    status, output = sphinx_build(srcdir, tmp_path / "out")
    assert status == 1
    assert len(re.findall(r"conf\.py:\d+: ERROR: .*\[policy\.config\]", output)) == 3, output


def test_a_misspelt_option_is_warned_about_with_the_nearest_name(tmp_path: Path) -> None:
    srcdir = project(tmp_path, 'policy_site_urll = "https://example.no/"\npolicy_cookie_databse = None')
    status, output = sphinx_build(srcdir, tmp_path / "out")
    assert status == 0, output
    assert "policy_site_urll is not a sphinx-policy option and is ignored: did you mean policy_site_url?" in output
    assert "did you mean policy_cookie_database?" in output
    assert "[policy.config-name]" in output
    status, output = sphinx_build(srcdir, tmp_path / "out-strict", "--fail-on-warning")
    assert status == 1


def test_the_right_settings_build(tmp_path: Path) -> None:
    srcdir = project(
        tmp_path,
        'policy_languages = ["en", "nb"]\nlanguage = "en"\npolicy_gpc = True\n'
        'policy_site_url = "https://example.no/policies/"\npolicy_consent_max_age_days = 183',
    )
    status, output = sphinx_build(srcdir, tmp_path / "out")
    assert status == 0, output
    assert "ERROR" not in output
