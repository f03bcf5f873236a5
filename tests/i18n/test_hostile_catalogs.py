"""Hostile translations: each broken .po stops the build with an error located in the .po, before
Sphinx reads it; a translation may not add markup its English message lacks; a stale or damaged
.mo that is newer than its .po is compiled again rather than used."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

import pytest

from sphinx_policy.i18n import catalogs
from sphinx_policy.i18n.translation_markup import translation_problem
from tests.conftest import load_json, run_sphinx


@pytest.fixture
def project(tmp_path: Path, rootdir: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(rootdir / "test-i18n", source)
    return source


def po_of(project: Path) -> Path:
    return project / "locales" / "nb" / "LC_MESSAGES" / "index.po"


def build_nb(project: Path) -> tuple[int, str, Path]:
    outdir = project.parent / "out"
    result = run_sphinx(project, outdir, project.parent / "doctrees", confoverrides={"language": "nb"})
    return result.status, result.warnings, outdir


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_bytes().split(b"\n"), 1) if text.encode() in line)


def assert_located(project: Path, line: int, fragment: str) -> None:
    status, warnings, outdir = build_nb(project)
    assert status == 1, warnings
    assert f"{po_of(project)}:{line}: ERROR: " in warnings, warnings
    assert fragment in warnings and "[policy.translation]" in warnings, warnings
    for crash in ("Traceback", "Extension error", "Exception occurred"):
        assert crash not in warnings
    assert not (outdir / "index.html").exists()


def replace_in_po(project: Path, old: str, new: str) -> Path:
    po = po_of(project)
    text = po.read_text(encoding="utf-8")
    assert old in text
    po.write_text(text.replace(old, new), encoding="utf-8")
    return po


def test_a_po_in_latin_1_is_located_at_its_first_non_utf8_byte(project: Path) -> None:
    po = po_of(project)
    text = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    po.write_bytes(text.encode("latin-1"))
    assert_located(project, line_of(po, "Personvern"), "the file is not UTF-8")


def test_a_po_that_declares_another_charset_is_located_at_its_header(project: Path) -> None:
    replace_in_po(project, "charset=UTF-8", "charset=ISO-8859-1")
    assert_located(project, 1, "the header declares charset=ISO-8859-1: save the file as UTF-8")


def test_a_nul_byte_is_located_at_its_line(project: Path) -> None:
    po = replace_in_po(project, 'msgstr "Nyhetsbrev"', 'msgstr "Nyhets\x00brev"')
    assert_located(project, line_of(po, "Nyhets"), "NUL byte")


@pytest.mark.parametrize(
    "plural",
    [
        "nplurals=2; plural=__import__('os').system('touch pwned');",
        "nplurals=2; plural=n.__class__;",
        "nplurals=2; plural=(n != 1",
        "plural=(n != 1);",
    ],
)
def test_a_plural_forms_header_that_is_not_arithmetic_is_located(project: Path, plural: str) -> None:
    replace_in_po(project, '"Language: nb\\n"', f'"Language: nb\\n"\n"Plural-Forms: {plural}\\n"')
    assert_located(project, 1, "is not a gettext plural expression")
    assert not (project / "pwned").exists() and not Path("pwned").exists()


def test_a_sound_plural_forms_header_builds(project: Path) -> None:
    replace_in_po(project, '"Language: nb\\n"', '"Language: nb\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"')
    status, warnings, _ = build_nb(project)
    assert status == 0, warnings


@pytest.mark.parametrize(
    ("translation", "fragment"),
    [
        ("Nyhetsbrev <script>alert(1)</script>", "angle bracket (<)"),
        ('Nyhetsbrev <img src=x onerror="alert(1)">', "angle bracket (<)"),
        ("Nyhetsbrev {raw}`x`", "backtick (`)"),
        ("[Nyhetsbrev](https://example.com/)", "link target ](...)"),
        ("*Nyhetsbrev*", "emphasis marker (*)"),
    ],
)
def test_a_translation_may_not_add_markup_the_english_lacks(project: Path, translation: str, fragment: str) -> None:
    po = replace_in_po(project, 'msgstr "Nyhetsbrev"', f'msgstr "{translation.replace(chr(34), chr(92) + chr(34))}"')
    assert_located(project, line_of(po, 'msgid "Newsletter"'), fragment)


def test_a_translation_that_drops_emphasis_is_located(project: Path) -> None:
    index = project / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("**website**", "*website*"),
        encoding="utf-8",
    )
    po = replace_in_po(project, "Counts visits to the **website**.", "Counts visits to the *website*.")
    replace_in_po(project, "Teller besøk på **nettstedet**.", "Teller besøk på nettstedet.")
    assert_located(project, line_of(po, 'msgid "Counts visits'), "emphasis marker (*)")


def test_a_stale_mo_newer_than_its_po_is_compiled_again(project: Path) -> None:
    status, warnings, outdir = build_nb(project)
    assert status == 0, warnings
    po = po_of(project)
    mo = po.with_suffix(".mo")
    assert mo.is_file()  # Sphinx compiled it beside the .po
    stale = mo.read_bytes()
    replace_in_po(project, 'msgstr "Nyhetsbrev"', 'msgstr "Nyhetsbrevet vårt"')
    mo.write_bytes(stale)
    later = po.stat().st_mtime + 60
    os.utime(mo, (later, later))
    shutil.rmtree(outdir)
    # Python's gettext keeps each .mo it read by path for the life of the process; sphinx-build
    # starts a new process, and so a test of what it reads starts from nothing too.
    gettext._translations.clear()  # type: ignore[attr-defined]
    status, warnings, outdir = build_nb(project)
    assert status == 0, warnings
    feed = load_json(outdir / "feeds" / "policies" / "example.json")
    assert feed["activities"][0]["name"] == "Nyhetsbrevet vårt"
    assert catalogs.mo_matches(po, mo)


@pytest.mark.parametrize("content", [b"", b"\x00" * 40, b"\xde\x12\x04\x95" + b"\xff" * 60])
def test_a_damaged_mo_newer_than_its_po_is_compiled_again(project: Path, content: bytes) -> None:
    po = po_of(project)
    mo = po.with_suffix(".mo")
    mo.write_bytes(content)
    later = po.stat().st_mtime + 60
    os.utime(mo, (later, later))
    status, warnings, outdir = build_nb(project)
    assert status == 0, warnings
    assert "Traceback" not in warnings
    feed = load_json(outdir / "feeds" / "policies" / "example.json")
    assert feed["activities"][0]["name"] == "Nyhetsbrev"


@pytest.mark.parametrize("character", ["\x01", "\x1b", "\x7f", "\x85"])
def test_a_control_character_is_located_at_its_line(project: Path, character: str) -> None:
    """It would reach the page, the feeds and XML, which cannot hold it."""
    po = replace_in_po(project, 'msgstr "Nyhetsbrev"', f'msgstr "Nyhets{character}brev"')
    assert_located(project, line_of(po, "Nyhets"), f"the control character U+{ord(character):04X}")


@pytest.mark.parametrize("translation", [" ", "\u200b", "\u200f\u202e", "\u00a0"])
def test_a_translation_with_nothing_visible_is_located(project: Path, translation: str) -> None:
    """An invisible heading would make an activity, or the policy, nameless."""
    po = replace_in_po(project, 'msgstr "Personvernerklæring for Example AS"', f'msgstr "{translation}"')
    assert_located(project, line_of(po, 'msgid "Privacy policy of Example AS"'), "holds no visible character")


@pytest.mark.parametrize(
    ("translation", "fragment"),
    [
        # Sphinx drops each of these without a word and shows the English text.
        ("- Nyhetsbrev", "starts a line with '-'"),
        ("# Nyhetsbrev", "starts a line with '#'"),
        ("> Nyhetsbrev", "starts a line with '>'"),
        ("1. Nyhetsbrev", "starts a line with '1.'"),
        (":::{policy-activity} x\\n:::", "starts a line with ':::'"),
        # A second paragraph, which may also hide a link reference definition.
        ("Nyhetsbrev\\n\\n[x]: javascript:alert(1)", "split into paragraphs"),
    ],
)
def test_a_translation_that_changes_the_block_is_located(project: Path, translation: str, fragment: str) -> None:
    po = replace_in_po(project, 'msgstr "Nyhetsbrev"', f'msgstr "{translation}"')
    assert_located(project, line_of(po, 'msgid "Newsletter"'), fragment)


def test_running_text_that_only_looks_like_a_block_inside_a_paragraph_is_accepted() -> None:
    """Within a paragraph, only a list numbered from 1 starts a block; a year at a line's start does not."""
    problem = translation_problem("Since the law of\n2018, we", "Siden loven fra\n2018. Vi")
    assert problem is None
    assert translation_problem("- a list item", "- et listepunkt") is None


def test_a_folder_named_like_a_po_is_named_in_the_message(project: Path) -> None:
    po = po_of(project)
    po.unlink()
    po.mkdir()
    status, warnings, _ = build_nb(project)
    assert status == 1, warnings
    assert f"ERROR: {po}: cannot read the file (Is a directory): a .po is a plain text file" in warnings, warnings
    assert "[policy.translation]" in warnings and "Traceback" not in warnings
