"""What a policy declares, read from its published feed, and what the Open Cookie Database knows.

The audit reads nothing but the feed (a file or a URL), so it can check any site
that publishes one, not only a site built here.
"""

from __future__ import annotations

import csv
import ipaddress
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from sphinx_policy import model

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
POLICY_SCHEMA = "policy.schema.json"
FEED_TIMEOUT_SECONDS = 10


class AuditInputError(Exception):
    """The audit cannot run on this input; the message says what to check or install (exit 2)."""


@dataclass(frozen=True)
class Declaration:
    """One ``policy-cookie`` of the feed (cookies and similar storage: the directive covers both)."""

    name: str
    provider: str
    domain: str
    category: str
    lifetime: str  # ISO 8601 duration or "session"
    lifetime_seconds: int
    source_file: str | None
    source_line: int | None

    def as_evidence(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "provider": self.provider,
            "domain": self.domain,
            "category": self.category,
            "lifetime": self.lifetime,
            "file": self.source_file,
            "line": self.source_line,
        }


@dataclass(frozen=True)
class PolicyDeclarations:
    policy_id: str
    version: str
    language: str
    title: str
    controller: str | None  # who sets the site's own cookies, for a suggested declaration
    feed: str  # where the feed was read from
    domains: tuple[str, ...]
    cookies: tuple[Declaration, ...]

    def find(self, name: str) -> Declaration | None:
        for declaration in self.cookies:
            if declaration.name == name:
                return declaration
        return None

    @property
    def optional_categories(self) -> list[str]:
        """The categories a visitor can allow, in the banner's order."""
        present = {declaration.category for declaration in self.cookies}
        return [code for code in model.COOKIE_CATEGORIES if code != "necessary" and code in present]

    def declared_hosts(self) -> set[str]:
        """Hosts a request may go to: the policy's own domains and every declared cookie domain."""
        return {domain.lstrip(".") for domain in self.domains} | {
            declaration.domain.lstrip(".") for declaration in self.cookies
        }


