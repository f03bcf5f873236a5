"""Live preview: a change to a policy rebuilds the page; a broken policy shows its located error."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOTS = Path(__file__).resolve().parents[1] / "roots"


class LivePreview:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def wait_for(self, pattern: str, timeout: float = 120) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                found = re.search(pattern, line)
                if found:
                    return found
            assert self.process.poll() is None, "".join(self.lines)
            time.sleep(0.2)
        raise AssertionError(f"no {pattern!r} in the output:\n{''.join(self.lines)}")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[LivePreview, Path]]:
    source = tmp_path / "site"
    shutil.copytree(ROOTS / "test-policy", source)
    process = subprocess.Popen(
        [sys.executable, "-m", "sphinx_policy.hosting.live", str(source), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so that the whole process group stops at the end
        env={**os.environ, "NO_COLOR": "1"},
    )
    preview = LivePreview(process)
    try:
        yield preview, source
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def _wait_for_page(url: str, text: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    page = ""
    while time.monotonic() < deadline:
        try:
            page = _page(url)
        except OSError:
            page = ""
        if text in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}")


def test_a_change_rebuilds_and_an_error_is_shown_located(live: tuple[LivePreview, Path]) -> None:
    preview, source = live
    port = preview.wait_for(r"Serving on http://127\.0\.0\.1:(\d+)").group(1)
    url = f"http://127.0.0.1:{port}/index.html"
    _wait_for_page(url, "This policy explains how Test AS handles personal data.")
    index = source / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("handles personal data.", "handles personal data, edited live."),
        encoding="utf-8",
    )
    _wait_for_page(url, "handles personal data, edited live.")
    # The page the browser reloads into gets the script that reloads it.
    assert "/websocket-reload" in _page(url) or "sphinx-autobuild" in _page(url)
    index.write_text(
        index.read_text(encoding="utf-8").replace(":effective: 2024-05-01", ":effective: 2024-13-01"), encoding="utf-8"
    )
    preview.wait_for(r"index\.md:\d+: ERROR: .*\[policy\.")
    assert "Traceback" not in "".join(preview.lines)
