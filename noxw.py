"""Run nox without installing anything outside a virtual environment.

``python3 noxw.py -s site`` works on any Python 3.11+ that has ``venv``: current
Debian and Ubuntu refuse ``pip install`` outside a virtual environment
(PEP 668, "externally managed"), so the quick start cannot begin with one.
The first run makes ``.nox-bootstrap/`` (a virtual environment holding only
nox), later runs reuse it; every argument goes to nox unchanged.  If nox is
already installed (pipx, uvx, a venv), ``nox -s site`` does the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
BOOTSTRAP = PROJECT / ".nox-bootstrap"
NOX_REQUIREMENT = "nox>=2024.10.9"


def _python(environment: Path) -> Path:
    return environment / ("Scripts" if os.name == "nt" else "bin") / ("python.exe" if os.name == "nt" else "python")


def _has_nox(python: Path) -> bool:
    if not python.is_file():
        return False
    probe = subprocess.run([str(python), "-c", "import nox"], capture_output=True, check=False)
    return probe.returncode == 0


def main(arguments: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 (this file must also run on an older python3 to say so)
        print(f"noxw: Python 3.11 or newer is needed, this is {sys.version.split()[0]}.", file=sys.stderr)
        return 2
    python = _python(BOOTSTRAP)
    if not _has_nox(python):
        print(f"noxw: making {BOOTSTRAP.name}/ with nox (once)", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(BOOTSTRAP)
        except (OSError, subprocess.CalledProcessError) as error:
            print(
                f"noxw: could not make a virtual environment ({error}). On Debian or Ubuntu install "
                "the venv module first: sudo apt-get install python3-venv",
                file=sys.stderr,
            )
            return 2
        install = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", NOX_REQUIREMENT]
        if subprocess.run(install, check=False).returncode != 0:
            print("noxw: installing nox failed (see above); check the network or the package index.", file=sys.stderr)
            return 2
    return subprocess.run([str(python), "-m", "nox", *arguments], cwd=PROJECT, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
