"""The cookie-consent demo in Chromium: what a visitor sees, chooses and ends up with.

The demo page of the WeMe policy (``<lang>/demo/weme.html``) is served with
``Content-Security-Policy: default-src 'self'`` and driven as a visitor would.
The expected cookies are never written here: they come from the built feed
(``<lang>/feeds/policies/weme.json``), which is what the policy declares.
Every test also proves that the page logged no error, threw nothing, broke no
CSP rule and asked no other host for anything.
"""

from __future__ import annotations

import functools
import json
import re
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from babel.messages.pofile import read_po
from jsonschema import Draft202012Validator
from playwright.sync_api import Browser, BrowserContext, Page, Response, Route

from tests.browser.conftest import STRICT_CSP

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parents[2]
CATALOGS = PROJECT / "ext" / "sphinx_policy" / "locales"
RECEIPT_SCHEMA = PROJECT / "schemas" / "consent-record.schema.json"
AXE_SOURCE = Path(axe_playwright_python.__file__).with_name("axe.min.js")

LANGUAGES = ("en", "nb", "sv")
POLICY = "weme"
DEMO = f"demo/{POLICY}.html"
CONSENT_COOKIE = "policy_consent"
CONSENT_DAYS = 180  # policy_consent_max_age_days: the default, which docs/conf.py keeps
CHROME_MAX_AGE = 400 * 86400  # Chrome caps every cookie's expiry at 400 days
TOLERANCE = 5  # seconds
SETTLE_MS = 2500  # longer than the stand-in scripts' 1 s re-set interval, twice over
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

BANNER = "#policy-consent"
SETTINGS = "#policy-consent-settings"
CHECKBOX = 'input[name="policy-consent-category"]'

# Registered before any page script: CSP violations and layout shifts, as the page meets them.
OBSERVERS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample });
}, true);
window.__layoutShiftSupported = typeof PerformanceObserver !== "undefined" &&
  PerformanceObserver.supportedEntryTypes.indexOf("layout-shift") !== -1;
window.__layoutShifts = [];
if (window.__layoutShiftSupported) {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (entry) {
      window.__layoutShifts.push({ value: entry.value, hadRecentInput: entry.hadRecentInput });
    });
  }).observe({ type: "layout-shift", buffered: true });
}
"""
GPC_ON = """
Object.defineProperty(Navigator.prototype, "globalPrivacyControl", {
  get: function () { return true; }, configurable: true, enumerable: true });
"""
PAGE_COOKIE_NAMES = """() => document.cookie ? document.cookie.split("; ").map(part => part.split("=")[0]) : []"""
HAS_COOKIES = """names => {
  const present = document.cookie ? document.cookie.split("; ").map(part => part.split("=")[0]) : [];
  return names.every(name => present.includes(name));
}"""
ACTIVE = """() => {
  const active = document.activeElement;
  return { tag: active ? active.tagName.toLowerCase() : null, id: active ? active.id : null,
    action: active ? active.getAttribute("data-consent-action") : null,
    inBanner: !!(active && document.getElementById("policy-consent") &&
                 document.getElementById("policy-consent").contains(active)) };
}"""
RUN_AXE = """tags => axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
.then(result => ({
  passes: result.passes.length,
  violations: result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + " -> " + (n.failureSummary || "").replace(/\\s+/g, " ")) })) }))"""


# --------------------------------------------------------------------------- server


# --------------------------------------------------------------------------- what the site declares


@functools.cache
def _feed(root: Path, language: str) -> dict[str, Any]:
    return json.loads((root / language / "feeds" / "policies" / f"{POLICY}.json").read_text(encoding="utf-8"))


@functools.cache
def _demo_config(root: Path, language: str) -> dict[str, Any]:
    """The configuration consent.js reads: the file the demo page's one script tag names."""
    html = (root / language / DEMO).read_text(encoding="utf-8")
    found = re.search(r'<script src="([^"]+/consent\.js)" data-policy-config="([^"]+)" defer></script>', html)
    assert found, "the demo page does not embed the banner with one script tag naming its configuration"
    config_path = (root / language / "demo" / found.group(2)).resolve()
    assert config_path == (root / language / "consent" / f"{POLICY}.json").resolve()
    return json.loads(config_path.read_text(encoding="utf-8"))


