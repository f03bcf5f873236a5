"""A damaged archive of published versions is a located error naming the file, never a traceback.

The project publishes version 1.0 once; each case then damages the archive the way a bad merge,
an editor or a copy does, and builds again: the build must stop, name the damaged file with the
``[policy.archive]`` code and say what to do, and leave the last good output as it was.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .test_versions import V1, V2, build, files_under, new_project

Damage = Callable[[Path], Path]  # takes the archive folder, damages it, returns the path the error must name


def _version(archive: Path) -> Path:
    return archive / "en" / "example" / "1.0.json"


def _truncated(archive: Path) -> Path:
    path = _version(archive)
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    return path


def _list(archive: Path) -> Path:
    path = _version(archive)
    path.write_text(json.dumps([json.loads(path.read_text(encoding="utf-8"))]), encoding="utf-8")
    return path


def _not_utf8(archive: Path) -> Path:
    path = _version(archive)
    path.write_bytes(path.read_bytes().replace(b'"example"', b'"ex\xe6mple"', 1))
    return path


def _bom(archive: Path) -> Path:
    path = _version(archive)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return path


def _directory(archive: Path) -> Path:
    path = _version(archive)
    path.unlink()
    path.mkdir()
    return path


def _language_is_a_file(archive: Path) -> Path:
    shutil.rmtree(archive / "en")
    (archive / "en").write_text("not a folder", encoding="utf-8")
    return archive / "en"


def _other_policy(archive: Path) -> Path:
    path = _version(archive)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["id"] = "another"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _wrong_version(archive: Path) -> Path:
    path = archive / "en" / "example" / "0.9.json"
    shutil.copyfile(_version(archive), path)
    return path


DAMAGES: dict[str, Damage] = {
    "truncated": _truncated,
    "a JSON list instead of an object": _list,
    "not UTF-8": _not_utf8,
    "a byte order mark": _bom,
    "a directory where a version file should be": _directory,
    "a language folder that is a file": _language_is_a_file,
    "a version file of another policy": _other_policy,
    "a file named for another version": _wrong_version,
    # policy_archive naming a file is a setting in conf.py, refused at its line there: tests/source/test_config.py
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = new_project(tmp_path_factory.mktemp("published"), V1)
    status, warnings = build(source, source.parent / "html")
    assert status == 0, warnings
    assert _version(source / "published").is_file()
    return source.parent


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_archive_is_a_located_error_and_nothing_is_written(
    published: Path, tmp_path: Path, damage: Damage
) -> None:
    project = tmp_path / "project"
    shutil.copytree(published, project)
    outdir = project / "html"
    before = files_under(outdir)
    named = damage(project / "source" / "published")

    status, warnings = build(project / "source", outdir)

    assert status != 0
    assert "Traceback" not in warnings and "Exception occurred" not in warnings
    errors = [line for line in warnings.splitlines() if "[policy.archive]" in line]
    assert errors, warnings
    assert any(str(named) in line for line in errors), errors
    assert files_under(outdir) == before


def test_a_history_whose_dates_go_backwards_is_a_located_error(tmp_path: Path) -> None:
    index = V2_BACKWARDS
    source = new_project(tmp_path, index)
    status, warnings = build(source, tmp_path / "html")
    assert status != 0
    errors = [line for line in warnings.splitlines() if "[policy.version]" in line]
    line = index.splitlines().index(":::{policy-version} 2.0") + 1
    assert any(f"index.md:{line}:" in error and "before '1.0'" in error for error in errors), warnings
    assert not (tmp_path / "html" / "feeds").exists()


V2_BACKWARDS = V2.replace(":date: 2024-06-01", ":date: 2023-06-01").replace(
    ":effective: 2024-06-01", ":effective: 2023-06-01"
)


def test_atom_holds_no_character_xml_cannot_hold() -> None:
    """Control characters in a title or summary would make the Atom feed unreadable XML: they are removed."""
    from xml.etree import ElementTree

    from sphinx_policy.outputs.versions.changefeeds import ChangeEntry, atom_feed

    entry = ChangeEntry(
        policy_id="example",
        policy_title="Example\x00 policy\x1b",
        controller="Example\x0b AS",
        version="1.0",
        date="2024-01-01",
        summary="First\x07 version & <more>",
        url="policies/example.html",
        version_feed_url=None,
    )
    atom = atom_feed("Changes\x01", "en", [entry], lambda entry: entry.summary)
    parsed = ElementTree.fromstring(atom)  # raises on characters XML cannot hold
    texts = "".join(parsed.itertext())
    assert "Example AS" in texts and "First version & <more>" in texts
    assert not any(ord(character) < 32 and character not in "\t\n\r" for character in texts)


def _missing_fields(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({"id": data["id"], "version": data["version"]}), encoding="utf-8")


def _unknown_field(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "x": float("nan")}), encoding="utf-8")


def _huge_number(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"version": "1.0"', '"version": "1.0", "n": ' + "9" * 5000, 1), encoding="utf-8")


@pytest.mark.parametrize("damage", [_missing_fields, _unknown_field, _huge_number], ids=["missing", "unknown", "huge"])
def test_an_archived_version_that_is_not_a_version_feed_is_a_located_error(
    published: Path, tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(published, project)
    (project / "source" / "index.md").write_text(V2, encoding="utf-8")
    damage(_version(project / "source" / "published"))
    status, warnings = build(project / "source", project / "html")
    assert status != 0
    assert "Traceback" not in warnings and "Exception occurred" not in warnings and "Policy error" not in warnings
    assert any(str(_version(project / "source" / "published")) in line for line in warnings.splitlines()), warnings
