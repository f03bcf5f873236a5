"""Chromium through Playwright: its own build when installed, otherwise the system's ``chromium``."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .declarations import AuditInputError

SYSTEM_CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
# Nothing of the browser's own (updates, sync, first-run pages) may show up as a request of the site.
QUIET_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@dataclass(frozen=True)
class Browser:
    """What a pass needs: the running browser and what it is, for the report."""

    handle: Any  # playwright.sync_api.Browser
    name: str
    version: str


def chromium_executable(playwright_chromium: Any) -> str | None:
    """None when Playwright's own build is installed (it finds it itself), else the system's browser."""
    if Path(playwright_chromium.executable_path).exists():
        return None
    for name in SYSTEM_CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    raise AuditInputError(
        "no Chromium found: run 'playwright install chromium', or install the system package "
        "(apt-get install -y chromium), then run the audit again."
    )


@contextmanager
def launch(resolve: dict[str, str]) -> Iterator[Browser]:
    """A headless Chromium with its profile in a temporary folder, closed (with Playwright) on exit."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise AuditInputError(
            "Playwright is not installed: pip install 'sphinx-policy[audit]' (or pip install playwright)."
        ) from None
    with tempfile.TemporaryDirectory(prefix="sphinx-policy-audit-") as home, sync_playwright() as playwright:
        arguments = list(QUIET_FLAGS)
        if resolve:
            rules = ", ".join(f"MAP {host} {address}" for host, address in sorted(resolve.items()))
            arguments.append(f"--host-resolver-rules={rules}")
        environment = {**os.environ, "XDG_CONFIG_HOME": f"{home}/config", "XDG_CACHE_HOME": f"{home}/cache"}
        options: dict[str, Any] = {"headless": True, "args": arguments, "env": environment}
        executable = chromium_executable(playwright.chromium)
        if executable:
            options["executable_path"] = executable
        try:
            handle = playwright.chromium.launch(**options)
        except PlaywrightError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else "unknown error"
            raise AuditInputError(
                f"Chromium did not start ({first_line}): run 'playwright install chromium' "
                "or apt-get install -y chromium."
            ) from None
        try:
            yield Browser(handle, "chromium", handle.version)
        finally:
            handle.close()


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` over HTTP on a free port of 127.0.0.1; yields the root URL; stopped on exit."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass  # the audit prints its own progress

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="sphinx-policy-audit-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