@functools.cache
def _catalog_word(language: str, msgid: str) -> str:
    """A word in the page's language, from the extension's own catalog (English is the msgid)."""
    if language == "en":
        return msgid
    path = CATALOGS / language / "LC_MESSAGES" / "sphinx_policy.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    message = catalog.get(msgid)
    assert message is not None and message.string and not message.fuzzy, f"{path}: no translation of {msgid!r}"
    return str(message.string)


@dataclass(frozen=True)
class Declared:
    feed: dict[str, Any]

    @property
    def cookies(self) -> list[dict[str, Any]]:
        return list(self.feed["cookies"])

    def names(self, *categories: str) -> set[str]:
        return {cookie["name"] for cookie in self.cookies if cookie["category"] in categories}

    @property
    def categories(self) -> list[str]:
        return sorted({cookie["category"] for cookie in self.cookies})

    @property
    def optional(self) -> list[str]:
        return [category for category in self.categories if category != "necessary"]

    @property
    def version(self) -> str:
        return str(self.feed["version"])


@pytest.fixture(scope="module")
def declared(site: Any) -> Declared:
    declared = Declared(_feed(site.root, "en"))
    # Cross-check only: the WeMe policy declares 20 cookies, 5 of them strictly necessary.
    assert len(declared.cookies) == 20
    assert len(declared.names("necessary")) == 5
    assert declared.categories == ["marketing", "necessary", "statistics"]
    facts = ("name", "category", "lifetime", "lifetime_seconds")
    for language in LANGUAGES:  # the purposes are translated; the facts are not
        assert [[cookie[key] for key in facts] for cookie in _feed(site.root, language)["cookies"]] == [
            [cookie[key] for key in facts] for cookie in declared.cookies
        ]
    return declared


# --------------------------------------------------------------------------- a visit


@dataclass
class Visit:
    context: BrowserContext
    page: Page
    origin: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def goto(self, path: str) -> Response | None:
        return self.page.goto(self.origin + path)

    def cookies(self) -> dict[str, dict[str, Any]]:
        # document.cookie writes reach the browser's cookie store asynchronously: read
        # the store once it agrees with what the page sees (a busy machine lags more).
        deadline = time.monotonic() + 5
        while True:
            cookies = self.context.cookies()
            in_page = set(self.page.evaluate(PAGE_COOKIE_NAMES)) if not self.page.is_closed() else None
            if in_page is None or in_page == {cookie["name"] for cookie in cookies} or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        found = {cookie["name"]: dict(cookie) for cookie in cookies}
        assert len(found) == len(cookies), f"a cookie name is set twice (two domains or paths): {cookies}"
        return found

    def names(self) -> set[str]:
        return set(self.cookies())

    def wait_for_cookies(self, names: set[str]) -> None:
        self.page.wait_for_function(HAS_COOKIES, arg=sorted(names), timeout=5000)

    def record(self) -> dict[str, Any]:
        """The stored consent record: the cookie's value decoded as consent.js wrote it."""
        value = self.cookies()[CONSENT_COOKIE]["value"]
        return json.loads(urllib.parse.unquote(value, errors="strict"))

    def active(self) -> dict[str, Any]:
        return self.page.evaluate(ACTIVE)

    def foreign_requests(self) -> list[str]:
        host = urllib.parse.urlsplit(self.origin).netloc
        foreign = []
        for url in self.requests:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme == "blob":  # a download made in the page: blob:<origin>/<uuid>
                parts = urllib.parse.urlsplit(url[len("blob:") :])
            if parts.scheme not in ("http", "https") or parts.netloc != host:
                foreign.append(url)
        return foreign

    def assert_clean(self) -> None:
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"page errors: {self.page_errors}"
        assert self.foreign_requests() == [], f"requests to other hosts: {self.foreign_requests()}"
        if not self.page.is_closed():
            violations = self.page.evaluate("() => window.__cspViolations || []")
            assert violations == [], f"CSP violations: {violations}"


