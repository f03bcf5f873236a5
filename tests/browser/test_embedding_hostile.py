"""The one-tag embedding under what a real site and a careless host do to it.

Same hosts as test_embedding.py (``www.weme.test`` embeds the banner from ``policies.weme.test``
under its own strict CSP).  Bad input of every kind the issue names (a configuration URL that
is invalid, fails, answers with an HTML page, is not JSON, is JSON of another shape, is for
another policy version; an unknown category on a script or an iframe; a damaged stored
choice) leaves the page as without consent: nothing gated runs, Consent Mode stays denied,
the console has one message from the banner and the page throws nothing.  Then what real
tags need: their order and attributes kept, at most one start per page, the inline
configuration, keyboard-only use on another host, axe-core on the banner's other states,
Consent Mode after a withdrawal and, per category, the mapping docs/embedding.md documents.
"""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Route

from tests.browser import test_embedding as embedding
from tests.browser.conftest import serve
from tests.browser.test_embedding import (
    BANNER,
    CONSENT_COOKIE,
    DATA_LAYER,
    PLACEHOLDER,
    POLICY_HOST,
    VIDEO_HOST,
    Hosts,
    Visit,
    _action,
    _default,
    _expected,
)

pytestmark = pytest.mark.browser

# The other hosts and the browser that maps them, as test_embedding.py sets them up.
hosts = embedding.hosts
mapped_browser = embedding.mapped_browser
visit = embedding.visit

MESSAGE = "sphinx-policy consent:"
NOT_RUN_CHECK_MS = 800
GPC_ON = """Object.defineProperty(Navigator.prototype, "globalPrivacyControl",
  { get: function () { return true; }, configurable: true });"""


def _assert_without_consent(page: Visit, *, banner: bool = False) -> None:
    """Nothing gated ran or loaded, Consent Mode denies everything, one message, nothing thrown."""
    page.page.wait_for_timeout(NOT_RUN_CHECK_MS)
    assert page.ran() == []
    assert page.page.locator("iframe").get_attribute("src") is None
    assert page.page.locator("[data-consent-started]").count() == 0
    assert (page.page.locator(BANNER).count() == 1) is banner
    assert page.consent(), "no Consent Mode command at all"
    assert page.consent()[-1][2] == _expected(False, False)
    assert VIDEO_HOST not in page.hosts_asked()
    messages = [text for text in page.console if MESSAGE in text]
    assert len(messages) == 1, page.console
    assert page.errors == [], f"page errors: {page.errors}"


# --------------------------------------------------------------------------- bad configuration


def _changed(change: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], Any]:
    def make(built: dict[str, Any]) -> Any:
        config = json.loads(json.dumps(built))
        change(config)
        return config

    return make


# Configurations that are JSON but not one consent.js can use, made from the built one.
SHAPES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "null": lambda built: None,
    "a-list": lambda built: [],
    "a-string": lambda built: "weme",
    "format-only": lambda built: {"format": 1},
    "format-2": _changed(lambda c: c.update(format=2)),
    "policy-not-an-object": _changed(lambda c: c.update(policy="weme")),
    "a-cookie-is-null": _changed(lambda c: c["cookies"].append(None)),
    "a-cookie-without-name": _changed(lambda c: c["cookies"][0].pop("name")),
    "a-category-without-label": _changed(lambda c: c["categories"][1].pop("label")),
    "a-word-missing": _changed(lambda c: c["words"].pop("title")),
    "a-word-not-text": _changed(lambda c: c["words"].update(placeholder=7)),
    "no-cookie-settings": _changed(lambda c: c.pop("cookie")),
    "policy-url-javascript": _changed(lambda c: c["policy"].update(url="javascript:alert(1)")),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_configuration_of_another_shape_is_refused(visit: Callable[..., Visit], hosts: Hosts, shape: str) -> None:
    hosts.write_config(f"shape-{shape}.json", SHAPES[shape](hosts.built_config))
    page = visit(hosts.page(f"shape-{shape}.html", config=f"shape-{shape}.json"))
    _assert_without_consent(page)


