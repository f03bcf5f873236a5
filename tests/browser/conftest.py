"""Browser tests: the built site served on 127.0.0.1 and opened in a real Chromium.

Playwright's own Chromium is used when it is installed (a normal laptop after
``playwright install chromium``); otherwise the system's Chromium (Debian's
``chromium`` package, which .ci/run installs).  No browser is a failure, never
a skip: these tests are the proof that the pages work.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

# Chromium writes its profile and caches under these; keep them out of $HOME.
_BROWSER_HOME = Path(tempfile.mkdtemp(prefix="sphinx-policy-browser-"))
os.environ.setdefault("XDG_CONFIG_HOME", str(_BROWSER_HOME / "config"))
os.environ.setdefault("XDG_CACHE_HOME", str(_BROWSER_HOME / "cache"))

SYSTEM_CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _system_chromium() -> str | None:
    for name in SYSTEM_CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], browser_type: Any) -> dict[str, Any]:
    arguments = {**browser_type_launch_args, "args": [*browser_type_launch_args.get("args", []), *QUIET_FLAGS]}
    if Path(browser_type.executable_path).exists():
        return arguments
    system = _system_chromium()
    if system is None:
        pytest.fail(
            "No Chromium found: run 'playwright install chromium', or install the system "
            "package (apt-get install -y chromium), then run the tests again."
        )
    return {**arguments, "executable_path": system}


STRICT_CSP = "default-src 'self'"


@contextmanager
def serve(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1, adding ``headers`` to every response."""
    extra = dict(headers or {})

    class Handler(SimpleHTTPRequestHandler):
        def end_headers(self) -> None:
            for name, value in extra.items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def served_site(site: Any) -> Iterator[str]:
    """The built site (every language) over HTTP on 127.0.0.1; yields the root URL."""
    with serve(site.root) as url:
        yield url


@pytest.fixture(scope="session")
def csp_site(site: Any) -> Iterator[str]:
    """The built site with every response under Content-Security-Policy: default-src 'self'."""
    with serve(site.root, {"Content-Security-Policy": STRICT_CSP}) as url:
        yield url