@pytest.fixture
def visit(browser: Browser, csp_site: str) -> Iterator[Callable[..., Visit]]:
    """Opens a page in a fresh context, watching for errors and requests; closes it afterwards."""
    visits: list[Visit] = []

    def open_page(
        path: str | None = None,
        /,
        *,
        gpc: bool = False,
        bypass_csp: bool = False,
        cookies: dict[str, str] | None = None,
    ) -> Visit:
        context = browser.new_context(bypass_csp=bypass_csp, accept_downloads=True)
        context.add_init_script(OBSERVERS)
        if gpc:
            context.add_init_script(GPC_ON)
        if cookies:
            context.add_cookies([{"name": name, "value": value, "url": csp_site} for name, value in cookies.items()])
        page = context.new_page()
        current = Visit(context, page, csp_site)

        def on_console(message: Any) -> None:
            # Chromium asks for /favicon.ico by itself when a page names no icon (the Sphinx
            # pages); that 404 is the browser's own request, not an error of the page.
            if message.type == "error" and message.location.get("url") != f"{csp_site}favicon.ico":
                current.console_errors.append(f"{message.text} ({message.location})")

        page.on("console", on_console)
        page.on("pageerror", lambda error: current.page_errors.append(str(error)))
        page.on("request", lambda request: current.requests.append(request.url))
        visits.append(current)
        if path is not None:
            current.goto(path)
        return current

    yield open_page
    for current in visits:
        current.context.close()


def _demo(language: str = "en") -> str:
    return f"{language}/{DEMO}"


def _action(page: Page, action: str) -> Any:
    return page.locator(f'{BANNER} [data-consent-action="{action}"]')


def _assert_lifetime(cookie: dict[str, Any], seconds: int, before: float, after: float) -> None:
    """A declared lifetime as Chrome keeps it: session cookies have none, the rest at most 400 days."""
    if seconds == 0:
        assert cookie["expires"] == -1, f"{cookie['name']} is a session cookie, yet expires {cookie['expires']}"
        return
    capped = min(seconds, CHROME_MAX_AGE)
    assert before + capped - TOLERANCE <= cookie["expires"] <= after + capped + TOLERANCE, (
        f"{cookie['name']}: declared {seconds} s (kept {capped} s), expires in {cookie['expires'] - after:.0f} s"
    )