@cache
def schema(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def read_text(location: str) -> str:
    """A file's text, or a URL's body (bounded wait): the feed may be published anywhere."""
    if location.startswith(("http://", "https://")):
        try:
            with urllib.request.urlopen(location, timeout=FEED_TIMEOUT_SECONDS) as response:
                body: bytes = response.read()
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise AuditInputError(f"the feed {location} cannot be fetched ({error}): check the address.") from None
        return body.decode("utf-8", errors="replace")
    path = Path(location)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AuditInputError(
            f"the feed {location} cannot be read ({error}): give the path of <lang>/feeds/policies/<id>.json."
        ) from None


def load_feed(location: str) -> PolicyDeclarations:
    """The declarations of one policy feed; an input that is not a valid policy feed stops the audit."""
    text = read_text(location)
    try:
        feed = json.loads(text)
    except json.JSONDecodeError as error:
        raise AuditInputError(f"{location} is not JSON ({error}): --feed takes a policy feed.") from None
    expected = schema(POLICY_SCHEMA)["$id"]
    if not isinstance(feed, dict) or feed.get("$schema") != expected:
        raise AuditInputError(
            f"{location} is not a sphinx-policy policy feed (its $schema is not {expected}): "
            "give --feed the <lang>/feeds/policies/<id>.json that the site build wrote."
        )
    mismatch = best_match(Draft202012Validator(schema(POLICY_SCHEMA)).iter_errors(feed))
    if mismatch is not None:
        where = "/".join(str(part) for part in mismatch.absolute_path) or "(top)"
        raise AuditInputError(f"{location} is not a valid policy feed at {where}: {mismatch.message}.")
    return PolicyDeclarations(
        policy_id=feed["id"],
        version=feed["version"],
        language=feed["language"],
        title=feed["title"],
        controller=(feed.get("controller") or {}).get("name"),
        feed=location,
        domains=tuple(feed["domains"]),
        cookies=tuple(_declaration(cookie, _source_files(feed)) for cookie in feed["cookies"]),
    )


def _source_files(feed: dict[str, Any]) -> dict[str, str]:
    """Document name -> file, from the transparency checks, which name the file with its suffix.

    A build that does not hand the feed writer the file name publishes the document
    name (policies/weme) as the cookie's source; the checks of the same feed say
    policies/weme.md, which is what an author opens.
    """
    files: dict[str, str] = {}
    for check in feed.get("checks", []):
        source = check.get("source") or ""
        stem, dot, _suffix = source.rpartition(".")
        if dot and "/" not in _suffix:
            files.setdefault(stem, source)
    return files


def _declaration(cookie: dict[str, Any], files: dict[str, str]) -> Declaration:
    source = cookie.get("source") or {}
    if source.get("file") in files:
        source = {**source, "file": files[source["file"]]}
    return Declaration(
        name=cookie["name"],
        provider=cookie["provider"],
        domain=cookie["domain"],
        category=cookie["category"],
        lifetime=cookie["lifetime"],
        lifetime_seconds=cookie["lifetime_seconds"],
        source_file=source.get("file"),
        source_line=source.get("line"),
    )


# --- hosts --------------------------------------------------------------------------------


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def site_of(host: str) -> str:
    """The site a host belongs to, for first/third party: an IP address is its own site; a name
    is its last two labels (an approximation of the registrable domain that needs no Public
    Suffix List; it treats example.co.uk hosts as one site, which errs on the side of 'first')."""
    host = host.lower().lstrip(".")
    if _is_ip(host) or host == "localhost":
        return host
    return ".".join(host.split(".")[-2:])


def same_site(host: str, page_host: str) -> bool:
    return site_of(host) == site_of(page_host)


def host_matches(host: str, domains: set[str]) -> bool:
    """A host equals one of the domains or lies under it."""
    host = host.lower()
    return any(host == domain or host.endswith("." + domain) for domain in domains if domain)


# --- Open Cookie Database -----------------------------------------------------------------


@dataclass(frozen=True)
class KnownCookie:
    platform: str
    category: str  # one of model.COOKIE_CATEGORIES


# The database's categories in our vocabulary: what a suggested declaration should say.
DATABASE_CATEGORIES = {
    "analytics": "statistics",
    "marketing": "marketing",
    "functional": "preferences",
    "personalization": "preferences",
    "security": "necessary",
    "necessary": "necessary",
}


class CookieDatabase:
    """Cookie names (exact, or prefixes for the database's wildcard rows) with platform and category."""

    def __init__(self, exact: dict[str, KnownCookie], prefixes: dict[str, KnownCookie]) -> None:
        self.exact = exact
        self.prefixes = prefixes

    def lookup(self, name: str) -> KnownCookie | None:
        if name in self.exact:
            return self.exact[name]
        matching = [prefix for prefix in self.prefixes if name.startswith(prefix)]
        return self.prefixes[max(matching, key=len)] if matching else None


def load_cookie_database(path: Path) -> CookieDatabase:
    exact: dict[str, KnownCookie] = {}
    prefixes: dict[str, KnownCookie] = {}
    needed = {"Cookie / Data Key name", "Category", "Platform", "Wildcard match"}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = needed - set(reader.fieldnames or ())
            if missing:
                raise AuditInputError(
                    f"{path}:1: the header lacks {', '.join(sorted(missing))}: "
                    "--cookie-database takes the Open Cookie Database CSV."
                )
            for row in reader:
                name = (row["Cookie / Data Key name"] or "").strip()
                category = DATABASE_CATEGORIES.get((row["Category"] or "").strip().lower())
                if not name or category is None:
                    continue
                known = KnownCookie((row["Platform"] or "").strip() or "unknown", category)
                target = prefixes if (row["Wildcard match"] or "").strip() == "1" else exact
                target.setdefault(name, known)  # the first row of a name wins, as the database orders them
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise AuditInputError(f"{path}: cannot read the cookie database: {error}") from None
    return CookieDatabase(exact, prefixes)
