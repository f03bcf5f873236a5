"""The passes, and what is collected in each: cookies, web storage, IndexedDB and requests.

Every pass runs in a fresh browser context (no cookies, no storage), so one pass's
choice never leaks into the next.  A snapshot is taken after each step (load,
reload, second page, each consent action) together with the categories allowed at
that moment, so the findings can say whether something came before consent.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .declarations import same_site

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Request

# Before consent, after a consent choice, after the choice was withdrawn.
BEFORE_CONSENT = "before-consent"
AFTER_CONSENT = "after-consent"
AFTER_WITHDRAWAL = "after-withdrawal"

# Hidden from the page: navigator.globalPrivacyControl as a browser that sends Sec-GPC reports it.
GPC_SCRIPT = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"

STORAGE_SCRIPT = """async () => {
  const result = {local: [], session: [], indexedDB: []};
  try { result.local = Object.keys(localStorage); } catch (e) {}
  try { result.session = Object.keys(sessionStorage); } catch (e) {}
  try { if (indexedDB.databases) { result.indexedDB = (await indexedDB.databases()).map(d => d.name); } } catch (e) {}
  return result;
}"""

SECOND_PAGE_SCRIPT = """() => {
  const here = location.href.split('#')[0];
  for (const link of document.querySelectorAll('a[href]')) {
    const target = new URL(link.getAttribute('href'), location.href);
    target.hash = '';
    if (target.origin === location.origin && target.href !== here) { return target.href; }
  }
  return null;
}"""


@dataclass(frozen=True)
class BannerSelectors:
    """How to work the consent banner; the defaults are those of sphinx-policy's consent.js."""

    accept_all: str = '[data-consent-action="accept-all"]'
    reject_all: str = '[data-consent-action="reject-all"]'
    customise: str = '[data-consent-action="customise"]'
    settings: str = "[data-consent-open]"
    category: str = 'input[name="policy-consent-category"][value="{category}"]'
    save: str = '[data-consent-action="save"]'


@dataclass(frozen=True)
class PassPlan:
    number: int
    id: str
    title: str
    gpc: bool = False
    category: str | None = None  # pass 4: the only category allowed


def plan(optional_categories: list[str]) -> list[PassPlan]:
    plans = [
        PassPlan(1, "first-visit", "First visit, no interaction, then a second page"),
        PassPlan(2, "reject-all", "Reject all"),
        PassPlan(3, "accept-all", "Accept all"),
    ]
    plans += [
        PassPlan(4, f"only-{category}", f"Only {category} allowed", category=category)
        for category in optional_categories
    ]
    plans += [
        PassPlan(5, "gpc", "Global Privacy Control on, no interaction, then accept all", gpc=True),
        PassPlan(6, "withdraw", "Accept all, then withdraw every category in the cookie settings"),
    ]
    return plans


@dataclass
class ObservedCookie:
    name: str
    value: str
    domain: str
    path: str
    expires: float | None  # seconds since the epoch; None for a session cookie
    expires_days: float | None  # from the moment it was seen
    http_only: bool
    secure: bool
    same_site: str | None
    first_party: bool

    def as_evidence(self) -> dict[str, Any]:
        """The EDPS Website Evidence Collector's field names."""
        return {
            "name": self.name,
            "value": self.value[:100],
            "domain": self.domain,
            "path": self.path,
            "expires": self.expires,
            "expiresDays": self.expires_days,
            "session": self.expires is None,
            "httpOnly": self.http_only,
            "secure": self.secure,
            "sameSite": self.same_site,
            "firstPartyStorage": self.first_party,
        }


@dataclass
class ObservedRequest:
    url: str
    host: str
    first_party: bool


@dataclass
class Snapshot:
    """What the browser holds and sent, right after one step of a pass."""

    step: str
    url: str
    phase: str
    allowed: frozenset[str]  # categories allowed at that moment ("necessary" always)
    cookies: list[ObservedCookie] = field(default_factory=list)
    local_storage: dict[str, list[str]] = field(default_factory=dict)  # origin -> keys
    session_storage: dict[str, list[str]] = field(default_factory=dict)
    indexed_db: dict[str, list[str]] = field(default_factory=dict)  # origin -> database names
    requests: list[ObservedRequest] = field(default_factory=list)  # sent since the previous step
    javascript_errors: list[str] = field(default_factory=list)
    timed_out: bool = False

    def as_dict(self) -> dict[str, Any]:
        first = sorted({request.host for request in self.requests if request.first_party})
        third = sorted({request.host for request in self.requests if not request.first_party})
        return {
            "step": self.step,
            "url": self.url,
            "phase": self.phase,
            "allowed": sorted(self.allowed),
            "cookies": [cookie.as_evidence() for cookie in sorted(self.cookies, key=lambda c: (c.name, c.domain))],
            "localStorage": self.local_storage,
            "sessionStorage": self.session_storage,
            "indexedDB": self.indexed_db,
            "hosts": {"requests": {"firstParty": first, "thirdParty": third}},
            "requests": len(self.requests),
            "javascriptErrors": self.javascript_errors,
            "timedOut": self.timed_out,
        }


