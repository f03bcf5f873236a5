"""Live preview: rebuild one language on every change and reload the browser.

``python -m sphinx_policy.hosting.live docs --language nb`` (``nox -s live -- nb``)
runs sphinx-autobuild on the site's sources: the policies, ``locales/`` and the
archive of published versions are under the source folder and so are watched;
build output and the ``.mo`` files Sphinx compiles from the ``.po`` files are
not (a compiled catalog would otherwise start the next build, and so on).
Errors show in the terminal exactly as in a normal build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def autobuild_arguments(source: Path, output: Path, language: str, port: int) -> list[str]:
    return [
        str(source),
        str(output / language),
        "--define",
        f"language={language}",
        "--doctree-dir",
        str(output / ".doctrees" / language),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--ignore",
        "*/_build/*",
        "--re-ignore",
        r"(\.mo$|\.tmp$|/\.|~$)",
        "--watch",
        str(Path(__file__).resolve().parents[1]),  # the extension itself, for its contributors
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sphinx_policy.hosting.live", description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the Sphinx source folder (with conf.py)")
    parser.add_argument("--language", default="en", help="the language to preview (default: en)")
    parser.add_argument("--output", type=Path, help="where to build (default: SOURCE/_build/live)")
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port)")
    arguments = parser.parse_args(argv)
    if not (arguments.source / "conf.py").is_file():
        print(f"error: {arguments.source / 'conf.py'} not found: give the folder that holds conf.py.", file=sys.stderr)
        return 2
    try:
        from sphinx_autobuild.__main__ import main as autobuild
    except ImportError:
        print("error: sphinx-autobuild is not installed: run 'nox -s live', or pip install sphinx-autobuild.")
        return 2
    output = arguments.output or arguments.source / "_build" / "live"
    autobuild(autobuild_arguments(arguments.source, output, arguments.language, arguments.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
