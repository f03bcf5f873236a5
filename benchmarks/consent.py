"""The consent banner's weight (bytes, against two open-source consent managers) and its cost in Chromium."""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .measure import log

DEMO_PAGE = "en/demo/weme.html"
CONFIG_FILE = "en/consent/weme.json"
LOADS = 5

# npm package spec -> the files a site would serve (Klaro's script carries its CSS).
PEERS = {
    "vanilla-cookieconsent@3.1": ("vanilla-cookieconsent", ["dist/cookieconsent.umd.js", "dist/cookieconsent.css"]),
    "klaro@0.7": ("klaro", ["dist/klaro.js"]),
}

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def sizes(files: list[Path]) -> dict[str, Any]:
    """Raw and gzipped (level 9, each file on its own, as a server sends them) bytes."""
    per_file = {}
    for path in files:
        data = path.read_bytes()
        per_file[path.name] = {"raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}
    return {
        "files": per_file,
        "raw": sum(entry["raw"] for entry in per_file.values()),
        "gzip": sum(entry["gzip"] for entry in per_file.values()),
    }


def peer_sizes(workdir: Path) -> dict[str, Any]:
    """Install the peers from npm into a temporary folder and weigh their dist files."""
    results: dict[str, Any] = {}
    npm = shutil.which("npm")
    prefix = workdir / "npm"
    prefix.mkdir(parents=True, exist_ok=True)
    for spec, (package, files) in PEERS.items():
        if npm is None:
            results[spec] = {"available": False, "reason": "npm is not installed"}
            continue
        log("consent", f"npm install {spec} into a temporary folder")
        command = [
            npm,
            "install",
            "--prefix",
            str(prefix),
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--no-package-lock",
            spec,
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
        except subprocess.TimeoutExpired:
            results[spec] = {"available": False, "reason": "npm install timed out after 240 s"}
            continue
        root = prefix / "node_modules" / package
        paths = [root / file for file in files]
        if done.returncode != 0 or not all(path.is_file() for path in paths):
            reason = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["files missing"]
            results[spec] = {"available": False, "reason": f"npm install failed: {reason[0][:300]}"}
            continue
        version = json.loads((root / "package.json").read_text(encoding="utf-8")).get("version", "?")
        results[spec] = {"available": True, "version": version, **sizes(paths)}
    return results


# Runs in the page before any of its scripts: records DOMContentLoaded, the banner's
# insertion and first frames, and every layout shift.
INIT_SCRIPT = """
(() => {
  const m = { shifts: [], inserted: null, rendered: null, painted: null, dcl: null };
  window.__bench = m;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        m.shifts.push({ value: entry.value, startTime: entry.startTime, hadRecentInput: entry.hadRecentInput,
          sources: (entry.sources || []).map((s) => s.node ? (s.node.id || s.node.nodeName) : null) });
      }
    }).observe({ type: "layout-shift", buffered: true });
  } catch (error) { m.noLayoutShift = String(error); }
  document.addEventListener("DOMContentLoaded", () => { m.dcl = performance.now(); });
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.display !== "none" && style.visibility !== "hidden";
  };
  const check = () => {
    const banner = document.getElementById("policy-consent");
    if (!banner || m.inserted !== null || !shown(banner)) { return false; }
    m.inserted = performance.now();
    requestAnimationFrame(() => {
      m.rendered = performance.now();
      setTimeout(() => { m.painted = performance.now(); }, 0);
    });
    return true;
  };
  new MutationObserver((records, observer) => { if (check()) { observer.disconnect(); } })
    .observe(document, { childList: true, subtree: true });
})();
"""

COLLECT = """
() => {
  const nav = performance.getEntriesByType("navigation")[0];
  return { ...window.__bench, dclStart: nav ? nav.domContentLoadedEventStart : null,
           loadEnd: nav ? nav.loadEventEnd : null, responseEnd: nav ? nav.responseEnd : null };
}
"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build_site(workdir: Path, docs: Path) -> Path:
    output = workdir / "site" / "html"
    command = [sys.executable, "-m", "sphinx_policy.site", str(docs), str(output), "--language", "en"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    if done.returncode != 0 or not (output / DEMO_PAGE).is_file():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"the site build failed (exit {done.returncode}):\n{tail}")
    return output


CONTROL_PAGE = "bench-layout-shift-control.html"
# A page that shifts its own text: proves the observer sees layout shifts in this browser.
CONTROL_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>control</title></head>
<body><p style="font-size: 2rem">Text that moves down when a block is inserted above it.</p>
<script>setTimeout(function () {
  var block = document.createElement("div"); block.style.height = "200px"; block.textContent = "inserted";
  document.body.insertBefore(block, document.body.firstChild);
}, 300);</script></body></html>
"""


def control_shift(browser: Any, url: str) -> float:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_timeout(1000)
    shifts = page.evaluate("() => window.__bench.shifts")
    context.close()
    return round(sum(shift["value"] for shift in shifts if not shift["hadRecentInput"]), 5)


def browser_figures(site: Path, workdir: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    home = workdir / "browser-home"
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
    os.environ.update({"XDG_CONFIG_HOME": env["XDG_CONFIG_HOME"], "XDG_CACHE_HOME": env["XDG_CACHE_HOME"]})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{DEMO_PAGE}"
    (site / CONTROL_PAGE).write_text(CONTROL_HTML, encoding="utf-8")
    loads = []
    try:
        with sync_playwright() as playwright:
            launch: dict[str, Any] = {"args": CHROMIUM_FLAGS, "env": env}
            browser_used = "Playwright's Chromium"
            if not Path(playwright.chromium.executable_path).exists():
                launch["executable_path"] = "/usr/bin/chromium"
                browser_used = "/usr/bin/chromium"
            browser = playwright.chromium.launch(**launch)
            version = browser.version
            try:
                for number in range(1, LOADS + 1):
                    context = browser.new_context(viewport={"width": 1280, "height": 720})  # no cookies: banner shows
                    context.add_init_script(INIT_SCRIPT)
                    page = context.new_page()
                    page.goto(url, wait_until="load")
                    page.wait_for_function("window.__bench && window.__bench.painted !== null", timeout=10_000)
                    page.wait_for_timeout(500)  # let late shifts, if any, be recorded
                    record = page.evaluate(COLLECT)
                    context.close()
                    loads.append(record)
                    log(
                        "consent",
                        f"Chromium load {number}/{LOADS}: banner painted "
                        f"{record['painted'] - record['dclStart']:.1f} ms after DOMContentLoaded started",
                    )
                control = control_shift(browser, url.replace(DEMO_PAGE, CONTROL_PAGE))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

    def relative(key: str) -> list[float]:
        return [round(load[key] - load["dclStart"], 2) for load in loads]

    cls_total = [round(sum(s["value"] for s in load["shifts"] if not s["hadRecentInput"]), 5) for load in loads]
    cls_banner = [
        round(
            sum(s["value"] for s in load["shifts"] if not s["hadRecentInput"] and s["startTime"] >= load["inserted"]), 5
        )
        for load in loads
    ]
    return {
        "browser": f"{browser_used} {version}",
        "page": DEMO_PAGE,
        "loads": LOADS,
        "viewport": "1280x720",
        "banner_inserted_after_dcl_ms": relative("inserted"),
        "banner_first_frame_after_dcl_ms": relative("rendered"),
        "banner_painted_after_dcl_ms": relative("painted"),
        "median_inserted_after_dcl_ms": round(statistics.median(relative("inserted")), 2),
        "median_painted_after_dcl_ms": round(statistics.median(relative("painted")), 2),
        "median_painted_after_navigation_ms": round(statistics.median(load["painted"] for load in loads), 2),
        "median_dcl_after_navigation_ms": round(statistics.median(load["dclStart"] for load in loads), 2),
        "layout_shift_total_per_load": cls_total,
        "layout_shift_from_banner_per_load": cls_banner,
        "layout_shift_total_max": max(cls_total),
        "layout_shift_from_banner_max": max(cls_banner),
        "layout_shift_entries": sum(len(load["shifts"]) for load in loads),
        "layout_shift_supported": not any("noLayoutShift" in load for load in loads),
        "control_layout_shift": control,
    }


def config_bytes(site: Path) -> dict[str, int] | None:
    """The configuration the demo page's script tag names (en/consent/weme.json), which consent.js fetches."""
    path = site / CONFIG_FILE
    if not path.is_file():
        return None
    data = path.read_bytes()
    return {"raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}


def published_files(workdir: Path) -> list[Path]:
    """consent.js and consent.css as the build publishes them (consent/v1/, minified with rjsmin/rcssmin)."""
    from sphinx_policy.outputs.consent import minified

    folder = workdir / "published"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("consent.js", "consent.css"):
        path = folder / name
        path.write_bytes(minified(name))
        paths.append(path)
    return paths


def run(docs: Path) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="sphinx-policy-bench-consent-"))
    try:
        result: dict[str, Any] = {"ours": sizes(published_files(workdir))}
        result["peers"] = peer_sizes(workdir)
        log("consent", f"building the site's English pages (python -m sphinx_policy.site {docs} ... --language en)")
        try:
            site = build_site(workdir, docs)
        except (RuntimeError, subprocess.TimeoutExpired) as error:
            result["browser"] = {"available": False, "reason": str(error)}
            return result
        result["demo_config"] = config_bytes(site)
        tag = re.search(r"<script[^>]*consent\.js[^>]*>", (site / DEMO_PAGE).read_text(encoding="utf-8"))
        result["consent_script_tag"] = tag.group(0) if tag else None
        log("consent", "measuring the banner in Chromium")
        try:
            result["browser"] = {"available": True, **browser_figures(site, workdir)}
        except Exception as error:  # a missing browser is reported; the other figures stand
            result["browser"] = {"available": False, "reason": f"{type(error).__name__}: {error}"[:1000]}
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