@dataclass
class PassResult:
    plan: PassPlan
    page: str
    snapshots: list[Snapshot] = field(default_factory=list)
    problem: str | None = None  # why the pass stopped early (a timeout, a banner button not found)
    problem_code: str | None = None
    seconds: float = 0.0


class PassStoppedError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Collector:
    """Runs one pass on one page in its own browser context."""

    browser: Any  # playwright.sync_api.Browser
    selectors: BannerSelectors
    page_timeout: float  # seconds a page may take to load
    settle_seconds: float = 0.1  # quiet network this long counts as settled

    def run(self, page_url: str, plan_: PassPlan, optional: list[str]) -> PassResult:
        started = time.perf_counter()
        result = PassResult(plan_, page_url)
        context: BrowserContext = self.browser.new_context(
            extra_http_headers={"Sec-GPC": "1"} if plan_.gpc else None, service_workers="block"
        )
        try:
            if plan_.gpc:
                context.add_init_script(GPC_SCRIPT)
            context.set_default_timeout(self.page_timeout * 1000)
            page = context.new_page()
            run = _Run(self, context, page, page_url, result)
            try:
                run.steps(plan_, optional)
            except PassStoppedError as stop:
                result.problem, result.problem_code = str(stop), stop.code
        finally:
            context.close()
        result.seconds = time.perf_counter() - started
        return result


