"""The site's HTTP headers, declared once and written for each host.

One table of rules (``site_rules``) says which headers each path gets; it is
written as a ``_headers`` file (Netlify, Cloudflare Pages) and as an nginx
configuration snippet, and ``serve`` answers with exactly these headers, so
what the tests see is what a host sends.

A rule's pattern is a path with ``*`` (anything, at the end) and ``:name``
(one path segment), as ``_headers`` files write them.  The first rule, ``/*``,
holds the headers every response gets; the other rules are disjoint (no path
matches two of them, which the tests check on the built site), so each host
can apply "common + the one specific rule" whatever its own merging rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; object-src 'none'"
)
COMMON_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Content-Type-Options", "nosniff"),
)
# Current pages and feeds change with every publication: caches check again soon.
SHORT_CACHE = "public, max-age=300, must-revalidate"
# Sphinx names styles and scripts with ?v=<checksum>, so a week is safe; published
# versions never change (the build refuses to), so they are cached for good.
STATIC_CACHE = "public, max-age=604800"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
CORS = ("Access-Control-Allow-Origin", "*")

# What a host should compress (nginx's gzip_types; Netlify and Cloudflare compress these anyway).
COMPRESSIBLE_TYPES = (
    "application/atom+xml",
    "application/feed+json",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg+xml",
    "text/css",
    "text/html",
    "text/javascript",
    "text/plain",
    "text/xml",
)


@dataclass(frozen=True)
class HeaderRule:
    pattern: str
    headers: tuple[tuple[str, str], ...]

    @property
    def regex(self) -> str:
        return pattern_regex(self.pattern)

    def matches(self, path: str) -> bool:
        return _compiled(self.pattern).fullmatch(path) is not None


def pattern_regex(pattern: str) -> str:
    """A ``_headers`` pattern as a regular expression over the request path."""
    parts = []
    for piece in re.split(r"(\*|:[A-Za-z_]+)", pattern):
        if piece == "*":
            parts.append(".*")
        elif piece.startswith(":"):
            parts.append("[^/]+")
        else:
            parts.append(re.escape(piece))
    return "".join(parts)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern_regex(pattern))


def _json(media_type: str, cache_control: str) -> tuple[tuple[str, str], ...]:
    return (("Content-Type", media_type), CORS, ("Cache-Control", cache_control))


def site_rules(languages: Iterable[str]) -> list[HeaderRule]:
    """The rules for a site whose language folders are ``languages`` (none: one language at the root)."""
    rules = [HeaderRule("/*", COMMON_HEADERS)]
    roots = [f"/{code}" for code in languages] or [""]
    for root in roots:
        rules += [
            HeaderRule(f"{root}/_static/*", (("Cache-Control", STATIC_CACHE),)),
            HeaderRule(f"{root}/feeds/index.json", _json("application/json", SHORT_CACHE)),
            HeaderRule(f"{root}/feeds/changes.json", _json("application/feed+json", SHORT_CACHE)),
            HeaderRule(f"{root}/feeds/changes.atom", _json("application/atom+xml", SHORT_CACHE)),
            # The current feed and device-storage file of a policy: one segment under policies/.
            HeaderRule(f"{root}/feeds/policies/:file", _json("application/json", SHORT_CACHE)),
            # A published version's feed: <id>/<version>.json, never changed once written.
            HeaderRule(f"{root}/feeds/policies/:policy/:version", _json("application/json", IMMUTABLE_CACHE)),
            # A published version's text alone, for other websites to fetch and embed (CORS); made from the
            # archived text, which never changes.  (A version's page is not: its notice changes when a later
            # version is announced or takes effect, so it is revalidated like every page.)
            HeaderRule(f"{root}/fragments/:policy/:version", (CORS, ("Cache-Control", IMMUTABLE_CACHE))),
            HeaderRule(f"{root}/schemas/*", _json("application/json", SHORT_CACHE)),
            # The consent banner's configuration per policy, read by other websites (CORS) ...
            HeaderRule(f"{root}/consent/:file", _json("application/json", SHORT_CACHE)),
            # ... and its script and stylesheet, at a URL per configuration format.
            HeaderRule(f"{root}/consent/:format/:file", (CORS, ("Cache-Control", SHORT_CACHE))),
        ]
    rules.append(HeaderRule("/.well-known/gpc.json", _json("application/json", SHORT_CACHE)))
    return rules


def headers_for(path: str, rules: list[HeaderRule]) -> dict[str, str]:
    """The headers a response for ``path`` carries: the common ones, then the matching rule's."""
    found: dict[str, str] = {}
    for rule in rules:
        if rule.matches(path):
            found.update(rule.headers)
    return found


def headers_file(rules: list[HeaderRule]) -> str:
    """The rules as a ``_headers`` file (Netlify, Cloudflare Pages)."""
    lines = ["# Generated by sphinx-policy from the site's configuration: do not edit, rebuild."]
    for rule in rules:
        lines.append(rule.pattern)
        lines += [f"  {name}: {value}" for name, value in rule.headers]
    return "\n".join(lines) + "\n"


def _nginx_location(rule: HeaderRule | None, common: tuple[tuple[str, str], ...]) -> list[str]:
    # add_header in a location replaces the server's, so each location repeats the
    # common headers; Content-Type is nginx's by extension unless the rule names one.
    headers = list(common) + [header for header in (rule.headers if rule else ()) if header[0] != "Content-Type"]
    media_type = next((value for name, value in (rule.headers if rule else ()) if name == "Content-Type"), None)
    body = [f'    add_header {name} "{value}" always;' for name, value in headers]
    if media_type:
        body = ["    types { }", f"    default_type {media_type};", *body]
    head = f"location ~ ^{rule.regex}$ {{" if rule else "location / {"
    return [head, *body, "}"]


def nginx_snippet(rules: list[HeaderRule]) -> str:
    """The rules as nginx ``location`` blocks, to include in the site's ``server { }``."""
    common = rules[0].headers
    lines = [
        "# Generated by sphinx-policy from the site's configuration: do not edit, rebuild.",
        "# Include inside the server { } block that serves the built site as its root.",
        "charset utf-8;",
        "gzip on;",
        "gzip_vary on;",
        f"gzip_types {' '.join(media for media in COMPRESSIBLE_TYPES if media != 'text/html')};",
        "",
    ]
    for rule in rules[1:]:
        lines += _nginx_location(rule, common)
    lines += _nginx_location(None, common)
    return "\n".join(lines) + "\n"
