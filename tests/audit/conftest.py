"""The audit's test site: a tiny shop whose policy declares three cookies, built once.

Beside the built demo page (which must audit clean) the fixture writes pages that
embed the same banner, configuration and all, plus scripts that misbehave: that is
how a real site would break its own policy.  Two servers run on loopback: the shop
on 127.0.0.1 and a "third party" on 127.0.0.2 that no declaration names.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_sphinx

HERE = Path(__file__).resolve().parent
ROOT = HERE / "roots" / "test-audit-shop"
PAGE_TEMPLATE = HERE / "pages" / "shop-page.html"
CONFIG_TAG = 'data-policy-config="../consent/shop.json"'

# Each page: the extra scripts it loads at once (before any consent).
PAGES = {
    "shop-misbehaving": ["shop-misbehaving.js"],
    "shop-throws": ["shop-throws.js"],
    "shop-gpc": ["shop-gpc-probe.js"],
    "shop-hangs": [],
}


@dataclass
class Traffic:
    """What the shop's server saw: (path, Sec-GPC header) per request."""

    requests: list[tuple[str, str | None]] = field(default_factory=list)


@dataclass(frozen=True)
class ShopSite:
    root: Path  # the built site: root/en/...
    url: str  # the shop's server, serving root
    third_party: str  # the server on 127.0.0.2
    traffic: Traffic

    @property
    def feed(self) -> Path:
        return self.root / "en" / "feeds" / "policies" / "shop.json"

    def page(self, name: str) -> str:
        return f"{self.url}en/demo/{name}.html"


def declaration_line(name: str) -> int:
    """The line of ``:::{policy-cookie} <name>`` in the fixture's source: what findings must cite."""
    lines = (ROOT / "policies" / "shop.md").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line == f":::{{policy-cookie}} {name}")


def _server(address: str, directory: Path, traffic: Traffic) -> ThreadingHTTPServer:
    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            traffic.requests.append((self.path, self.headers.get("Sec-GPC")))
            if self.path.startswith("/hang"):
                time.sleep(60)  # a request that never ends (for any audit's page timeout)
                return
            if self.path.startswith("/pixel"):
                self.send_response(204)
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((address, 0), functools.partial(Handler, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def shop_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShopSite]:
    root = tmp_path_factory.mktemp("shop")
    result = run_sphinx(ROOT, root / "en", root / ".doctrees", confoverrides={"language": "en"})
    assert result.status == 0, result.warnings
    traffic = Traffic()
    shop = _server("127.0.0.1", root, traffic)
    third = _server("127.0.0.2", root, Traffic())
    url = f"http://127.0.0.1:{shop.server_address[1]}/"
    third_url = f"http://127.0.0.2:{third.server_address[1]}/"
    demo = (root / "en" / "demo" / "shop.html").read_text(encoding="utf-8")
    assert CONFIG_TAG in demo, "the demo page embeds the banner with one tag naming its configuration"
    assert (root / "en" / "consent" / "shop.json").is_file()
    template = PAGE_TEMPLATE.read_text(encoding="utf-8")
    for name, scripts in PAGES.items():
        tags = "\n  ".join(f'<script src="../_static/{script}"></script>' for script in scripts)
        if name == "shop-hangs":
            tags += f'\n  <script src="{url}hang.js"></script>'
        page = template.replace("{scripts}", tags)
        page = page.replace("{pixel}", f"{third_url}pixel")
        (root / "en" / "demo" / f"{name}.html").write_text(page, encoding="utf-8")
    try:
        yield ShopSite(root, url, third_url, traffic)
    finally:
        for server in (shop, third):
            server.shutdown()
            server.server_close()


def browser_processes() -> list[str]:
    """Chromium processes started from this test process (its descendants), by command."""
    children: dict[int, list[int]] = {}
    commands: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
        commands[int(entry.name)] = command
    found, pending = [], list(children.get(os.getpid(), []))
    while pending:
        pid = pending.pop()
        if "chrom" in commands.get(pid, "") or "playwright" in commands.get(pid, ""):
            found.append(commands[pid])
        pending += children.get(pid, [])
    return found
