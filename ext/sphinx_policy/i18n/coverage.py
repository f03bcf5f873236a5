"""Translation coverage per language and document: ``python -m sphinx_policy.coverage``.

    python -m sphinx_policy.coverage --language nb --language sv docs/locales

checks every .po file (syntax and markup) and prints how much of each document
is translated, calling out fuzzy and obsolete entries.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .catalogs import check_catalogs, coverage_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sphinx_policy.coverage",
        description="Check .po files and report translation coverage per language and document.",
    )
    parser.add_argument("--language", action="append", required=True, dest="languages")
    parser.add_argument("--strict", action="store_true", help="exit 1 unless every catalog is complete")
    parser.add_argument("locale_dirs", nargs="+", type=Path)
    arguments = parser.parse_args(argv)
    problems = [problem for directory in arguments.locale_dirs for problem in check_catalogs(directory)]
    for problem in problems:
        print(f"ERROR: {problem}")
    if problems:
        return 1
    report, complete = coverage_report(arguments.locale_dirs, arguments.languages)
    print(report)
    return 0 if complete or not arguments.strict else 1


if __name__ == "__main__":
    raise SystemExit(main())