def _timestamp(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


# --------------------------------------------------------------------------- 1. first visit


def test_first_visit_asks_and_sets_only_necessary_cookies(visit: Callable[..., Visit], declared: Declared) -> None:
    demo = visit()
    response = demo.goto(_demo())
    assert response is not None and response.ok
    assert response.header_value("content-security-policy") == STRICT_CSP  # the page really runs under the CSP
    banner = demo.page.locator(BANNER)
    banner.wait_for(state="visible")
    assert banner.get_attribute("role") == "dialog"
    for relation in ("aria-labelledby", "aria-describedby"):
        target = banner.get_attribute(relation)
        assert target and demo.page.locator(f"#{target}").inner_text().strip(), relation
    assert demo.active()["inBanner"], f"focus is not in the banner: {demo.active()}"
    assert demo.names() == declared.names("necessary")
    assert CONSENT_COOKIE not in demo.names()
    assert demo.requests, "the page made no request at all"
    demo.assert_clean()


# --------------------------------------------------------------------------- 2. equal weight


@pytest.mark.parametrize("language", LANGUAGES)
def test_accept_and_reject_look_and_weigh_the_same(visit: Callable[..., Visit], language: str) -> None:
    demo = visit(_demo(language))
    properties = [
        "font-weight",
        "font-size",
        "font-family",
        "color",
        "background-color",
        "padding",
        "border",
        "border-radius",
        "min-height",
    ]
    styles = {
        action: _action(demo.page, action).evaluate(
            "(el, names) => Object.fromEntries(names.map(n => [n, getComputedStyle(el).getPropertyValue(n)]))",
            properties,
        )
        for action in ("accept-all", "reject-all")
    }
    assert styles["accept-all"] == styles["reject-all"]
    accept = _action(demo.page, "accept-all").bounding_box()
    reject = _action(demo.page, "reject-all").bounding_box()
    assert accept and reject
    assert abs(accept["height"] - reject["height"]) <= 1
    assert 0.75 <= accept["width"] / reject["width"] <= 1.33, (accept, reject)
    demo.assert_clean()


# --------------------------------------------------------------------------- 3. accept all


def test_accept_all_sets_exactly_the_declared_cookies(
    visit: Callable[..., Visit], declared: Declared, site: Any
) -> None:
    before = time.time()  # the necessary cookies are set while the page loads
    demo = visit(_demo())
    _action(demo.page, "accept-all").click()
    demo.wait_for_cookies(declared.names(*declared.categories) | {CONSENT_COOKIE})
    after = time.time()
    cookies = demo.cookies()
    assert set(cookies) == declared.names(*declared.categories) | {CONSENT_COOKIE}
    for cookie in declared.cookies:
        kept = cookies[cookie["name"]]
        assert (kept["domain"], kept["path"]) == ("127.0.0.1", "/"), kept  # host-only, on this host
        assert kept["value"] == f"demo-{cookie['category']}", kept  # set by its own category's script
        _assert_lifetime(kept, cookie["lifetime_seconds"], before, after)

    consent = cookies[CONSENT_COOKIE]
    assert consent["sameSite"] == "Lax"
    assert consent["path"] == "/"
    assert consent["domain"] == "127.0.0.1"
    assert consent["secure"] is False
    _assert_lifetime(consent, CONSENT_DAYS * 86400, before, after)
    record = demo.record()
    assert record["p"] == POLICY
    assert record["v"] == declared.version
    assert record["fp"] == _demo_config(site.root, "en")["fingerprint"]
    assert record["gpc"] is False
    assert record["c"] == {category: True for category in declared.optional}
    assert isinstance(record["id"], str) and len(record["id"]) >= 8
    assert before - TOLERANCE <= _timestamp(record["ts"]) <= after + TOLERANCE
    demo.page.locator(BANNER).wait_for(state="detached")
    demo.assert_clean()


# --------------------------------------------------------------------------- 4. reject all


def test_reject_all_keeps_only_necessary_cookies(visit: Callable[..., Visit], declared: Declared) -> None:
    demo = visit(_demo())
    _action(demo.page, "reject-all").click()
    demo.page.locator(BANNER).wait_for(state="detached")
    assert demo.names() == declared.names("necessary") | {CONSENT_COOKIE}
    assert demo.record()["c"] == {category: False for category in declared.optional}
    demo.page.wait_for_timeout(SETTLE_MS)  # time for any stand-in script that should not run
    assert demo.names() == declared.names("necessary") | {CONSENT_COOKIE}
    assert demo.page.locator("script[data-consent-started]").count() == 0
    demo.assert_clean()


# --------------------------------------------------------------------------- 5. customise


def test_customise_starts_with_everything_off_and_saves_one_category(
    visit: Callable[..., Visit], declared: Declared
) -> None:
    demo = visit(_demo())
    _action(demo.page, "customise").click()
    boxes = demo.page.locator(f"{BANNER} {CHECKBOX}")
    boxes.first.wait_for()
    states = {box.get_attribute("value"): (box.is_checked(), box.is_disabled()) for box in boxes.all()}
    assert set(states) == set(declared.categories)
    assert states.pop("necessary") == (True, True)  # locked on
    assert states == {category: (False, False) for category in declared.optional}
    assert demo.active()["inBanner"]

    demo.page.locator(f'{BANNER} {CHECKBOX}[value="statistics"]').check()
    _action(demo.page, "save").click()
    expected = declared.names("necessary", "statistics") | {CONSENT_COOKIE}
    demo.wait_for_cookies(expected)
    assert demo.names() == expected
    assert demo.record()["c"] == {"statistics": True, "marketing": False}
    demo.assert_clean()


# --------------------------------------------------------------------------- 6. close and Esc


@pytest.mark.parametrize("how", ["close-button", "escape"])
def test_close_and_escape_refuse_and_return_focus(visit: Callable[..., Visit], declared: Declared, how: str) -> None:
    def dismiss(page: Page) -> None:
        if how == "escape":
            page.keyboard.press("Escape")
        else:
            _action(page, "close").click()
        page.locator(BANNER).wait_for(state="detached")

    demo = visit(_demo())
    demo.page.locator(BANNER).wait_for()
    if how == "close-button":
        close = _action(demo.page, "close")
        assert close.get_attribute("aria-label"), "the close button has no accessible name"
    dismiss(demo.page)
    assert demo.names() == declared.names("necessary") | {CONSENT_COOKIE}
    assert demo.record()["c"] == {category: False for category in declared.optional}
    # Focus was on the page itself: it is not lost in the removed banner.
    landed = demo.active()
    assert landed["tag"] == "body" or landed["id"] == "policy-consent-settings", landed

    # Reopened from the settings button, it goes back there.
    demo.page.locator(SETTINGS).click()
    demo.page.locator(BANNER).wait_for()
    assert demo.active()["inBanner"]
    dismiss(demo.page)
    assert demo.active()["id"] == "policy-consent-settings", demo.active()
    assert demo.record()["c"] == {category: False for category in declared.optional}
    assert demo.names() == declared.names("necessary") | {CONSENT_COOKIE}
    demo.assert_clean()


# --------------------------------------------------------------------------- 7. settings and withdrawal


def test_settings_show_the_choice_and_withdrawal_stops_the_scripts(
    visit: Callable[..., Visit], declared: Declared
) -> None:
    demo = visit(_demo())
    _action(demo.page, "accept-all").click()
    everything = declared.names(*declared.categories) | {CONSENT_COOKIE}
    demo.wait_for_cookies(everything)
    first_id = demo.record()["id"]

    def reopen() -> dict[str, tuple[bool, bool]]:
        demo.page.locator(SETTINGS).click()
        boxes = demo.page.locator(f"{BANNER} {CHECKBOX}")
        boxes.first.wait_for()
        assert _action(demo.page, "save").count() == 1  # the customise view
        return {box.get_attribute("value"): (box.is_checked(), box.is_disabled()) for box in boxes.all()}

    assert reopen() == {"necessary": (True, True), "statistics": (True, False), "marketing": (True, False)}
    demo.page.locator(f'{BANNER} {CHECKBOX}[value="statistics"]').uncheck()
    # The statistics script already ran: the page says it reloads, and does.
    with demo.page.expect_navigation():
        _action(demo.page, "save").click()
        demo.page.locator(".policy-consent-notice[role=alert]").wait_for()
    assert demo.names() == everything - declared.names("statistics"), "statistics cookies stay after withdrawal"
    assert demo.record()["c"] == {"statistics": False, "marketing": True}
    assert demo.record()["id"] != first_id  # a new choice is a new record

    assert reopen() == {"necessary": (True, True), "statistics": (False, False), "marketing": (True, False)}
    demo.page.locator(f'{BANNER} {CHECKBOX}[value="marketing"]').uncheck()
    with demo.page.expect_navigation():
        _action(demo.page, "save").click()
    necessary_only = declared.names("necessary") | {CONSENT_COOKIE}
    assert demo.names() == necessary_only, "marketing cookies stay after withdrawal"
    assert demo.record()["c"] == {"statistics": False, "marketing": False}

    demo.page.wait_for_timeout(SETTLE_MS)  # the stand-in scripts re-set their cookies every second
    assert demo.names() == necessary_only, "a withdrawn category's script still sets its cookies"
    demo.assert_clean()


def test_a_choice_withdrawn_before_the_scripts_arrive_keeps_them_off(
    visit: Callable[..., Visit], declared: Declared
) -> None:
    """A slow network: the visitor accepts all, then refuses all before the stand-in scripts have arrived.

    A script already inserted runs once it arrives, whatever the choice (a real tag does not read
    ``data-consent-granted`` as the stand-ins do), so the page says it reloads and does: the reload
    drops the requests in flight. The stand-ins, which do read it, stay off meanwhile.
    """
    demo = visit(_demo())
    held: list[Route] = []

    demo.page.route("**/policy-demo-tracker.js", lambda route: held.append(route))
    _action(demo.page, "accept-all").click()
    deadline = time.monotonic() + 5
    while not held and time.monotonic() < deadline:
        demo.page.wait_for_timeout(50)
    assert held, "the stand-in scripts were not requested on accept-all"
    with demo.page.expect_navigation():
        demo.page.locator(SETTINGS).click()
        _action(demo.page, "reject-all").click()
        demo.page.locator(".policy-consent-notice[role=alert]").wait_for()
        for route in held:  # they arrive now, after the refusal, before the reload
            route.continue_()
    demo.page.wait_for_load_state()
    necessary_only = declared.names("necessary") | {CONSENT_COOKIE}
    assert demo.record()["c"] == {category: False for category in declared.optional}
    demo.page.wait_for_timeout(1500)  # a script that ran would set its cookies at once, and again each second
    assert demo.names() == necessary_only, (
        "cookies of refused categories were set by scripts that arrived after the refusal: "
        f"{sorted(demo.names() - necessary_only)}"
    )
    assert demo.page.locator("script[data-consent-started]").count() == 0
    demo.assert_clean()


# --------------------------------------------------------------------------- 8. stale or broken records


def _record(config: dict[str, Any], **changes: Any) -> str:
    record = {
        "id": "0b6a1f0e-6d6c-4f57-9f1e-1d7f1c0f1a11",
        "ts": "2026-01-01T00:00:00.000Z",
        "p": config["policy"]["id"],
        "v": config["policy"]["version"],
        "fp": config["fingerprint"],
        "c": {"statistics": True, "marketing": True},
        "gpc": False,
    }
    record.update(changes)
    return urllib.parse.quote(json.dumps(record, separators=(",", ":")), safe="")


STORED = {
    # name -> a function of the page's configuration giving the cookie value
    "current": lambda config: _record(config),
    "new-version": lambda config: _record(config, v="1999-01-01"),
    "changed-declarations": lambda config: _record(config, fp="0000000000000000"),
    "foreign-policy": lambda config: _record(config, p="another-policy"),
    "not-json": lambda config: "yes-please",
    "json-array": lambda config: urllib.parse.quote("[1,2,3]", safe=""),
    "json-null": lambda config: "null",
    "choices-not-boolean": lambda config: _record(config, c={"statistics": "yes", "marketing": 1}),
    "choices-missing": lambda config: _record(config, c={"statistics": True}),
    "no-id": lambda config: _record(config, id=None),
    "bad-escape": lambda config: "%E0%A4%A",
}


@pytest.mark.parametrize("stored", list(STORED))
def test_a_stale_or_broken_choice_asks_again(
    visit: Callable[..., Visit], declared: Declared, site: Any, stored: str
) -> None:
    value = STORED[stored](_demo_config(site.root, "en"))
    demo = visit(_demo(), cookies={CONSENT_COOKIE: value})
    # The control, and a new policy version with the same declarations: nothing widened, so no new question.
    if stored in ("current", "new-version"):
        demo.wait_for_cookies(declared.names(*declared.categories))
        assert demo.page.locator(BANNER).count() == 0
    else:
        demo.page.locator(BANNER).wait_for(state="visible")
        assert demo.names() == declared.names("necessary") | {CONSENT_COOKIE}
        assert demo.page.locator("script[data-consent-started]").count() == 0
    demo.assert_clean()


# --------------------------------------------------------------------------- 9. Global Privacy Control


def test_global_privacy_control_keeps_marketing_off(visit: Callable[..., Visit], declared: Declared) -> None:
    demo = visit(_demo(), gpc=True)
    assert demo.page.evaluate("navigator.globalPrivacyControl") is True
    note = demo.page.locator(f"{BANNER} .policy-consent-gpc")
    note.wait_for(state="visible")
    assert note.inner_text() == _catalog_word(
        "en", "Your browser sends Global Privacy Control, so marketing cookies stay off unless you turn them on."
    )
    _action(demo.page, "accept-all").click()
    expected = declared.names(*[c for c in declared.categories if c != "marketing"]) | {CONSENT_COOKIE}
    demo.wait_for_cookies(expected)
    assert demo.names() == expected
    started = 'script[data-consent-category="marketing"][data-consent-started]'
    assert demo.page.locator(started).count() == 0
    record = demo.record()
    assert record["gpc"] is True
    assert record["c"] == {"statistics": True, "marketing": False}
    demo.assert_clean()


# --------------------------------------------------------------------------- 10. consent receipt


@pytest.mark.parametrize("language", ["en", "nb"])
def test_consent_receipt_is_valid_and_tells_the_choice(
    visit: Callable[..., Visit], declared: Declared, language: str
) -> None:
    demo = visit(_demo(language))
    _action(demo.page, "customise").click()
    demo.page.locator(f'{BANNER} {CHECKBOX}[value="statistics"]').check()
    _action(demo.page, "save").click()
    demo.page.locator(BANNER).wait_for(state="detached")
    record = demo.record()

    demo.page.locator(SETTINGS).click()
    with demo.page.expect_download() as pending:
        _action(demo.page, "download").click()
    download = pending.value
    assert download.suggested_filename.endswith(".json")
    receipt = json.loads(Path(download.path()).read_text(encoding="utf-8"))

    schema = json.loads(RECEIPT_SCHEMA.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(receipt)]
    assert errors == []
    # jsonschema checks "date-time" and "uri" only with optional packages: check them here too.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", receipt["timestamp"]), receipt["timestamp"]
    assert abs(_timestamp(receipt["timestamp"]) - time.time()) < 60
    assert receipt["policy_id"] == POLICY
    assert receipt["policy_version"] == declared.version
    assert receipt["controller"] == "WeMe Facilitators AS" == declared.feed["controller"]["name"]
    assert receipt["language"] == language
    assert receipt["record_id"] == record["id"]
    assert receipt["timestamp"] == record["ts"]
    assert receipt["declarations_fingerprint"] == record["fp"]
    assert receipt["gpc"] is False
    assert receipt["policy_url"] == f"{demo.origin}{language}/policies/{POLICY}.html"
    assert {entry["category"]: (entry["state"], entry["required"]) for entry in receipt["categories"]} == {
        "necessary": ("granted", True),
        "statistics": ("granted", False),
        "marketing": ("denied", False),
    }
    demo.assert_clean()


# --------------------------------------------------------------------------- 11. keyboard only


def test_keyboard_only_reaches_every_choice_with_visible_focus(visit: Callable[..., Visit], declared: Declared) -> None:
    demo = visit(_demo())
    demo.page.locator(BANNER).wait_for()
    reached: list[str] = []
    for _ in range(10):
        demo.page.keyboard.press("Tab")
        active = demo.active()
        assert active["inBanner"], f"Tab left the banner before reaching every choice: {reached} then {active}"
        if active["action"]:
            reached.append(active["action"])
            focus = demo.page.evaluate(
                "() => ({ outline: getComputedStyle(document.activeElement).outlineStyle,"
                " visible: document.activeElement.matches(':focus-visible') })"
            )
            assert focus["visible"] and focus["outline"] != "none", f"{active['action']}: no visible focus ({focus})"
        if "customise" in reached:
            break
    assert [action for action in reached if action in ("accept-all", "reject-all", "customise")] == [
        "accept-all",
        "reject-all",
        "customise",
    ]
    demo.page.keyboard.press("Shift+Tab")
    assert demo.active()["action"] == "reject-all"
    demo.page.keyboard.press("Enter")
    demo.page.locator(BANNER).wait_for(state="detached")
    assert demo.record()["c"] == {category: False for category in declared.optional}
    assert demo.names() == declared.names("necessary") | {CONSENT_COOKIE}
    demo.assert_clean()


# --------------------------------------------------------------------------- 12. no layout shift


def test_the_banner_moves_no_content(visit: Callable[..., Visit]) -> None:
    demo = visit(_demo())
    demo.page.locator(BANNER).wait_for(state="visible")
    assert demo.page.evaluate("window.__layoutShiftSupported") is True
    demo.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    shifts = demo.page.evaluate("window.__layoutShifts")
    assert sum(shift["value"] for shift in shifts) == 0, shifts
    demo.assert_clean()


# --------------------------------------------------------------------------- 13. axe-core


def _axe(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    assert result["passes"] > 0, "axe-core checked nothing"
    return list(result["violations"])


def _axe_report(found: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for where, violations in found.items():
        for violation in violations:
            lines.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}")
            lines.extend(f"    {node}" for node in violation["nodes"][:5])
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_on_the_demo_banner(visit: Callable[..., Visit], language: str) -> None:
    demo = visit(_demo(language), bypass_csp=True)
    demo.page.locator(BANNER).wait_for(state="visible")
    found = {f"{language} demo, first view": _axe(demo.page)}
    _action(demo.page, "customise").click()
    demo.page.locator(f"{BANNER} {CHECKBOX}").first.wait_for()
    found[f"{language} demo, customise view"] = _axe(demo.page)
    found = {where: violations for where, violations in found.items() if violations}
    assert found == {}, "axe-core violations:\n" + _axe_report(found)
    demo.assert_clean()


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_nothing_on_the_policy_and_transparency_pages(
    visit: Callable[..., Visit], site: Any, language: str
) -> None:
    policies = sorted(path.name for path in (site.root / language / "policies").glob("*.html"))
    assert len(policies) == 5, policies  # cross-check: the site has five policies
    pages = [f"{language}/policies/{name}" for name in policies] + [f"{language}/transparency/index.html"]
    found: dict[str, list[dict[str, Any]]] = {}
    current = visit(bypass_csp=True)
    for path in pages:
        current.goto(path)
        violations = _axe(current.page)
        if violations:
            found[path] = violations
    assert found == {}, "axe-core violations:\n" + _axe_report(found)
    current.assert_clean()


# --------------------------------------------------------------------------- 14. the page's language


BANNER_WORDS = {  # msgid -> where it shows
    "Accept all": f'{BANNER} [data-consent-action="accept-all"]',
    "Reject all": f'{BANNER} [data-consent-action="reject-all"]',
    "Customise": f'{BANNER} [data-consent-action="customise"]',
    "Cookies on this website": f"{BANNER} h2",
    "Cookie settings": SETTINGS,
    "Privacy policy": f"{BANNER} .policy-consent-links a",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_banner_speaks_the_page_language(visit: Callable[..., Visit], language: str) -> None:
    demo = visit(_demo(language))
    demo.page.locator(BANNER).wait_for(state="visible")
    assert demo.page.locator("html").get_attribute("lang") == language
    shown = {msgid: demo.page.locator(selector).inner_text().strip() for msgid, selector in BANNER_WORDS.items()}
    expected = {msgid: _catalog_word(language, msgid) for msgid in BANNER_WORDS}
    assert shown == expected
    if language != "en":
        assert shown["Accept all"] != "Accept all"
    demo.assert_clean()


# --------------------------------------------------------------------------- 15. the way to the demo


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_policy_page_links_the_demo(visit: Callable[..., Visit], language: str) -> None:
    current = visit(f"{language}/policies/{POLICY}.html", bypass_csp=True)
    link = current.page.get_by_role("link", name=_catalog_word(language, "Try the cookie banner (demo)"), exact=True)
    assert link.get_attribute("href") == f"../{DEMO}"
    link.click()
    current.page.wait_for_url(f"{current.origin}{_demo(language)}")
    current.page.locator(BANNER).wait_for(state="visible")
    current.assert_clean()