@pytest.mark.parametrize(
    "case", ["invalid-url", "not-json", "html-page", "blocked-by-csp", "missing", "pinned-to-another-version"]
)
def test_a_configuration_that_cannot_be_used_leaves_the_page_without_consent(
    visit: Callable[..., Visit], hosts: Hosts, case: str
) -> None:
    (hosts.policy_dir / "en" / "consent" / "page.json").write_text(
        "<!DOCTYPE html><title>Not found</title>", encoding="utf-8"
    )
    (hosts.policy_dir / "en" / "consent" / "broken.json").write_text('{"format": 1,', encoding="utf-8")
    pin = ""
    config = {
        "invalid-url": "http://[policies",
        "not-json": "broken.json",
        "html-page": "page.json",
        # Another port of the policy host: outside the site's connect-src, so the browser blocks it.
        "blocked-by-csp": f"http://{POLICY_HOST}:1/en/consent/weme.json",
        "missing": "nowhere.json",
        "pinned-to-another-version": "weme.json",
    }[case]
    if case == "pinned-to-another-version":
        pin = "1999-01-01"
    page = visit(hosts.page(f"unusable-{case}.html", config=config, pin=pin))
    page.page.wait_for_timeout(NOT_RUN_CHECK_MS)
    # The browser adds its own line for a failed request; the banner says one thing.
    page.console = [text for text in page.console if MESSAGE in text]
    _assert_without_consent(page)


def test_a_pin_that_matches_the_configuration_changes_nothing(visit: Callable[..., Visit], hosts: Hosts) -> None:
    page = visit(hosts.page("pinned.html", pin=hosts.built_config["policy"]["version"]))
    _action(page.page, "accept-all").click()
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    page.assert_clean()


@pytest.mark.parametrize("element", ["script", "iframe", "both"])
def test_an_unknown_category_stays_off_with_one_message(
    visit: Callable[..., Visit], hosts: Hosts, element: str
) -> None:
    gated = {
        "script": '<script type="text/plain" data-consent-category="analytics" '
        'data-consent-src="/stand-in-unknown.js"></script>',
        "iframe": '<iframe title="Map" data-consent-category="maps" '
        f'data-consent-src="{hosts.video}embed.html?maps"></iframe>',
    }
    extra = "\n".join(gated.values()) if element == "both" else gated[element]
    page = visit(hosts.page(f"unknown-{element}.html", extra=extra))
    _action(page.page, "accept-all").click()
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    page.page.wait_for_timeout(NOT_RUN_CHECK_MS)
    assert "/stand-in-unknown.js" not in page.ran()
    if element != "script":
        assert page.page.locator('iframe[data-consent-category="maps"]').get_attribute("src") is None
    assert not any(url.endswith(("stand-in-unknown.js", "?maps")) for url in page.requests)
    messages = [text for text in page.console if MESSAGE in text]
    assert len(messages) == 1, page.console
    named = {"script": ["analytics"], "iframe": ["maps"]}.get(element, ["analytics", "maps"])
    assert all(f'"{name}"' in messages[0] for name in named), messages
    assert page.errors == []


def test_a_damaged_stored_record_throws_nothing(visit: Callable[..., Visit], hosts: Hosts) -> None:
    damaged = {
        "id": "x",
        "ts": "2020-01-01T00:00:00Z",
        "p": "weme",
        "v": "1",
        "fp": "ffffffffffffffff",
        "c": {"statistics": False, "marketing": False},
        "k": {"statistics": None, "marketing": 7},
        "pv": "Google",
    }
    cookie = {"name": CONSENT_COOKIE, "value": urllib.parse.quote(json.dumps(damaged)), "url": hosts.site}
    page = visit(hosts.page("damaged.html"), cookies=[cookie])
    page.page.wait_for_timeout(NOT_RUN_CHECK_MS)
    assert page.errors == [], f"page errors: {page.errors}"
    assert page.console == []
    # Nothing widened for a visitor who refused everything: the refusal stands, on today's declarations.
    assert page.page.locator(BANNER).count() == 0 and page.ran() == []
    record = page.record()
    assert record["c"] == {"statistics": False, "marketing": False}
    assert record["fp"] == hosts.built_config["fingerprint"] and record["k"] == {}


# --------------------------------------------------------------------------- what real tags need

PARTNER_PAGE = """
    <script type="text/plain" data-consent-category="marketing" data-consent-src="/partner-ids.js"></script>
    <script type="text/plain" data-consent-category="marketing" data-consent-src="/stand-in-partner-tag.js"
            id="vendor-loader" data-vendor="kept"></script>"""


