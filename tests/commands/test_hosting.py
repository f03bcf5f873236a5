"""Hosting: the headers the build declares are the ones every host configuration and the local server send."""

from __future__ import annotations

import gzip
import re
import shutil
import urllib.request
from pathlib import Path

import pytest

from sphinx_policy.hosting import headers
from sphinx_policy.hosting.serve import read_headers_file, serving
from sphinx_policy.site import write_hosting
from tests.conftest import LANGUAGES, BuiltSite


@pytest.fixture(scope="module")
def hosted(site: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site with its host configurations, as `nox -s site` leaves it."""
    root = tmp_path_factory.mktemp("hosted") / "html"
    shutil.copytree(site.root, root, ignore=shutil.ignore_patterns(".doctrees"))
    write_hosting(root, list(LANGUAGES))
    return root


def _site_paths(root: Path) -> list[str]:
    return sorted(
        "/" + path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.name not in ("_headers", ".nojekyll")
    )


def _get(url: str, gzip_ok: bool = False) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(response.headers.items()), response.read()


def test_the_headers_file_is_the_declared_rules(hosted: Path) -> None:
    rules = headers.site_rules(LANGUAGES)
    assert read_headers_file(hosted / "_headers") == rules
    assert (hosted / ".nojekyll").is_file()


def test_every_path_matches_at_most_one_rule_besides_the_common_one(hosted: Path) -> None:
    rules = headers.site_rules(LANGUAGES)
    assert rules[0].pattern == "/*"
    for path in _site_paths(hosted):
        matching = [rule.pattern for rule in rules[1:] if rule.matches(path)]
        assert len(matching) <= 1, (path, matching)


def test_the_server_sends_exactly_the_generated_headers(hosted: Path) -> None:
    rules = read_headers_file(hosted / "_headers")
    paths = _site_paths(hosted)
    with serving(hosted) as base:
        for path in paths:
            sent, _ = _get(base.rstrip("/") + path)
            for name, value in headers.headers_for(path, rules).items():
                assert sent.get(name) == value, (path, name, sent.get(name))
            assert sent["Content-Security-Policy"].startswith("default-src 'self'")
            assert sent["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "media_type", "cache"),
    [
        ("/en/feeds/changes.json", "application/feed+json", headers.SHORT_CACHE),
        ("/nb/feeds/changes.atom", "application/atom+xml", headers.SHORT_CACHE),
        ("/sv/feeds/index.json", "application/json", headers.SHORT_CACHE),
        ("/en/feeds/policies/weme.json", "application/json", headers.SHORT_CACHE),
        ("/en/feeds/policies/weme.device-storage.json", "application/json", headers.SHORT_CACHE),
        ("/en/feeds/policies/weme/2023-02-08.json", "application/json", headers.IMMUTABLE_CACHE),
        ("/en/schemas/policy.schema.json", "application/json", headers.SHORT_CACHE),
        # The banner's configuration, fetched by the organisation's own website (docs/embedding.md).
        ("/en/consent/weme.json", "application/json", headers.SHORT_CACHE),
        ("/sv/consent/weme.json", "application/json", headers.SHORT_CACHE),
    ],
)
def test_feeds_have_their_media_type_cors_and_caching(hosted: Path, path: str, media_type: str, cache: str) -> None:
    assert (hosted / path.lstrip("/")).is_file(), path
    with serving(hosted) as base:
        sent, body = _get(base.rstrip("/") + path)
    assert sent["Content-Type"] == media_type
    assert sent["Access-Control-Allow-Origin"] == "*"
    assert sent["Cache-Control"] == cache
    assert body == (hosted / path.lstrip("/")).read_bytes()


@pytest.mark.parametrize("language", LANGUAGES)
def test_fragments_can_be_fetched_by_other_sites_and_are_cached_for_good(hosted: Path, language: str) -> None:
    fragments = sorted((hosted / language / "fragments").glob("*/*.html"))
    assert fragments, language
    with serving(hosted) as base:
        for fragment in fragments:
            sent, body = _get(base + fragment.relative_to(hosted).as_posix())
            assert sent["Content-Type"].startswith("text/html")
            assert sent["Access-Control-Allow-Origin"] == "*"
            assert sent["Cache-Control"] == headers.IMMUTABLE_CACHE
            assert body == fragment.read_bytes()


def test_a_version_page_is_revalidated_like_every_page(hosted: Path) -> None:
    """Its notice changes when a later version is announced or takes effect: not cached for good."""
    page = hosted / "en" / "policies" / "weme" / "2023-02-08.html"
    assert page.is_file()
    with serving(hosted) as base:
        sent, _ = _get(base + "en/policies/weme/2023-02-08.html")
    assert sent["Content-Type"].startswith("text/html")
    assert "Cache-Control" not in sent and "Access-Control-Allow-Origin" not in sent


def test_text_is_compressed_when_the_browser_accepts_it(hosted: Path) -> None:
    page = hosted / "en" / "policies" / "weme.html"
    with serving(hosted) as base:
        sent, body = _get(base + "en/policies/weme.html", gzip_ok=True)
        plain_headers, plain = _get(base + "en/policies/weme.html")
    assert sent["Content-Encoding"] == "gzip" and "Accept-Encoding" in sent["Vary"]
    assert gzip.decompress(body) == page.read_bytes() == plain
    assert "Content-Encoding" not in plain_headers
    assert len(body) < len(plain) / 3


def test_a_missing_page_is_a_404_and_a_folder_redirects(hosted: Path) -> None:
    with serving(hosted) as base:
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(base + "en/no-such-page.html")
        assert missing.value.code == 404
        _, body = _get(base + "en")  # follows the redirect to en/
    assert b"<html" in body


def _nginx_locations(snippet: str) -> list[tuple[re.Pattern[str] | None, dict[str, str], str | None]]:
    """The snippet's locations in order: regex (None for `location /`), add_header values, default_type."""
    locations = []
    for block in re.findall(r"location (.*?) \{\n(.*?)\n\}", snippet, flags=re.S):
        head, body = block
        pattern = re.compile(head.removeprefix("~ ")) if head.startswith("~ ") else None
        added = dict(re.findall(r'add_header (\S+) "(.*?)" always;', body))
        media = re.search(r"default_type (\S+);", body)
        locations.append((pattern, added, media.group(1) if media else None))
    return locations


def test_the_nginx_snippet_sends_the_same_headers(hosted: Path) -> None:
    """nginx takes the first regex location that matches, else `location /`: each path gets the same headers."""
    rules = headers.site_rules(LANGUAGES)
    snippet = (hosted.parent / "hosting" / "nginx.conf").read_text(encoding="utf-8")
    assert "gzip on;" in snippet and "application/feed+json" in snippet
    locations = _nginx_locations(snippet)
    assert locations[-1][0] is None
    for path in _site_paths(hosted):
        _, added, media = next(entry for entry in locations if entry[0] is None or entry[0].match(path))
        expected = headers.headers_for(path, rules)
        assert media == expected.pop("Content-Type", None), path
        assert added == expected, path
