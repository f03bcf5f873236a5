"""``python -m sphinx_policy.audit``: the command line, what to audit, where the results go, exit codes.

Exit codes: 0 when nothing or only notes were found, 1 when there is an error, 2 when
the audit could not run (no browser, a page that does not answer, a feed that is not
a policy feed); the message then says what to install or check.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .browser import serve
from .declarations import AuditInputError, PolicyDeclarations, load_cookie_database, load_feed
from .findings import Context, page_findings
from .passes import BannerSelectors, PassResult, plan
from .runner import Job, Outcome, run_jobs
from .writers import (
    STYLE,
    STYLESHEET,
    PolicyAudit,
    document,
    finding_lines,
    html_page,
    now,
    progress_line,
    summary_table,
    write_atomically,
    write_json,
)

CONSENT_COOKIE = "policy_consent"  # the record sphinx-policy's consent.js keeps
DEFAULT_URL_OUTPUT = Path("_build") / "audit"
REACH_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Target:
    """Pages audited against one policy feed, and where the results go."""

    declarations: PolicyDeclarations
    pages: list[str]
    json_path: Path
    html_path: Path
    stylesheet: Path | None  # written next to the page; None: the page carries its style


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="python -m sphinx_policy.audit",
        description="Open a site in Chromium before and after each consent choice and report every cookie, "
        "storage key or third-party request that the policy's declarations do not allow.",
        epilog="Exit codes: 0 no errors (notes allowed), 1 errors found, 2 the audit could not run.",
    )
    command.add_argument("site", nargs="?", type=Path, help="a built site (docs/_build/html): audits its demo pages")
    command.add_argument("--url", action="append", default=[], help="a page to audit (repeatable); needs --feed")
    command.add_argument("--feed", help="the policy feed (file or URL) whose declarations the --url pages must keep")
    command.add_argument("--depth", type=int, default=0, help="follow same-host links from each --url this deep")
    command.add_argument("--output", type=Path, help="where the JSON (and, for --url, the HTML) goes")
    command.add_argument("--cookie-database", type=Path, help="the Open Cookie Database CSV, for suggested fixes")
    command.add_argument("--language", action="append", default=[], help="built site: only these languages")
    command.add_argument("--policy", action="append", default=[], help="built site: only these policy ids")
    command.add_argument("--jobs", type=int, default=2, help="browsers running passes at once (default 2)")
    command.add_argument("--page-timeout", type=float, default=15.0, help="seconds a page may take to load")
    command.add_argument("--allow-host", action="append", default=[], help="a third-party host that stores nothing")
    command.add_argument("--resolve", action="append", default=[], metavar="HOST=ADDRESS", help="map a host name")
    command.add_argument("--consent-cookie", default=CONSENT_COOKIE, help="the consent manager's own cookie")
    defaults = BannerSelectors()
    for name in ("accept_all", "reject_all", "customise", "settings", "category", "save"):
        command.add_argument(
            f"--{name.replace('_', '-')}-selector",
            dest=name,
            default=getattr(defaults, name),
            help=f"CSS selector of the banner's {name.replace('_', ' ')} control (default: %(default)s)",
        )
    return command


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    arguments = parser().parse_args(argv)
    try:
        return _run(arguments, out)
    except AuditInputError as error:
        print(f"sphinx-policy audit: cannot run: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sphinx-policy audit: interrupted", file=sys.stderr)
        return 2


def _run(arguments: argparse.Namespace, out: Callable[[str], None]) -> int:
    if (arguments.site is None) == (not arguments.url):
        raise AuditInputError("give either a built site folder or one or more --url (with --feed).")
    database = load_cookie_database(arguments.cookie_database) if arguments.cookie_database else None
    selectors = BannerSelectors(**{name: getattr(arguments, name) for name in BannerSelectors.__dataclass_fields__})
    resolve = dict(_pair(rule) for rule in arguments.resolve)
    with ExitStack() as stack:
        if arguments.site is not None:
            root_url = stack.enter_context(serve(arguments.site))
            targets = list(_site_targets(arguments, root_url))
        else:
            if not arguments.feed:
                raise AuditInputError("--url needs --feed: the policy feed whose declarations the pages must keep.")
            declarations = load_feed(arguments.feed)
            pages = _crawl(arguments.url, arguments.depth)
            output = arguments.output or DEFAULT_URL_OUTPUT
            folder = output / declarations.language
            targets = [
                Target(
                    declarations,
                    pages,
                    folder / f"{declarations.policy_id}.json",
                    folder / f"{declarations.policy_id}.html",
                    None,
                )
            ]
        if not targets:
            raise AuditInputError(f"{arguments.site} has no demo page of a policy with cookies to audit.")
        clock = time.perf_counter()
        jobs = [
            Job(page, plan_, tuple(target.declarations.optional_categories))
            for target in targets
            for page in target.pages
            for plan_ in plan(target.declarations.optional_categories)
        ]
        started = now()
        outcome = run_jobs(
            jobs,
            workers=arguments.jobs,
            resolve=resolve,
            selectors=selectors,
            page_timeout=arguments.page_timeout,
            progress=lambda result: out(progress_line(_short(result.page), result)),
        )
        seconds = time.perf_counter() - clock
    audits = []
    for target in targets:
        context = Context(target.declarations, arguments.consent_cookie, frozenset(arguments.allow_host), database)
        audits.append(_report(target, outcome, context, started, seconds, out))
    out("")
    for line in summary_table(audits).splitlines():
        out(line)
    errors = sum(audit.errors for audit in audits)
    notes = sum(audit.notes for audit in audits)
    out("")
    out(f"{errors} errors, {notes} notes in {seconds:.1f} s; results in:")
    for target in targets:
        out(f"  {target.json_path}  {target.html_path}")
    return 1 if errors else 0


def _report(
    target: Target, outcome: Outcome, context: Context, started: str, seconds: float, out: Callable[[str], None]
) -> PolicyAudit:
    """One policy's findings from its pages' passes, written as JSON and HTML."""
    declarations = target.declarations
    pages: dict[str, list[PassResult]] = {}
    findings = []
    for page in target.pages:
        results = [
            outcome.results[(page, plan_.id)]
            for plan_ in plan(declarations.optional_categories)
            if (page, plan_.id) in outcome.results
        ]
        pages[page] = results
        findings += page_findings(context, page, results)
    # Pages of all policies run together; each report counts the time its own passes took.
    own_seconds = sum(result.seconds for results in pages.values() for result in results)
    audit = PolicyAudit(declarations, pages, findings, started, own_seconds, outcome.browser)
    out("")
    out(f"{declarations.policy_id} ({declarations.language}): {audit.errors} errors, {audit.notes} notes")
    for line in finding_lines(audit):
        out(line)
    write_json(target.json_path, document(audit))
    json_href = _relative(target.json_path, target.html_path.parent)
    if target.stylesheet is not None:
        write_atomically(target.stylesheet, STYLE)
        page_html = html_page(audit, json_href, stylesheet_href=target.stylesheet.name)
    else:
        page_html = html_page(audit, json_href, stylesheet_href=None)
    write_atomically(target.html_path, page_html)
    return audit


def _site_targets(arguments: argparse.Namespace, root_url: str) -> Iterator[Target]:
    """Every policy with cookies, in every language of a built site: its demo page against its feed."""
    site: Path = arguments.site
    if not site.is_dir():
        raise AuditInputError(f"{site} is not a folder: build the site first (nox -s site).")
    indexes = sorted(site.glob("*/feeds/index.json"))
    if not indexes:
        raise AuditInputError(f"{site} holds no <lang>/feeds/index.json: give the root of a built site (nox -s site).")
    output: Path = arguments.output or site / "audit"
    for index_path in indexes:
        language = index_path.parent.parent.name
        if arguments.language and language not in arguments.language:
            continue
        try:
            index = json.loads(index_path.read_text(encoding="utf-8"))
            entries = index["policies"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise AuditInputError(f"{index_path} is not a feed index ({error}): rebuild the site.") from None
        for entry in entries:
            if arguments.policy and entry.get("id") not in arguments.policy:
                continue
            declarations = load_feed(str(site / language / entry["feed_url"]))
            demo = site / language / "demo" / f"{declarations.policy_id}.html"
            if not declarations.cookies or not demo.is_file():
                continue
            pages = [urljoin(root_url, f"{language}/demo/{declarations.policy_id}.html")]
            folder = site / language / "audit"
            yield Target(
                declarations,
                pages,
                output / language / f"{declarations.policy_id}.json",
                folder / f"{declarations.policy_id}.html",
                folder / STYLESHEET,
            )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _fetch(url: str) -> tuple[str, str]:
    """The page's body and content type; a page that does not answer stops the audit (exit 2)."""
    try:
        with urllib.request.urlopen(url, timeout=REACH_TIMEOUT_SECONDS) as response:
            return response.read(2_000_000).decode("utf-8", errors="replace"), response.headers.get_content_type()
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise AuditInputError(
            f"{url} does not answer ({reason}): start the local server of your site and check the address."
        ) from None