def test_gated_scripts_run_in_page_order_with_their_attributes(mapped_browser: Browser, hosts: Hosts) -> None:
    """A vendor's settings file runs before its tag even when it arrives last (LinkedIn Insight)."""
    context = mapped_browser.new_context()
    try:
        page = context.new_page()

        def slow(route: Route) -> None:
            time.sleep(0.4)  # the browser goes on fetching the next script meanwhile
            route.continue_()

        page.route("**/partner-ids.js", slow)
        page.goto(hosts.page("order.html", extra=PARTNER_PAGE))
        page.locator(f'{BANNER} [data-consent-action="accept-all"]').click()
        page.wait_for_function("() => window.__partnerTag !== undefined")
        assert page.evaluate("window.__partnerTag") == {
            "partnerIds": ["123456"],
            "id": "vendor-loader",
            "data": "kept",
            "type": None,
        }
        assert page.locator('script[src="/stand-in-partner-tag.js"]').count() == 1
    finally:
        context.close()


def test_a_gated_tag_or_embed_starts_at_most_once_per_page(visit: Callable[..., Visit], hosts: Hosts) -> None:
    page = visit(hosts.page("once.html"))
    _action(page.page, "accept-all").click()
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    for action in ("save", "accept-all"):  # the same choice given again, twice
        page.page.locator("#policy-consent-settings").click()
        _action(page.page, action).click()
        page.page.locator(BANNER).wait_for(state="detached")
    page.page.wait_for_timeout(NOT_RUN_CHECK_MS)
    assert sorted(page.ran()) == ["/stand-in-gtag.js", "/stand-in-insight.js"]
    assert page.page.locator("script[data-consent-started]").count() == 2
    assert [url for url in page.requests if url.endswith("/embed.html")] == [f"{hosts.video}embed.html"]
    page.assert_clean()


@pytest.mark.parametrize("inline", ["not-json", "none"])
def test_a_page_without_a_usable_inline_configuration_stays_without_consent(
    visit: Callable[..., Visit], hosts: Hosts, inline: str
) -> None:
    element = '<script type="application/json" id="policy-consent-config">{"format": 1,</script>\n  '
    page = visit(hosts.page(f"inline-{inline}.html", config=None, inline=element if inline == "not-json" else ""))
    _assert_without_consent(page)
    expected = "inline configuration is not JSON" if inline == "not-json" else "name one with data-policy-config"
    assert expected in page.console[0]


def test_the_inline_configuration_keeps_working_under_the_sites_csp(visit: Callable[..., Visit], hosts: Hosts) -> None:
    config = json.loads(json.dumps(hosts.built_config))
    config["policy"]["url"] = f"{hosts.policy}en/policies/weme.html"
    text = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    inline = f'<script type="application/json" id="policy-consent-config">{text}</script>\n  '
    page = visit(hosts.page("inline.html", config=None, inline=inline))
    banner = page.page.locator(BANNER)
    banner.wait_for(state="visible")
    assert page.ran() == []
    assert banner.locator("a").first.get_attribute("href") == f"{hosts.policy}en/policies/weme.html"
    _action(page.page, "accept-all").click()
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    assert page.record()["how"] == "accept-all"
    page.assert_clean()


def test_the_policy_link_points_at_the_policy_site(visit: Callable[..., Visit], hosts: Hosts) -> None:
    page = visit(hosts.page("policy-link.html"))
    link = page.page.locator(f"{BANNER} .policy-consent-links a")
    assert link.get_attribute("href") == f"{hosts.policy}en/policies/weme.html"
    page.assert_clean()


