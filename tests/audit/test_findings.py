"""The audit's judgement without a browser: lifetimes, suggested declarations, the cookie database."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_policy.audit.declarations import AuditInputError, load_cookie_database, same_site
from sphinx_policy.audit.findings import observed_lifetime, suggested_block
from sphinx_policy.audit.passes import ObservedCookie

DATABASE = Path("/work/shared/data/open-cookie-database/open-cookie-database.csv")  # as tests/test_checks.py


def cookie(days: float | None) -> ObservedCookie:
    return ObservedCookie("c", "v", "127.0.0.1", "/", None if days is None else 1.0, days, False, False, None, True)


@pytest.mark.parametrize(
    ("days", "lifetime"),
    [
        (None, "session"),
        (0.99999, "P1D"),  # seen a moment after max-age=86400
        (30 - 1e-5, "P30D"),
        (7200 / 86400 - 1e-6, "PT2H"),
        (2.5, "PT60H"),
        (2.51, "P3D"),  # not whole: rounded up, never too short
        (0.0001, "PT1M"),
    ],
)
def test_observed_lifetime(days: float | None, lifetime: str) -> None:
    assert observed_lifetime(cookie(days)) == lifetime


def test_suggested_block_is_a_policy_cookie_directive() -> None:
    block = suggested_block("_fbp", "marketing", "P90D", "Facebook", "127.0.0.1")
    assert block.splitlines() == [
        ":::{policy-cookie} _fbp",
        ":provider: Facebook",
        ":domain: 127.0.0.1",
        ":category: marketing",
        ":lifetime: P90D",
        "",
        "TODO: say what it does, in a sentence visitors understand.",
        ":::",
    ]


def test_open_cookie_database_names_platform_and_category() -> None:
    database = load_cookie_database(DATABASE)
    ga = database.lookup("_ga")
    assert ga is not None and (ga.platform, ga.category) == ("Google Analytics", "statistics")
    facebook = database.lookup("_fbp")
    assert facebook is not None and facebook.category == "marketing"
    assert database.lookup("no-such-cookie-anywhere") is None


def test_cookie_database_that_is_not_one(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("name,value\na,b\n", encoding="utf-8")
    with pytest.raises(AuditInputError, match="the header lacks"):
        load_cookie_database(other)


def test_first_and_third_party() -> None:
    assert same_site("127.0.0.1", "127.0.0.1")
    assert not same_site("127.0.0.2", "127.0.0.1")
    assert same_site(".shop.example", "www.shop.example")
    assert not same_site("ads.example", "shop.example")