class _Run:
    """The state of one pass: requests and errors since the last snapshot."""

    def __init__(self, collector: Collector, context: BrowserContext, page: Page, url: str, result: PassResult):
        self.collector = collector
        self.context = context
        self.page = page
        self.url = url
        self.result = result
        self.requests: list[ObservedRequest] = []
        self.errors: list[str] = []
        self.in_flight = 0
        self.last_activity = time.monotonic()
        self.allowed: frozenset[str] = frozenset({"necessary"})
        self.phase = BEFORE_CONSENT
        context.on("request", self._on_request)
        context.on("requestfinished", self._on_request_done)
        context.on("requestfailed", self._on_request_done)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.cdp = context.new_cdp_session(page)

    def _on_request(self, request: Request) -> None:
        self.in_flight += 1
        self.last_activity = time.monotonic()
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith(("http://", "https://")):
            self.requests.append(ObservedRequest(request.url, host, same_site(host, self.page_host)))

    def _on_request_done(self, request: Request) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self.last_activity = time.monotonic()

    @property
    def page_host(self) -> str:
        return urlsplit(self.url).hostname or ""

    # --- steps -------------------------------------------------------------------------

    def steps(self, plan_: PassPlan, optional: list[str]) -> None:
        everything = frozenset({"necessary", *optional})
        self.visit(self.url, "load")
        if plan_.id in ("first-visit", "gpc"):
            self.reload("reload")
            self.second_page()
            if plan_.id == "first-visit":
                return
            self.visit(self.url, "back to the page")
            # A banner that honours GPC keeps marketing off even when a visitor accepts all.
            self.choose(self.collector.selectors.accept_all, everything - {"marketing"}, "accept all")
        elif plan_.id == "reject-all":
            self.choose(self.collector.selectors.reject_all, frozenset({"necessary"}), "reject all")
            self.reload("reload after reject all")
            self.second_page()
        elif plan_.id == "accept-all":
            self.choose(self.collector.selectors.accept_all, everything, "accept all")
            self.reload("reload after accept all")
        elif plan_.category is not None:
            self.click(self.collector.selectors.customise, "customise")
            for category in optional:
                self.check(category, category == plan_.category)
            self.choose(
                self.collector.selectors.save, frozenset({"necessary", plan_.category}), f"save {plan_.category}"
            )
            self.reload(f"reload after save {plan_.category}")
        elif plan_.id == "withdraw":
            self.choose(self.collector.selectors.accept_all, everything, "accept all")
            self.click(self.collector.selectors.settings, "cookie settings")
            for category in optional:
                self.check(category, False)
            self.phase = AFTER_WITHDRAWAL
            self.choose(self.collector.selectors.save, frozenset({"necessary"}), "withdraw all")
            self.reload("reload after withdrawal")

    def visit(self, url: str, step: str) -> None:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.goto(url, wait_until="load", timeout=self.collector.page_timeout * 1000)
        except PlaywrightTimeout:
            self.snapshot(step, timed_out=True)
            raise PassStoppedError(
                "page-timeout",
                f"{url} did not finish loading within {self.collector.page_timeout:g} s "
                "(a request that never ends, or a script that never lets the load event fire)",
            ) from None
        except PlaywrightError as error:
            raise PassStoppedError("page-unreachable", f"{url} cannot be opened: {_first_line(error)}") from None
        self.settle()
        self.snapshot(step)

    def reload(self, step: str) -> None:
        self.visit(self.page.url, step)

    def second_page(self) -> None:
        """Another page of the same site, reached by a link, as a visitor would go on."""
        target = self.page.evaluate(SECOND_PAGE_SCRIPT)
        if isinstance(target, str):
            self.visit(target, "second page")

    def click(self, selector: str, what: str) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            self.page.locator(selector).first.click(timeout=min(self.collector.page_timeout, 5) * 1000)
        except PlaywrightError:
            raise PassStoppedError(
                "banner-missing",
                f"the consent banner's '{what}' control ({selector}) was not found on {self.page.url}: "
                "embed the banner, or give the audit the selector (see --help)",
            ) from None
        self.settle()

    def check(self, category: str, checked: bool) -> None:
        from playwright.sync_api import Error as PlaywrightError

        selector = self.collector.selectors.category.format(category=category)
        try:
            self.page.locator(selector).first.set_checked(checked, timeout=min(self.collector.page_timeout, 5) * 1000)
        except PlaywrightError:
            raise PassStoppedError(
                "banner-missing", f"the consent banner has no box for the category {category!r} ({selector})"
            ) from None

    def choose(self, selector: str, allowed: frozenset[str], step: str) -> None:
        self.click(selector, step)
        self.allowed = allowed
        if self.phase == BEFORE_CONSENT:
            self.phase = AFTER_CONSENT
        self.snapshot(f"after {step}")

    def settle(self) -> None:
        """Wait until no request has been in flight for a moment (bounded), so inserted scripts ran."""
        deadline = time.monotonic() + min(self.collector.page_timeout, 3)
        while time.monotonic() < deadline:
            quiet = time.monotonic() - self.last_activity
            if self.in_flight == 0 and quiet >= self.collector.settle_seconds:
                return
            self.page.wait_for_timeout(50)

    def snapshot(self, step: str, *, timed_out: bool = False) -> None:
        seen_at = time.time()
        snapshot = Snapshot(step, self.page.url, self.phase, self.allowed, timed_out=timed_out)
        snapshot.requests, self.requests = self.requests, []
        snapshot.javascript_errors, self.errors = self.errors, []
        if not timed_out:
            self._storage(snapshot)
        for raw in self.cdp.send("Network.getAllCookies")["cookies"]:
            expires = None if raw.get("session") or raw.get("expires", -1) < 0 else float(raw["expires"])
            snapshot.cookies.append(
                ObservedCookie(
                    name=raw["name"],
                    value=raw["value"],
                    domain=raw["domain"],
                    path=raw["path"],
                    expires=expires,
                    expires_days=None if expires is None else round((expires - seen_at) / 86400, 3),
                    http_only=bool(raw.get("httpOnly")),
                    secure=bool(raw.get("secure")),
                    same_site=raw.get("sameSite"),
                    first_party=same_site(raw["domain"], self.page_host),
                )
            )
        self.result.snapshots.append(snapshot)

    def _storage(self, snapshot: Snapshot) -> None:
        from playwright.sync_api import Error as PlaywrightError

        for frame in self.page.frames:
            parts = urlsplit(frame.url)
            if parts.scheme not in ("http", "https"):
                continue
            origin = f"{parts.scheme}://{parts.netloc}"
            try:
                found = frame.evaluate(STORAGE_SCRIPT)
            except PlaywrightError:
                continue  # a frame that went away meanwhile
            for target, key in (
                (snapshot.local_storage, "local"),
                (snapshot.session_storage, "session"),
                (snapshot.indexed_db, "indexedDB"),
            ):
                names = sorted({str(name) for name in found.get(key, [])} | set(target.get(origin, [])))
                if names:
                    target[origin] = names


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