def test_keyboard_alone_on_another_host(visit: Callable[..., Visit], hosts: Hosts) -> None:
    """Tab and Enter only: refuse in the banner, load the embed from its placeholder, change the choice."""
    page = visit(hosts.page("keyboard.html"))
    keys = page.page.keyboard
    page.page.locator(BANNER).wait_for(state="visible")

    def tab_to(selector: str, limit: int = 15) -> None:
        for _ in range(limit):
            keys.press("Tab")
            if page.page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to(f'{BANNER} [data-consent-action="reject-all"]')
    keys.press("Enter")
    page.page.locator(BANNER).wait_for(state="detached")
    tab_to(f"{PLACEHOLDER} button")
    keys.press("Enter")
    page.page.locator("iframe[data-consent-started]").wait_for(state="visible")
    assert page.record()["c"] == {"statistics": False, "marketing": True}
    tab_to("#policy-consent-settings")
    keys.press("Enter")
    page.page.locator(f'{BANNER} input[value="statistics"]').wait_for()
    tab_to(f'{BANNER} input[value="statistics"]')
    keys.press("Space")
    tab_to(f'{BANNER} [data-consent-action="save"]')
    keys.press("Enter")
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    assert page.record()["c"] == {"statistics": True, "marketing": True}
    assert page.record()["how"] == "save"
    assert page.page.evaluate("document.activeElement.id") == "policy-consent-settings"
    page.assert_clean()


def test_a_withdrawal_sends_a_denying_update(visit: Callable[..., Visit], hosts: Hosts) -> None:
    page = visit(hosts.page("withdraw-mode.html"))
    _action(page.page, "accept-all").click()
    page.page.wait_for_function("() => (window.__ran || []).length === 2")
    with page.page.expect_navigation():
        page.page.locator("#policy-consent-settings").click()
        _action(page.page, "reject-all").click()
        page.page.locator(".policy-consent-notice[role=alert]").wait_for()
        assert page.consent()[-1] == ["consent", "update", _expected(False, False)]
    page.page.wait_for_load_state()
    assert page.page.evaluate(DATA_LAYER)[0] == ["consent", "default", _default(False, False)]
    page.assert_clean()


def test_axe_finds_nothing_on_the_banner_asking_again_with_gpc_and_opt_out_links(
    visit: Callable[..., Visit], hosts: Hosts
) -> None:
    """The banner's other states: the sentence saying what changed, the GPC note, the third-party note."""
    config = json.loads(json.dumps(hosts.built_config))
    next(d for d in config["cookies"] if d["name"] == "lidc")["optOut"] = "https://www.linkedin.com/psettings/"
    hosts.write_config("axe-states.json", config)
    chosen = {  # statistics allowed when nothing was declared in it: now every cookie there is new
        "id": "x",
        "ts": "2020-01-01T00:00:00Z",
        "p": "weme",
        "v": "1",
        "fp": "ffffffffffffffff",
        "c": {"statistics": True, "marketing": False},
        "how": "save",
        "k": {},
        "pv": [],
    }
    cookie = {"name": CONSENT_COOKIE, "value": urllib.parse.quote(json.dumps(chosen)), "url": hosts.site}
    page = visit(hosts.page("axe-states.html", config="axe-states.json"), bypass_csp=True, cookies=[cookie])
    page.context.add_init_script(GPC_ON)
    page.page.reload()
    page.page.locator(f"{BANNER} .policy-consent-changed").wait_for(state="visible")
    page.page.locator(f"{BANNER} .policy-consent-gpc").wait_for(state="visible")
    found = {"asking again, with GPC": embedding._axe(page.page)}
    page.page.locator("#policy-consent-settings").click()
    page.page.locator(f"{BANNER} .policy-consent-third a").wait_for(state="visible")
    found["customise view, third-party note and opt-out link"] = embedding._axe(page.page)
    found = {where: violations for where, violations in found.items() if violations}
    assert found == {}, "axe-core violations:\n" + embedding._axe_report(found)
    assert page.errors == []


EMBEDDING_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "embedding.md"


def _documented_mapping() -> dict[str, set[str]]:
    """The Consent Mode table of docs/embedding.md: category -> the types it grants."""
    text = EMBEDDING_GUIDE.read_text(encoding="utf-8")
    table = text[text.index("| category | Consent Mode types |") :].split("\n\n")[0]
    mapping = {}
    for row in table.splitlines()[2:]:
        category, types = (cell.strip() for cell in row.strip("|").split("|"))
        mapping[category] = set(re.findall(r"`(\w+)`", types))
    return mapping


