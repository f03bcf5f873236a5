"""The current feed says where each cookie is declared; a published version's feed does not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]


def test_cookie_declarations_carry_their_source_line_in_the_current_feed(site: Any) -> None:
    feed = json.loads((site.html / "feeds" / "policies" / "weme.json").read_text(encoding="utf-8"))
    source = (PROJECT / "docs" / "policies" / "weme.md").read_text(encoding="utf-8").splitlines()
    for cookie in feed["cookies"]:
        line = cookie["source"]["line"]
        assert source[line - 1] == f":::{{policy-cookie}} {cookie['name']}"
        assert cookie["source"]["file"].startswith("policies/weme")


def test_published_version_feed_has_no_source_lines(site: Any) -> None:
    version = json.loads((site.html / "feeds" / "policies" / "weme" / "2023-02-08.json").read_text(encoding="utf-8"))
    assert version["cookies"] and all("source" not in cookie for cookie in version["cookies"])
    archived = json.loads((PROJECT / "docs" / "published" / "en" / "weme" / "2023-02-08.json").read_text("utf-8"))
    assert version["cookies"] == archived["cookies"]