def _crawl(urls: list[str], depth: int) -> list[str]:
    """The --url pages, and same-host pages linked from them down to ``depth`` links."""
    pages: list[str] = []
    frontier = []
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https"):
            raise AuditInputError(f"{url} is not an http(s) address: serve the page locally and give its URL.")
        frontier.append(url)
    for level in range(depth + 1):
        following = []
        for url in frontier:
            if url in pages:
                continue
            body, content_type = _fetch(url)
            pages.append(url)
            if level == depth or content_type != "text/html":
                continue
            links = _Links()
            links.feed(body)
            for href in links.hrefs:
                target = urljoin(url, href).split("#")[0]
                if urlsplit(target).netloc == urlsplit(url).netloc and target not in pages:
                    following.append(target)
        frontier = following
    return pages


def _pair(rule: str) -> tuple[str, str]:
    host, separator, address = rule.partition("=")
    if not separator or not host or not address:
        raise AuditInputError(f"--resolve {rule!r}: write it as HOST=ADDRESS, for example tracker.test=127.0.0.2.")
    return host, address


def _relative(path: Path, start: Path) -> str:
    import os

    return Path(os.path.relpath(path.resolve(), start.resolve())).as_posix()


def _short(url: str) -> str:
    parts = urlsplit(url)
    return parts.path.lstrip("/") or url
