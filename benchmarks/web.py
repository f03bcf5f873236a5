"""Web quality: Lighthouse scores per page type, the site served with its generated host headers.

Lighthouse comes from npm, installed into a temporary folder at bench time (as the
consent peers are), and drives the system's Chromium in its default mobile
emulation.  The site is built with ``policy_site_url`` set to the local server's
address, so canonical and hreflang URLs are absolute and point where it is served,
and served by ``sphinx_policy.hosting.serve``: the headers and compression of the
generated ``_headers`` file, which is what a host sends.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from .measure import log

LIGHTHOUSE = "lighthouse@12"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Page type -> the page of the seed site that stands for it (a glob: its first match, in name order).
PAGE_TYPES = {
    "root page": "index.html",
    "language start page": "en/index.html",
    "policy page": "en/policies/weme.html",
    "policy page (31 activities)": "en/policies/weare.html",
    "transparency report": "en/transparency/weme.html",
    "transparency summary": "en/transparency/index.html",
    "demo page": "en/demo/weme.html",
    "docs page": "en/authoring.html",
    "policy page, Norwegian": "nb/policies/weme.html",
    "change page": "en/changes/weme/2023-02-08.1.html",
    "earlier-version page": "en/policies/weme/2023-02-08.html",
}
# The seed policies have one version each, so the bench's copy of the site gives WeMe a second,
# editorial version (a reworded sentence, no new fact): then a change page and an earlier
# version's page exist to be measured.  The published site is not changed.
BENCH_VERSION = "2023-02-08.1"
# Lighthouse's own advice: the median of several runs, since one run varies with the machine's load.
RUNS_PER_PAGE = 3
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def install_lighthouse(workdir: Path) -> Path | None:
    npm = shutil.which("npm")
    if npm is None:
        return None
    prefix = workdir / "npm-lighthouse"
    prefix.mkdir(parents=True, exist_ok=True)
    log("web", f"npm install {LIGHTHOUSE} into a temporary folder")
    command = [npm, "install", "--prefix", str(prefix), "--no-save", "--no-audit", "--no-fund", LIGHTHOUSE]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    return binary if done.returncode == 0 and binary.is_file() else None


def _failing_audits(result: dict[str, Any]) -> dict[str, list[str]]:
    failing: dict[str, list[str]] = {}
    for category_id, category in result["categories"].items():
        for reference in category["auditRefs"]:
            audit = result["audits"][reference["id"]]
            if reference.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                failing.setdefault(category_id, []).append(f"{reference['id']} {audit['score']:.2f} {shown}".strip())
    return failing


def lighthouse_page(binary: Path, url: str, output: Path, chromium: str) -> dict[str, Any]:
    environment = {
        **os.environ,
        "CHROME_PATH": chromium,
        "XDG_CONFIG_HOME": str(output.parent / "xdg"),
        "XDG_CACHE_HOME": str(output.parent / "xdg"),
    }
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, env=environment)
    if done.returncode != 0 or not output.is_file():
        return {"error": (done.stderr or done.stdout).strip()[-400:]}
    result = json.loads(output.read_text(encoding="utf-8"))
    scores = {category: round(100 * (result["categories"][category]["score"] or 0)) for category in CATEGORIES}
    metrics = {
        name: result["audits"][name].get("displayValue", "")
        for name in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
        )
    }
    return {
        "scores": scores,
        "metrics": metrics,
        "failing": _failing_audits(result),
        "benchmark_index": result.get("environment", {}).get("benchmarkIndex"),
    }


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median performance score, with every run's scores beside it."""
    measured = [run for run in runs if "scores" in run]
    if not measured:
        return runs[-1]
    ordered = sorted(measured, key=lambda run: run["scores"]["performance"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["runs"] = [run["scores"] for run in measured]
    return chosen


def page_path(site: Path, pattern: str) -> str | None:
    matches = sorted(path for path in site.glob(pattern) if path.is_file())
    return matches[0].relative_to(site).as_posix() if matches else None


def with_second_version(docs: Path, copy: Path) -> Path:
    """A copy of the site's sources in which WeMe has a second, editorial version."""
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(docs, copy, ignore=shutil.ignore_patterns("_build"))
    policy = copy / "policies" / "weme.md"
    text = policy.read_text(encoding="utf-8")
    text = text.replace(":version: 2023-02-08\n", f":version: {BENCH_VERSION}\n", 1)
    text = text.replace("We care about your\nprivacy.", "Your privacy matters to\nus.", 1)
    text += (
        "\n:::{policy-version} 2023-02-08\n:date: 2023-02-08\n:impact: major\n\nFirst published version.\n:::\n"
        f"\n:::{{policy-version}} {BENCH_VERSION}\n:impact: editorial\n\nA sentence of the introduction reworded.\n:::\n"
    )
    policy.write_text(text, encoding="utf-8")
    return copy


def run(docs: Path, workdir: Path) -> dict[str, Any]:
    chromium = _chromium()
    if chromium is None:
        return {"available": False, "reason": "no Chromium on this machine (apt-get install chromium)"}
    binary = install_lighthouse(workdir)
    if binary is None:
        return {"available": False, "reason": f"npm could not install {LIGHTHOUSE}"}
    port = _free_port()
    docs = with_second_version(docs, workdir / "web" / "docs")
    site = workdir / "web" / "html"
    log("web", f"building the site for http://127.0.0.1:{port}/ (policy_site_url)")
    command = [
        sys.executable,
        "-m",
        "sphinx_policy.site",
        str(docs),
        str(site),
        "--define",
        f"policy_site_url=http://127.0.0.1:{port}/",
    ]
    built = subprocess.run(command, capture_output=True, text=True, check=False)
    if built.returncode != 0:
        return {"available": False, "reason": f"the site did not build: {built.stderr.strip()[-300:]}"}
    server = subprocess.Popen(
        [sys.executable, "-m", "sphinx_policy.hosting.serve", str(site), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pages: dict[str, Any] = {}
    absent = []
    try:
        for page_type, pattern in PAGE_TYPES.items():
            path = page_path(site, pattern)
            if path is None:
                absent.append(page_type)
                continue
            runs = []
            for number in range(1, RUNS_PER_PAGE + 1):
                log("web", f"Lighthouse: {page_type} ({path}), run {number}/{RUNS_PER_PAGE}")
                report = workdir / "web" / f"{len(pages)}-{number}.json"
                runs.append(lighthouse_page(binary, f"http://127.0.0.1:{port}/{path}", report, chromium))
            pages[page_type] = {"path": path, **median_run(runs)}
    finally:
        server.terminate()
        server.wait(timeout=10)
    version = json.loads((binary.parent.parent / "lighthouse" / "package.json").read_text(encoding="utf-8"))["version"]
    return {
        "available": True,
        "lighthouse": version,
        "chromium": chromium,
        "pages": pages,
        "runs_per_page": RUNS_PER_PAGE,
        "not_in_site": absent,
    }
