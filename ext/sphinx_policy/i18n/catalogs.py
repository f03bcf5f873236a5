"""Translation catalogs (.po files): strict checking, markup consistency, coverage.

Babel and Sphinx read ``.po`` files leniently: a missing quote or a stray line
is silently dropped and the page quietly falls back to English.  Translators
deserve to hear about it, with the file and line, so the site build checks
every catalog of its language here first.  This module imports nothing from
Sphinx, so the coverage report and the tests use it without a build.
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from sphinx_policy import model

from .translation_markup import translation_problem

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*)\Z")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"\s*\Z')
_ESCAPE = re.compile(r"\\(.)")
_VALID_ESCAPES = set('nt"\\rabfv')


@dataclass(frozen=True)
class CatalogProblem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class _Entry:
    line: int
    parts: dict[str, str] = field(default_factory=dict)
    fuzzy: bool = False
    obsolete: bool = False


def _unquote(text: str, path: Path, line: int, problems: list[CatalogProblem]) -> str | None:
    match = _STRING.match(text.strip())
    if not match:
        problems.append(
            CatalogProblem(
                path,
                line,
                'a string must be one pair of double quotes, with any quote inside written as \\": '
                "close the string on this line, or start the next line with a new quoted part.",
            )
        )
        return None
    body = match.group(1)
    for escape in _ESCAPE.findall(body):
        if escape not in _VALID_ESCAPES:
            problems.append(CatalogProblem(path, line, f"unknown escape \\{escape}: write a backslash as \\\\."))
            return None
    return _ESCAPE.sub(lambda found: {"n": "\n", "t": "\t", "r": "\r"}.get(found.group(1), found.group(1)), body)


def _parse(path: Path) -> tuple[list[_Entry], list[CatalogProblem]]:
    """Read a .po file by the gettext grammar, noting every line that breaks it."""
    problems: list[CatalogProblem] = []
    entries: list[_Entry] = []
    current: _Entry | None = None
    last_keyword: str | None = None
    fuzzy_pending = False
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [
            CatalogProblem(
                path,
                0,
                f"cannot read the file ({error.strerror}): a .po is a plain text file; restore it from "
                "version control, or move this away.",
            )
        ]
    if b"\0" in data:
        at = data[: data.index(b"\0")].count(b"\n") + 1
        return [], [CatalogProblem(path, at, "the line holds a NUL byte: remove it (a .po file is plain text).")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        at = data[: error.start].count(b"\n") + 1
        return [], [CatalogProblem(path, at, f"the file is not UTF-8 ({error.reason}): save it as UTF-8.")]
    control = model.control_character(text)
    if control is not None:
        return [], [
            CatalogProblem(
                path,
                control[0],
                f"the line holds the control character {control[1]}, which most editors do not show and no "
                "page can publish: delete it (retype the line if you cannot see it).",
            )
        ]
    lines = text.removeprefix("\ufeff").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            current, last_keyword = None, None
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy_pending = True
            continue
        keyword_match = _KEYWORD.match(line)
        if keyword_match:
            keyword, rest = keyword_match.groups()
            if keyword in ("msgctxt", "msgid") and (current is None or "msgstr" in " ".join(current.parts)):
                current = _Entry(line=number, fuzzy=fuzzy_pending, obsolete=obsolete)
                fuzzy_pending = False
                entries.append(current)
            if current is None:
                problems.append(
                    CatalogProblem(path, number, f"{keyword} without a msgid before it: each entry starts with msgid.")
                )
                continue
            if keyword in current.parts:
                problems.append(
                    CatalogProblem(
                        path, number, f"{keyword} appears twice in one entry: separate entries by a blank line."
                    )
                )
            if keyword.startswith("msgstr") and "msgid" not in current.parts:
                problems.append(CatalogProblem(path, number, "msgstr without a msgid before it."))
            value = _unquote(rest, path, number, problems)
            current.parts[keyword] = value or ""
            last_keyword = keyword
            continue
        if line.startswith('"'):
            if current is None or last_keyword is None:
                problems.append(
                    CatalogProblem(path, number, "a quoted line outside any entry: remove it or join it to one.")
                )
                continue
            value = _unquote(line, path, number, problems)
            current.parts[last_keyword] += value or ""
            continue
        problems.append(
            CatalogProblem(
                path,
                number,
                f"cannot read {raw.strip()[:40]!r}: a line is a comment (#), a keyword "
                "(msgid, msgstr, ...) with a quoted string, or a quoted continuation.",
            )
        )
    for entry in entries:
        if "msgid" not in entry.parts:
            problems.append(CatalogProblem(path, entry.line, "the entry has no msgid."))
        elif not any(key.startswith("msgstr") for key in entry.parts):
            problems.append(CatalogProblem(path, entry.line, 'the entry has no msgstr: add msgstr "" after its msgid.'))
    problems.extend(_header_problems(path, entries))
    seen: dict[tuple[str, str], int] = {}
    for entry in entries:
        if entry.obsolete:
            continue
        key = (entry.parts.get("msgctxt", ""), entry.parts.get("msgid", ""))
        if key in seen:
            problems.append(
                CatalogProblem(
                    path, entry.line, f"this msgid is already translated on line {seen[key]}: keep one of them."
                )
            )
        else:
            seen[key] = entry.line
    return entries, problems


# A plural expression as gettext writes it: n, numbers and C operators, nothing else
# (Python's gettext compiles it to code, so a name or a call must never reach it).
_PLURAL_FORMS = re.compile(r"\s*nplurals\s*=\s*([1-9])\s*;\s*plural\s*=\s*([n0-9\s()?:<>=!&|%+*/-]+?)\s*;?\s*\Z")
_CHARSET = re.compile(r"charset\s*=\s*([^\s;]+)", re.IGNORECASE)


def _header_problems(path: Path, entries: list[_Entry]) -> list[CatalogProblem]:
    """The header (the entry with an empty msgid): the charset is UTF-8, and plural forms are arithmetic."""
    header = next((entry for entry in entries if entry.parts.get("msgid") == "" and not entry.obsolete), None)
    if header is None:
        return []
    problems = []
    fields = {}
    for field_line in header.parts.get("msgstr", "").splitlines():
        name, _, value = field_line.partition(":")
        fields[name.strip().lower()] = value.strip()
    charset = _CHARSET.search(fields.get("content-type", ""))
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        problems.append(
            CatalogProblem(
                path,
                header.line,
                f"the header declares charset={charset.group(1)}: save the file as UTF-8 and write "
                '"Content-Type: text/plain; charset=UTF-8\\n" in its header.',
            )
        )
    plural_forms = fields.get("plural-forms")
    if plural_forms is not None and not _plural_forms_valid(plural_forms):
        problems.append(
            CatalogProblem(
                path,
                header.line,
                f"the header's Plural-Forms {plural_forms[:60]!r} is not a gettext plural expression: write "
                "it as nplurals=2; plural=(n != 1); (only n, numbers and operators).",
            )
        )
    return problems


def _plural_forms_valid(value: str) -> bool:
    match = _PLURAL_FORMS.match(value)
    if not match or len(value) > 200:
        return False
    try:
        gettext.c2py(match.group(2))
    except (ValueError, RecursionError, SyntaxError):
        return False
    return True


def markup_problems(path: Path) -> list[CatalogProblem]:
    """Translated messages whose inline markup differs from their English source."""
    entries, _ = _parse(path)
    problems: list[CatalogProblem] = []
    for entry in entries:
        source = entry.parts.get("msgid", "")
        translation = entry.parts.get("msgstr", "")
        if entry.obsolete or not source or not translation:
            continue
        problem = translation_problem(source, translation)
        if problem is not None:
            problems.append(CatalogProblem(path, entry.line, problem))
    return problems


def check_catalogs(directory: Path) -> list[CatalogProblem]:
    """Every syntax and markup problem of the .po files under ``directory``."""
    problems: list[CatalogProblem] = []
    for path in sorted(directory.rglob("*.po")):
        _, syntax = _parse(path)
        problems.extend(syntax)
        if not syntax:
            problems.extend(markup_problems(path))
    return problems


@dataclass(frozen=True)
class Coverage:
    path: Path
    total: int
    translated: int
    fuzzy: int
    obsolete: int

    @property
    def untranslated(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> float:
        return 100.0 if self.total == 0 else 100.0 * self.translated / self.total


def coverage(path: Path) -> Coverage:
    entries, problems = _parse(path)
    if problems:
        raise ValueError("\n".join(str(problem) for problem in problems))
    counts: Counter[str] = Counter()
    for entry in entries:
        if not entry.parts.get("msgid"):
            continue  # the header
        if entry.obsolete:
            counts["obsolete"] += 1
            continue
        counts["total"] += 1
        translated = all(value for key, value in entry.parts.items() if key.startswith("msgstr"))
        if entry.fuzzy:
            counts["fuzzy"] += 1
        elif translated:
            counts["translated"] += 1
    return Coverage(path, counts["total"], counts["translated"], counts["fuzzy"], counts["obsolete"])


def mo_matches(po_path: Path, mo_path: Path) -> bool:
    """Whether the compiled ``mo_path`` holds exactly the translations of ``po_path``.

    gettext tools (and Sphinx) recompile a .mo only when it is older than its .po, so a
    .mo left from another version of the catalog, or a damaged one, that happens to be
    newer would be used as it is: stale words, or a crash while reading it.
    """
    try:
        with mo_path.open("rb") as handle:
            compiled = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    except Exception:  # any failure to read the file means it is damaged
        return False
    with po_path.open("rb") as handle:
        catalog: Catalog = read_po(handle)
    expected: dict[object, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        key = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, (list, tuple)):
            for position, text in enumerate(message.string):
                expected[(key + message.id[0], position)] = text
        else:
            expected[key + message.id] = str(message.string)
    compiled.pop("", None)
    return compiled == expected


def refresh_compiled(directory: Path) -> list[Path]:
    """Recompile every .mo under ``directory`` that does not match its .po; the paths recompiled."""
    refreshed = []
    for po_path in sorted(directory.rglob("*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and not mo_matches(po_path, mo_path):
            mo_path.unlink()
            compile_catalog(po_path, mo_path)
            refreshed.append(mo_path)
    return refreshed


def compile_catalog(po_path: Path, mo_path: Path) -> None:
    """Compile one checked .po file to .mo (fuzzy entries left out, as msgfmt does)."""
    with po_path.open("rb") as handle:
        catalog: Catalog = read_po(handle)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with mo_path.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)


def coverage_report(locale_dirs: list[Path], languages: list[str]) -> tuple[str, bool]:
    """A table of coverage per language and document; True when every catalog is complete."""
    lines: list[str] = []
    complete = True
    for language in languages:
        rows: list[Coverage] = []
        for locale_dir in locale_dirs:
            catalog_dir = locale_dir / language / "LC_MESSAGES"
            if not catalog_dir.is_dir():
                lines.append(f"[{language}] MISSING {catalog_dir}")
                complete = False
                continue
            rows.extend(coverage(path) for path in sorted(catalog_dir.rglob("*.po")))
        total = sum(row.total for row in rows)
        translated = sum(row.translated for row in rows)
        percent = 100.0 if total == 0 else 100.0 * translated / total
        lines.append(f"[{language}] {percent:5.1f}% translated ({translated}/{total} messages)")
        for row in rows:
            notes = []
            if row.untranslated:
                notes.append(f"{row.untranslated} untranslated")
            if row.fuzzy:
                notes.append(f"{row.fuzzy} FUZZY (check and clear the fuzzy flag)")
            if row.obsolete:
                notes.append(f"{row.obsolete} obsolete (#~, safe to delete)")
            relative = row.path.as_posix()
            lines.append(f"    {row.percent:5.1f}%  {relative}" + (f"  -- {'; '.join(notes)}" if notes else ""))
            if row.untranslated or row.fuzzy:
                complete = False
    return "\n".join(lines), complete
