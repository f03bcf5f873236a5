"""The browser audit's cost: every demo page of the real site, in every language, all passes.

The site is built once into the bench's work folder (not timed); the audit then runs
as a user runs it (``python -m sphinx_policy.audit <site>``, a subprocess, so its wall
and CPU time are its own) and its JSON gives the cost of every page and pass.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .measure import log, median

PROJECT = Path(__file__).resolve().parent.parent


def run(docs: Path, workdir: Path, jobs: int = 2) -> dict[str, Any]:
    site = workdir / "audit-site"
    log("6 audit", f"building the site into {site} (not timed) ...")
    subprocess.run(
        [sys.executable, "-m", "sphinx_policy.site", str(docs), str(site)],
        check=True,
        capture_output=True,
        text=True,
    )
    log("6 audit", f"auditing every demo page, every language, all passes, {jobs} browsers ...")
    started = time.perf_counter()
    before = os.times()
    completed = subprocess.run(
        [sys.executable, "-m", "sphinx_policy.audit", str(site), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=False,
    )
    after = os.times()
    seconds = time.perf_counter() - started
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"the audit could not run: {completed.stderr.strip()}")
    pass_seconds: dict[str, list[float]] = {}
    page_seconds: list[float] = []
    errors = 0
    for result in sorted((site / "audit").glob("*/*.json")):
        data = json.loads(result.read_text(encoding="utf-8"))
        errors += data["summary"]["errors"]
        for page in data["pages"]:
            page_seconds.append(sum(item["seconds"] for item in page["passes"]))
            for item in page["passes"]:
                pass_seconds.setdefault(item["id"], []).append(item["seconds"])
    passes = sum(len(values) for values in pass_seconds.values())
    result = {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(
            (after.children_user - before.children_user) + (after.children_system - before.children_system), 2
        ),
        "jobs": jobs,
        "pages": len(page_seconds),
        "passes": passes,
        "errors": errors,
        "exit_code": completed.returncode,
        "seconds_per_page": round(seconds / max(1, len(page_seconds)), 2),
        "seconds_per_pass": round(seconds / max(1, passes), 2),
        "browser_seconds_per_page_median": median(page_seconds) if page_seconds else 0.0,
        "browser_seconds_per_pass_median": {name: median(values) for name, values in pass_seconds.items()},
    }
    log(
        "6 audit",
        f"{result['pages']} pages, {passes} passes in {seconds:.1f} s wall ({result['cpu_seconds']:.1f} s CPU, "
        f"{result['seconds_per_page']:.1f} s per page, {result['seconds_per_pass']:.2f} s per pass); "
        f"{errors} errors",
    )
    return result