@pytest.mark.parametrize("category", ["statistics", "marketing", "preferences"])
def test_each_category_grants_the_consent_mode_types_the_guide_documents(
    visit: Callable[..., Visit], hosts: Hosts, category: str
) -> None:
    mapping = _documented_mapping()
    assert set(mapping) == {"statistics", "marketing", "preferences", "(always)"}
    config = json.loads(json.dumps(hosts.built_config))  # WeMe has no preferences: one is added
    config["categories"].insert(
        1, {"id": "preferences", "label": "Preferences", "description": "Remember your settings.", "locked": False}
    )
    config["cookies"].append(
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
    hosts.write_config("mapping.json", config)
    page = visit(hosts.page(f"mapping-{category}.html", config="mapping.json"))
    page.page.locator("#policy-consent-settings").click()
    page.page.locator(f'{BANNER} input[value="{category}"]').check()
    _action(page.page, "save").click()
    page.page.locator(BANNER).wait_for(state="detached")
    update = page.consent()[-1]
    assert update[:2] == ["consent", "update"] and len(update[2]) == 7
    granted = {name for name, state in update[2].items() if state == "granted"}
    assert granted == mapping[category] | mapping["(always)"]
    page.assert_clean()


def test_under_a_nonce_based_csp_with_strict_dynamic(visit: Callable[..., Visit], hosts: Hosts) -> None:
    """The other strict CSP: no host list, a nonce on the site's own tags; what consent.js starts is trusted."""
    nonce = "c3BoaW54LXBvbGljeQ"
    page_url = hosts.page("nonce.html")
    html = (hosts.site_dir / "nonce.html").read_text(encoding="utf-8")
    (hosts.site_dir / "nonce.html").write_text(
        html.replace("<script src=", f'<script nonce="{nonce}" src='), encoding="utf-8"
    )
    policy_origin = hosts.policy.rstrip("/")
    csp = (
        f"default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic'; style-src 'self' {policy_origin}; "
        f"connect-src 'self' {policy_origin}; frame-src {hosts.video.rstrip('/')}; object-src 'none'; base-uri 'none'"
    )
    with serve(hosts.site_dir, {"Content-Security-Policy": csp}) as url:
        site = url.replace("127.0.0.1", urllib.parse.urlsplit(page_url).hostname or "")
        page = visit(site + "nonce.html")
        page.page.locator(BANNER).wait_for(state="visible")
        assert page.ran() == []
        _action(page.page, "accept-all").click()
        page.page.wait_for_function("() => (window.__ran || []).length === 2")
        page.page.locator("iframe[data-consent-started]").wait_for(state="visible")
        page.assert_clean()


@pytest.mark.parametrize("chosen_with_gpc", [False, True])
def test_gpc_turns_off_marketing_chosen_before_it_not_after(
    mapped_browser: Browser, hosts: Hosts, chosen_with_gpc: bool
) -> None:
    """Accept all without GPC, then the browser sends GPC: the newer signal wins. Marketing turned
    on while GPC was on is the visitor's own choice over the signal, and stays."""
    chosen = {
        "id": "x",
        "ts": "2020-01-01T00:00:00Z",
        "p": "weme",
        "v": hosts.built_config["policy"]["version"],
        "fp": hosts.built_config["fingerprint"],
        "c": {"statistics": True, "marketing": True},
        "gpc": chosen_with_gpc,
        "how": "save" if chosen_with_gpc else "accept-all",
        "k": {},
        "pv": [],
    }
    context = mapped_browser.new_context()
    try:
        context.add_init_script(GPC_ON)
        context.add_cookies(
            [{"name": CONSENT_COOKIE, "value": urllib.parse.quote(json.dumps(chosen)), "url": hosts.site}]
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(hosts.page(f"gpc-after-{chosen_with_gpc}.html"))
        current = Visit(context, page)
        page.wait_for_function(f"() => (window.__ran || []).length === {2 if chosen_with_gpc else 1}")
        layer = page.evaluate(DATA_LAYER)
        assert layer[0] == ["consent", "default", _default(True, chosen_with_gpc)]  # before any tag
        assert current.consent()[-1] == ["consent", "update", _expected(True, chosen_with_gpc)]
        assert page.locator(BANNER).count() == 0
        record = current.record()
        assert record["c"] == {"statistics": True, "marketing": chosen_with_gpc}
        assert (record["how"], record["gpc"]) == (("save", True) if chosen_with_gpc else ("gpc", True))
        assert errors == []
    finally:
        context.close()
