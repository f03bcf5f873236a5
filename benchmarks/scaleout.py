"""Scale out: the three-language site at N policies, languages one after another against side by side.

The corpus project (the ``policy`` variant) is given ``policy_languages = ["en", "nb", "sv"]`` and
built as a user builds a site, ``python -m sphinx_policy.site SRC OUT``: once with ``--jobs 1``
(each language in turn; each sphinx-build may use every core) and once with ``--jobs 3`` (three
sphinx-build processes at once, one core each).  The corpus has no translations, so nb and sv
show a translation equal to the English text (catalogs made with the gettext builder, every
``msgstr`` filled with its ``msgid``) with the extension's own words translated: the translation
work per language is that of a fully translated site.  Each run starts from empty output and doctrees, and every
language must hold its N policy pages and feeds, so no figure comes from a broken build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from babel.messages import pofile

from . import corpus
from .measure import BuildFailedError, load_average, log, median

LANGUAGES = ("en", "nb", "sv")


def write_project(root: Path, count: int, seed: int) -> Path:
    source = root / "src"
    corpus.write_project(source, "policy", count, seed)
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"policy_languages = {list(LANGUAGES)!r}\nlocale_dirs = ['locales']\ngettext_compact = False\n")
    templates = root / "gettext"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "gettext", str(source), str(templates)],
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES[1:]:
        for template in templates.rglob("*.pot"):
            with template.open("rb") as handle:
                catalog = pofile.read_po(handle, locale=language)
            for message in catalog:
                if message.id:
                    message.string = message.id
            target = source / "locales" / language / "LC_MESSAGES" / template.relative_to(templates).with_suffix(".po")
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                pofile.write_po(handle, catalog, omit_header=False)
    return source


def site_build(source: Path, output: Path, jobs: str) -> dict[str, Any]:
    """One cold run of the site builder in a child process: wall time, CPU time of it and its children."""
    shutil.rmtree(output.parent, ignore_errors=True)
    output.parent.mkdir(parents=True)
    command = [sys.executable, "-m", "sphinx_policy.site", str(source), str(output), "--jobs", jobs]
    environment = os.environ | {"SOURCE_DATE_EPOCH": "1764547200"}
    load_before = load_average()
    with tempfile.TemporaryFile() as messages:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=messages, stderr=subprocess.STDOUT, env=environment)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        messages.seek(0)
        text = messages.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise BuildFailedError(f"site build --jobs {jobs} failed:\n{text[-3000:]}")
    return {
        "jobs": jobs,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "load_before": load_before,
    }


def verify(output: Path, count: int) -> None:
    for language in LANGUAGES:
        pages = list((output / language / "policies").glob("*.html"))
        index = json.loads((output / language / "feeds" / "index.json").read_text(encoding="utf-8"))
        if len(pages) != count or len(index["policies"]) != count:
            raise BuildFailedError(
                f"{language}: {len(pages)} policy pages and {len(index['policies'])} feeds instead of {count}"
            )
    if not (output / "index.html").is_file() or not (output / "_headers").is_file():
        raise BuildFailedError("the site-wide files (root page, _headers) are missing")


def run(workdir: Path, count: int, seed: int, runs: int) -> dict[str, Any]:
    root = workdir / f"scaleout-{count}"
    source = write_project(root, count, seed)
    output = root / "out" / "html"
    builds: dict[str, list[dict[str, Any]]] = {"sequential": [], "parallel": []}
    for number in range(1, runs + 1):
        for name, jobs in (("sequential", "1"), ("parallel", str(len(LANGUAGES)))):
            log("7 scale-out", f"{len(LANGUAGES)} languages, N={count}, --jobs {jobs} (run {number}/{runs}) ...")
            build = site_build(source, output, jobs)
            verify(output, count)
            builds[name].append(build)
            log("7 scale-out", f"--jobs {jobs}: {build['seconds']:.1f} s wall, {build['cpu_seconds']:.1f} s CPU")
    shutil.rmtree(root, ignore_errors=True)
    sequential = median([build["seconds"] for build in builds["sequential"]])
    parallel = median([build["seconds"] for build in builds["parallel"]])
    return {
        "n": count,
        "languages": list(LANGUAGES),
        "cores": os.cpu_count(),
        "runs": runs,
        "builds": builds,
        "sequential_seconds": sequential,
        "parallel_seconds": parallel,
        "speedup": round(sequential / parallel, 3),
        "seconds_per_policy_page": round(parallel / (count * len(LANGUAGES)), 4),
    }
