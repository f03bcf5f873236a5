"""The banner embedded with one tag on the organisation's own website, on another host name.

Chromium maps ``www.weme.test`` (the organisation's site, a stand-in page under its own
strict Content-Security-Policy), ``policies.weme.test`` (the policy site: the built
``consent/`` folder, sent with the CORS header) and ``video.test`` (an embed's provider)
to 127.0.0.1 with ``--host-resolver-rules``.  The page embeds the banner exactly as
docs/embedding.md says: one script tag naming ``en/consent/weme.json``, and the stylesheet.
Stand-in tags note that they ran and store what the policy declares for their category,
cookies on ``.weme.test`` as gtag.js does.  Re-consent cases serve changed declarations:
the built configuration with one declaration added, lengthened or removed.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, BrowserType, Page

from tests.browser.conftest import serve
from tests.browser.test_consent import _axe, _axe_report, _catalog_word

pytestmark = pytest.mark.browser

SITE_FILES = Path(__file__).resolve().parent / "sites"
SITE_HOST = "www.weme.test"
POLICY_HOST = "policies.weme.test"
VIDEO_HOST = "video.test"
RESOLVER = f"--host-resolver-rules=MAP {SITE_HOST} 127.0.0.1, MAP {POLICY_HOST} 127.0.0.1, MAP {VIDEO_HOST} 127.0.0.1"
BANNER = "#policy-consent"
PLACEHOLDER = ".policy-consent-placeholder"
CONSENT_COOKIE = "policy_consent"
CONSENT_TYPES = (
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
)
DATA_LAYER = """() => (window.dataLayer || []).map(entry =>
  entry && typeof entry.length === "number" ? Array.from(entry) : entry)"""
LOCAL_KEY = "weme_test_visits"  # a localStorage key the test declarations add (WeMe declares none)
SESSION_KEY = "weme_test_session"  # ... a sessionStorage key
DATABASE = "weme_test_offline"  # ... and an IndexedDB database
DATABASES = "() => indexedDB.databases().then(all => all.map(d => d.name))"


@dataclass
class Hosts:
    site: str
    policy: str
    video: str
    policy_dir: Path
    site_dir: Path
    built_config: dict[str, Any]

    def write_config(self, name: str, config: dict[str, Any]) -> None:
        (self.policy_dir / "en" / "consent" / name).write_text(json.dumps(config), encoding="utf-8")

    def page(
        self, name: str, *, config: str | None = "weme.json", pin: str = "", extra: str = "", inline: str = ""
    ) -> str:
        """Writes a page of the organisation's site embedding ``config`` (a name in the policy site's
        en/consent/, a whole URL, or None for none: then ``inline`` is the page's own configuration
        element); returns its URL."""
        template = (SITE_FILES / "weme" / "index.html").read_text(encoding="utf-8")
        if config is not None and "/" not in config:
            config = f"{self.policy}en/consent/{config}"
        html = template.format(
            policy=self.policy.rstrip("/"),
            config="" if config is None else f' data-policy-config="{config}"',
            inline=inline,
            pin=f' data-policy-version="{pin}"' if pin else "",
            video=self.video.rstrip("/"),
            extra=extra,
        )
        (self.site_dir / name).write_text(html, encoding="utf-8")
        return self.site + name


def _on(host: str, url: str) -> str:
    return url.replace("127.0.0.1", host)


@pytest.fixture(scope="module")
def hosts(site: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosts]:
    work = tmp_path_factory.mktemp("embedding")
    policy_dir = work / "policies"
    shutil.copytree(site.root / "en" / "consent", policy_dir / "en" / "consent")
    site_dir = work / "site"
    shutil.copytree(SITE_FILES / "weme", site_dir)
    with ExitStack() as stack:
        policy = _on(POLICY_HOST, stack.enter_context(serve(policy_dir, {"Access-Control-Allow-Origin": "*"})))
        video = _on(VIDEO_HOST, stack.enter_context(serve(SITE_FILES / "video")))
        origin = policy.rstrip("/")
        csp = (
            f"default-src 'self'; script-src 'self' {origin}; style-src 'self' {origin}; "
            f"connect-src 'self' {origin}; frame-src {video.rstrip('/')}; object-src 'none'; base-uri 'self'"
        )
        site_url = _on(SITE_HOST, stack.enter_context(serve(site_dir, {"Content-Security-Policy": csp})))
        built = json.loads((policy_dir / "en" / "consent" / "weme.json").read_text(encoding="utf-8"))
        yield Hosts(site_url, policy, video, policy_dir, site_dir, built)


@pytest.fixture(scope="module")
def mapped_browser(browser_type: BrowserType, browser_type_launch_args: dict[str, Any]) -> Iterator[Browser]:
    arguments = {**browser_type_launch_args, "args": [*browser_type_launch_args.get("args", []), RESOLVER]}
    browser = browser_type.launch(**arguments)
    yield browser
    browser.close()


@dataclass
class Visit:
    context: BrowserContext
    page: Page
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def hosts_asked(self) -> set[str]:
        return {urllib.parse.urlsplit(url).hostname or "" for url in self.requests if url.startswith("http")}

    def ran(self) -> list[str]:
        return list(self.page.evaluate("() => window.__ran || []"))

    def consent(self) -> list[list[Any]]:
        return [entry for entry in self.page.evaluate(DATA_LAYER) if isinstance(entry, list) and entry[0] == "consent"]

    def record(self) -> dict[str, Any]:
        value = next(cookie["value"] for cookie in self.context.cookies() if cookie["name"] == CONSENT_COOKIE)
        return dict(json.loads(urllib.parse.unquote(value)))

    def cookies(self) -> dict[str, dict[str, Any]]:
        return {cookie["name"]: dict(cookie) for cookie in self.context.cookies()}

    def assert_clean(self) -> None:
        assert self.errors == [], f"page errors: {self.errors}"
        assert self.console == [], f"console errors: {self.console}"
        violations = self.page.evaluate("() => window.__csp || []")
        assert violations == [], f"CSP violations: {violations}"


CSP_WATCH = """window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));"""


@pytest.fixture
def visit(mapped_browser: Browser) -> Iterator[Callable[..., Visit]]:
    opened: list[Visit] = []

    def open_page(url: str, *, bypass_csp: bool = False, cookies: list[dict[str, Any]] | None = None) -> Visit:
        context = mapped_browser.new_context(bypass_csp=bypass_csp)
        context.add_init_script(CSP_WATCH)
        if cookies:
            context.add_cookies(cookies)
        page = context.new_page()
        current = Visit(context, page)
        page.on("console", lambda message: message.type == "error" and current.console.append(message.text))
        page.on("pageerror", lambda error: current.errors.append(str(error)))
        page.on("request", lambda request: current.requests.append(request.url))
        opened.append(current)
        response = page.goto(url)
        assert response is not None and response.ok
        return current

    yield open_page
    for current in opened:
        current.context.close()


def _state(on: bool) -> str:
    return "granted" if on else "denied"


def _expected(statistics: bool, marketing: bool) -> dict[str, str]:
    # WeMe declares no preference cookies: functionality and personalization stay denied.
    return {
        "ad_storage": _state(marketing),
        "ad_user_data": _state(marketing),
        "ad_personalization": _state(marketing),
        "analytics_storage": _state(statistics),
        "functionality_storage": "denied",
        "personalization_storage": "denied",
        "security_storage": "granted",
    }


def _default(statistics: bool, marketing: bool) -> dict[str, Any]:
    # Google's tags wait up to 500 ms for the update that follows once the configuration is read.
    return {**_expected(statistics, marketing), "wait_for_update": 500}


def _action(page: Page, action: str) -> Any:
    return page.locator(f'{BANNER} [data-consent-action="{action}"]')


def _save_only(page: Page, **categories: bool) -> None:
    page.locator("#policy-consent-settings").click()
    for category, on in categories.items():
        page.locator(f'{BANNER} input[value="{category}"]').set_checked(on)
    _action(page, "save").click()


# --------------------------------------------------------------------------- before consent


def test_one_tag_on_another_host_runs_nothing_gated_before_consent(visit: Callable[..., Visit], hosts: Hosts) -> None:
    page = visit(hosts.page("first.html"))
    page.page.locator(BANNER).wait_for(state="visible")
    page.page.wait_for_timeout(500)
    assert page.ran() == []
    assert page.page.locator("iframe").get_attribute("src") is None
    assert page.page.locator("script[data-consent-started], iframe[data-consent-started]").count() == 0
    assert page.hosts_asked() == {SITE_HOST, POLICY_HOST}, "a request left for another host before consent"
    assert set(page.cookies()) == set(), "something was stored before consent"
    consent = page.consent()
    assert consent[0][:2] == ["consent", "default"]
    assert sorted(consent[0][2]) == sorted([*CONSENT_TYPES, "wait_for_update"])
    assert consent[0][2] == _default(False, False)
    page.assert_clean()


def test_consent_mode_default_comes_first_and_each_update_matches_the_choice(
    visit: Callable[..., Visit], hosts: Hosts
) -> None:
    page = visit(hosts.page("mode.html"))
    _action(page.page, "accept-all").click()
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    layer = page.page.evaluate(DATA_LAYER)
    default = next(
        i for i, entry in enumerate(layer) if isinstance(entry, list) and entry[:2] == ["consent", "default"]
    )
    tags = [i for i, entry in enumerate(layer) if isinstance(entry, dict) and entry.get("event") == "stand-in-tag"]
    site_script = next(
        i for i, entry in enumerate(layer) if isinstance(entry, dict) and entry.get("event") == "site-script"
    )
    assert default < site_script and all(default < i for i in tags), layer
    assert page.consent()[-1] == ["consent", "update", _expected(True, True)]
    # The granting update is in the dataLayer before the tags it lets run.
    granted = layer.index(["consent", "update", _expected(True, True)])
    assert len(tags) == 2 and all(granted < i for i in tags), layer
    assert page.record()["how"] == "accept-all"

    with page.page.expect_navigation():  # statistics already ran: the page says so and reloads
        _save_only(page.page, statistics=False)
        page.page.locator(".policy-consent-notice[role=alert]").wait_for()
        before_reload = page.consent()
    assert before_reload[-1] == ["consent", "update", _expected(False, True)]
    # After the reload the stored choice is the default, applied before any tag.
    page.page.wait_for_function("() => (window.__ran || []).length === 1")
    assert page.consent()[0] == ["consent", "default", _default(False, True)]
    assert page.ran() == ["/stand-in-insight.js"]
    assert page.record()["how"] == "save"
    page.assert_clean()


# --------------------------------------------------------------------------- clean-up


def test_withdrawal_removes_cookies_on_the_parent_domain_and_declared_keys(
    visit: Callable[..., Visit], hosts: Hosts
) -> None:
    config = json.loads(json.dumps(hosts.built_config))
    config["cookies"].append(
        {
            "name": LOCAL_KEY,
            "category": "statistics",
            "provider": "Google Analytics",
            "storage": "localStorage",
            "domain": "weme.eco",
            "party": "first",
            "maxAgeSeconds": 0,
        }
    )
    config["cookies"].append(
        {
            "name": "shop_visit",
            "category": "statistics",
            "provider": "Google Analytics",
            "storage": "cookie",
            "domain": ".weme.eco",
            "path": "/shop",
            "party": "first",
            "maxAgeSeconds": 3600,
        }
    )
    for name, storage in ((SESSION_KEY, "sessionStorage"), (DATABASE, "indexedDB")):
        config["cookies"].append(
            {
                "name": name,
                "category": "statistics",
                "provider": "Google Analytics",
                "storage": storage,
                "domain": "weme.eco",
                "party": "first",
                "maxAgeSeconds": 0,
            }
        )
    config["fingerprint"] = "00000000000000aa"
    hosts.write_config("with-key.json", config)
    page = visit(hosts.page("cleanup.html", config="with-key.json"))
    _action(page.page, "accept-all").click()
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    page.page.wait_for_function(f"() => (window.__databases || []).includes('{DATABASE}')")
    copies = {(c["name"], c["domain"], c["path"]) for c in page.context.cookies()}
    # Each cookie twice: on the registrable domain (set from www.weme.test) and host-only.
    assert {("_ga", ".weme.test", "/"), ("_ga", SITE_HOST, "/")} <= copies
    assert {("shop_visit", ".weme.test", "/shop"), ("shop_visit", SITE_HOST, "/shop")} <= copies
    assert page.page.evaluate(f"localStorage.getItem('{LOCAL_KEY}')") == "stand-in"
    assert page.page.evaluate(f"sessionStorage.getItem('{SESSION_KEY}')") == "stand-in"
    assert DATABASE in page.page.evaluate(DATABASES)
    statistics = {d["name"] for d in config["cookies"] if d["category"] == "statistics" and d["storage"] == "cookie"}
    assert statistics <= {name for name, _, _ in copies}

    with page.page.expect_navigation():
        page.page.locator("#policy-consent-settings").click()
        _action(page.page, "reject-all").click()
    page.page.wait_for_load_state()
    left = {(c["name"], c["domain"], c["path"]) for c in page.context.cookies()}
    assert {name for name, _, _ in left} == {CONSENT_COOKIE}, f"left after withdrawal: {sorted(left)}"
    assert page.page.evaluate(f"localStorage.getItem('{LOCAL_KEY}')") is None
    assert page.page.evaluate(f"sessionStorage.getItem('{SESSION_KEY}')") is None  # the tab's own, kept on reload
    page.page.wait_for_function(f"() => indexedDB.databases().then(all => !all.some(d => d.name === '{DATABASE}'))")
    assert page.record()["how"] == "reject-all"
    page.assert_clean()


# --------------------------------------------------------------------------- embeds


def test_the_iframe_waits_behind_a_placeholder_until_its_button(visit: Callable[..., Visit], hosts: Hosts) -> None:
    page = visit(hosts.page("embed.html"))
    _action(page.page, "reject-all").click()
    holder = page.page.locator(PLACEHOLDER)
    holder.wait_for(state="visible")
    assert holder.get_attribute("aria-label") == "WeMe introduction video"
    assert "YouTube" in holder.inner_text() and "Marketing" in holder.inner_text()
    assert page.page.locator("iframe").is_hidden() and page.page.locator("iframe").get_attribute("src") is None
    assert VIDEO_HOST not in page.hosts_asked()

    holder.locator("button").focus()  # keyboard alone: focus the button, press Enter
    page.page.keyboard.press("Enter")
    page.page.locator("iframe[data-consent-started]").wait_for(state="visible")
    page.page.wait_for_function("() => (window.__ran || []).includes('/stand-in-insight.js')")
    assert page.page.locator(PLACEHOLDER).count() == 0
    assert VIDEO_HOST in page.hosts_asked()
    assert page.record()["c"] == {"statistics": False, "marketing": True}
    assert page.ran() == ["/stand-in-insight.js"]  # only the category the button allowed
    page.assert_clean()


def test_axe_finds_nothing_on_the_banner_and_the_placeholder(visit: Callable[..., Visit], hosts: Hosts) -> None:
    page = visit(hosts.page("axe.html"), bypass_csp=True)
    page.page.locator(BANNER).wait_for(state="visible")
    found = {"first view": _axe(page.page)}
    _action(page.page, "customise").click()
    found["customise view"] = _axe(page.page)
    _action(page.page, "reject-all").click()
    page.page.locator(PLACEHOLDER).wait_for(state="visible")
    found["placeholder"] = _axe(page.page)
    found = {where: violations for where, violations in found.items() if violations}
    assert found == {}, "axe-core violations:\n" + _axe_report(found)


# --------------------------------------------------------------------------- re-consent


def _accept_all_then(
    visit: Callable[..., Visit], hosts: Hosts, name: str, changed: dict[str, Any], action: str = "accept-all"
) -> Visit:
    """A visitor chooses (``action``) with the built declarations, then comes back to ``changed`` ones."""
    hosts.write_config(f"{name}.json", hosts.built_config)
    first = visit(hosts.page(f"{name}.html", config=f"{name}.json"))
    _action(first.page, action).click()
    first.page.locator(BANNER).wait_for(state="detached")
    first.page.wait_for_function(f"() => (window.__ran || []).length === {2 if action == 'accept-all' else 0}")
    stored = first.record()
    cookies = first.context.cookies()
    hosts.write_config(f"{name}.json", changed)
    assert stored["how"] == action
    return visit(hosts.page(f"{name}.html", config=f"{name}.json"), cookies=cookies)


def _changed(hosts: Hosts, change: Callable[[list[dict[str, Any]]], None]) -> dict[str, Any]:
    config = json.loads(json.dumps(hosts.built_config))
    change(config["cookies"])
    config["fingerprint"] = "0123456789abcdef"
    config["policy"]["version"] = "2099-01-01"
    return config


@pytest.mark.parametrize(
    ("how", "sentence"),
    [
        ("new-cookie", "We ask again because {name} was added to {category} since your choice."),
        ("longer", "We ask again because {name} is now kept longer than when you chose."),
        ("new-provider", "We ask again because {provider} was added as a provider since your choice."),
        ("new-category", "We ask again because the category {category} was added since your choice."),
    ],
)
def test_a_widening_asks_again_and_says_what_changed(
    visit: Callable[..., Visit], hosts: Hosts, how: str, sentence: str
) -> None:
    def widen(cookies: list[dict[str, Any]]) -> None:
        if how == "new-category":
            cookies.append(
                {
                    "name": "theme",
                    "category": "preferences",
                    "provider": "WeMe Facilitators AS",
                    "storage": "localStorage",
                    "domain": "weme.eco",
                    "party": "first",
                    "maxAgeSeconds": 0,
                }
            )
        elif how == "longer":
            next(d for d in cookies if d["name"] == "_gid")["maxAgeSeconds"] *= 10
        else:
            provider = "Google Analytics" if how == "new-cookie" else "Hotjar"
            cookies.append(
                {
                    "name": "_new_id",
                    "category": "statistics",
                    "provider": provider,
                    "storage": "cookie",
                    "domain": ".weme.eco",
                    "party": "first",
                    "maxAgeSeconds": 86400,
                }
            )

    changed_config = _changed(hosts, widen)
    if how == "new-category":
        changed_config["categories"].insert(
            1, {"id": "preferences", "label": "Preferences", "description": "Remember your settings.", "locked": False}
        )
    again = _accept_all_then(visit, hosts, f"widen-{how}", changed_config)
    changed = again.page.locator(f"{BANNER} .policy-consent-changed")
    changed.wait_for(state="visible")
    values = {
        "name": "_gid" if how == "longer" else "_new_id",
        "category": "Preferences" if how == "new-category" else "Statistics",
        "provider": "Hotjar",
    }
    assert changed.inner_text() == _catalog_word("en", sentence).format(**values)
    # Until the visitor answers, the widened category is off and the untouched ones stay on.
    expected = ["/stand-in-gtag.js", "/stand-in-insight.js"] if how == "new-category" else ["/stand-in-insight.js"]
    again.page.wait_for_function(f"() => (window.__ran || []).length === {len(expected)}")
    assert sorted(again.ran()) == expected
    _action(again.page, "accept-all").click()
    again.page.locator(BANNER).wait_for(state="detached")
    assert again.record()["fp"] == "0123456789abcdef"
    again.assert_clean()


def test_a_narrowing_keeps_the_choice_and_removes_what_is_gone(visit: Callable[..., Visit], hosts: Hosts) -> None:
    def narrow(cookies: list[dict[str, Any]]) -> None:
        cookies.remove(next(d for d in cookies if d["name"] == "_gid"))
        next(d for d in cookies if d["name"] == "_ga")["maxAgeSeconds"] //= 2

    again = _accept_all_then(visit, hosts, "narrow", _changed(hosts, narrow))
    again.page.wait_for_function("() => (window.__ran || []).length === 2")
    assert again.page.locator(BANNER).count() == 0
    record = again.record()
    assert record["fp"] == "0123456789abcdef" and record["v"] == "2099-01-01"
    assert record["how"] == "accept-all" and record["c"] == {"statistics": True, "marketing": True}
    assert "_gid" not in again.cookies(), "a cookie no longer declared was kept"
    again.assert_clean()


def test_a_widening_in_a_refused_category_does_not_ask_again(visit: Callable[..., Visit], hosts: Hosts) -> None:
    """Processing widened, but not for this visitor: statistics, which they refused, gained a cookie."""

    def widen(cookies: list[dict[str, Any]]) -> None:
        cookies.append(
            {
                "name": "_new_id",
                "category": "statistics",
                "provider": "Hotjar",
                "storage": "cookie",
                "domain": ".weme.eco",
                "party": "first",
                "maxAgeSeconds": 86400,
            }
        )

    again = _accept_all_then(visit, hosts, "refused-widen", _changed(hosts, widen), action="reject-all")
    again.page.wait_for_function("() => document.cookie.includes('0123456789abcdef')")
    assert again.page.locator(BANNER).count() == 0
    record = again.record()
    assert record["c"] == {"statistics": False, "marketing": False} and record["how"] == "reject-all"
    assert again.ran() == []
    again.assert_clean()


# --------------------------------------------------------------------------- bad configuration


@pytest.mark.parametrize("case", ["missing", "not-json", "other-version", "unknown-category"])
def test_a_bad_configuration_leaves_the_page_without_consent(
    visit: Callable[..., Visit], hosts: Hosts, case: str
) -> None:
    (hosts.policy_dir / "en" / "consent" / "broken.json").write_text("{not json", encoding="utf-8")
    extra, config, pin = "", "weme.json", ""
    if case == "missing":
        config = "nowhere.json"
    elif case == "not-json":
        config = "broken.json"
    elif case == "other-version":
        pin = "1999-01-01"
    else:
        extra = (
            '<script type="text/plain" data-consent-category="analytics" '
            'data-consent-src="/stand-in-unknown.js"></script>'
        )
    page = visit(hosts.page(f"bad-{case}.html", config=config, pin=pin, extra=extra))
    if case == "unknown-category":
        _action(page.page, "accept-all").click()
        page.page.wait_for_function("() => (window.__ran || []).length === 2")
    page.page.wait_for_timeout(800)
    assert "/stand-in-unknown.js" not in page.ran()
    if case != "unknown-category":
        assert page.ran() == [] and page.page.locator(BANNER).count() == 0
        assert page.consent()[-1][2] == _expected(False, False)
    messages = [text for text in page.console if "sphinx-policy consent" in text]
    assert len(messages) == 1, page.console
    assert len(page.console) <= 2  # a missing file also has the browser's own 404 line
    assert page.errors == []


# --------------------------------------------------------------------------- Global Privacy Control

GPC_ON = """Object.defineProperty(Navigator.prototype, "globalPrivacyControl",
  { get: function () { return true; }, configurable: true });"""


def test_with_gpc_the_ad_types_stay_denied_until_marketing_is_turned_on(mapped_browser: Browser, hosts: Hosts) -> None:
    context = mapped_browser.new_context()
    try:
        context.add_init_script(GPC_ON)
        page = context.new_page()
        page.goto(hosts.page("gpc.html"))
        current = Visit(context, page)
        _action(page, "accept-all").click()
        page.wait_for_function("() => (window.__ran || []).length === 1")
        assert current.ran() == ["/stand-in-gtag.js"]
        assert current.consent()[-1] == ["consent", "update", _expected(True, False)]
        assert current.record()["how"] == "gpc" and current.record()["gpc"] is True
        _save_only(page, marketing=True)  # the visitor's own choice overrides the signal
        page.wait_for_function("() => (window.__ran || []).length === 2")
        assert current.consent()[-1] == ["consent", "update", _expected(True, True)]
        assert current.record()["how"] == "save"
    finally:
        context.close()


# --------------------------------------------------------------------------- third parties


def test_the_settings_say_third_party_cookies_stay_and_link_the_opt_out(
    visit: Callable[..., Visit], hosts: Hosts
) -> None:
    config = json.loads(json.dumps(hosts.built_config))
    lidc = next(d for d in config["cookies"] if d["name"] == "lidc")
    assert lidc["party"] == "third" and "optOut" not in lidc  # WeMe's policy names no opt-out page
    lidc["optOut"] = "https://www.linkedin.com/psettings/guest-controls"
    hosts.write_config("opt-out.json", config)
    page = visit(hosts.page("opt-out.html", config="opt-out.json"))
    _action(page.page, "customise").click()
    note = page.page.locator(f"{BANNER} .policy-consent-third")
    expected = _catalog_word("en", "This website cannot remove cookies that other providers set on their own domains.")
    assert note.inner_text().startswith(expected)
    links = note.locator("a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == lidc["optOut"]
    assert links.first.inner_text() == "Opt out at LinkedIn"
    page.assert_clean()
