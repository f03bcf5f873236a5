"""Property-based tests (hypothesis): for any text, a value parser gives a value that parses to
itself, or a PolicyInputError with a message; a directive option gives a located error or a value
that lands in a feed which validates against the published schema; never a traceback."""

from __future__ import annotations

import json
import os
import re
import string
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_policy import model
from sphinx_policy.publishing import documents, schemas
from sphinx_policy.source.text import text_problem
from tests.conftest import run_sphinx

# More examples for a longer search: POLICY_FUZZ_EXAMPLES=500 pytest tests/source/test_properties.py
BUILDS = int(os.environ.get("POLICY_FUZZ_EXAMPLES", "25"))

# Characters that end a line (str.splitlines): an option's value is one line.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
one_line = st.text(st.characters(blacklist_characters=LINE_BREAKS, blacklist_categories=("Cs",)), max_size=60)
ascii_word = st.text(string.ascii_letters + string.digits + "._-@:/+ ", max_size=40)
any_text = st.one_of(one_line, ascii_word)

PARSERS: dict[str, Callable[[str], str]] = {
    "identifier": lambda text: model.parse_identifier(text, "the id"),
    "duration": model.parse_duration,
    "lifetime": lambda text: model.parse_duration(text, allow_session=True),
    "date": model.parse_date,
    "country": model.parse_country,
    "language": model.parse_language,
    "email": model.parse_email,
    "url": model.parse_url,
    "cookie-name": model.parse_cookie_name,
    "domain": model.normalise_domain,
    "version": model.parse_version,
    "org-number": lambda text: model.parse_org_number(text, None),
    "org-number-no": lambda text: model.parse_org_number(text, "NO"),
    "org-number-se": lambda text: model.parse_org_number(text, "SE"),
}


def parsed(parse: Callable[[str], str], text: str) -> str | None:
    """The parsed value, or None after checking the refusal reads as a message."""
    try:
        value = parse(text)
    except model.PolicyInputError as error:
        message = str(error)
        assert message and len(message) < 600 and "Traceback" not in message
        return None
    assert isinstance(value, str)
    return value


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None)
@given(text=any_text)
def test_a_parser_gives_a_value_that_parses_to_itself_or_a_message(name: str, text: str) -> None:
    parse = PARSERS[name]
    value = parsed(parse, text)
    if value is not None:
        assert parse(value) == value
        assert json.loads(json.dumps(value)) == value
        assert value == value.strip() and value.isprintable()


@settings(max_examples=200, deadline=None)
@given(amounts=st.lists(st.integers(min_value=0, max_value=10**12), min_size=1, max_size=4), session=st.booleans())
def test_a_duration_of_any_size_parses_or_is_refused_with_a_message(amounts: list[int], session: bool) -> None:
    text = "P" + "".join(f"{amount}{unit}" for amount, unit in zip(amounts, "YMWD", strict=False))
    value = parsed(lambda text: model.parse_duration(text, allow_session=session), text)
    if value is not None:
        assert model.duration_seconds(value) >= 0
        assert [amount for _, amount in model.duration_parts(value)] == amounts


@settings(max_examples=200, deadline=None)
@given(address=st.emails())
def test_every_ordinary_email_address_is_accepted(address: str) -> None:
    local = address.rpartition("@")[0]
    if "." in (local[0], local[-1]) or ".." in local:
        return  # not a dot-atom: refused on purpose
    assert model.parse_email(address) == address


@settings(max_examples=200, deadline=None)
@given(code=st.text(string.ascii_letters, min_size=2, max_size=2))
def test_country_codes_are_exactly_those_of_iso_3166(code: str) -> None:
    import pycountry

    known = pycountry.countries.get(alpha_2=code.upper()) is not None
    assert (parsed(model.parse_country, code) is not None) == known


# --- directive options, through a whole Sphinx build ------------------------------------------

CONF_PY = (
    'extensions = ["myst_parser", "sphinx_policy"]\n'
    'myst_enable_extensions = ["colon_fence"]\n'
    "from sphinx_policy.outputs.checks import CHECKS\n"
    'suppress_warnings = [f"policy.{code}" for code in CHECKS]\n'
)


def page(policy: str = "", controller: str = "", authority: str = "", cookie: str = "", activity: str = "") -> str:
    cookie = cookie or ":lifetime: P1D\n"
    return (
        "# Policy\n\n"
        f":::{{policy}} fuzzed\n:version: 1\n{policy}:::\n\n"
        f":::{{policy-controller}}\n:name: Test AS\n{controller}:::\n\n"
        f":::{{policy-authority}}\n:name: Datatilsynet\n{authority}:::\n\n"
        "## News\n\n"
        f"::::{{policy-activity}} news\n:legal-basis: consent\n{activity}\nWe send news.\n::::\n\n"
        "## Cookies\n\n"
        "::::{policy-cookies}\n\n"
        f":::{{policy-cookie}} sid\n:provider: Test AS\n:domain: example.no\n:category: necessary\n"
        f"{cookie}\nKeeps you logged in.\n:::\n::::\n"
    )


# option -> (how the page carries the value, where the feed holds it, the parser that decides)
OPTIONS: dict[str, tuple[Callable[[str], str], Callable[[dict[str, Any]], Any], Callable[[str], str]]] = {
    "effective": (lambda v: page(policy=f":effective: {v}\n"), lambda f: f["effective"], model.parse_date),
    "language": (lambda v: page(policy=f":language: {v}\n"), lambda f: f["source_language"], model.parse_language),
    "email": (lambda v: page(controller=f":email: {v}\n"), lambda f: f["controller"]["email"], model.parse_email),
    "country": (lambda v: page(authority=f":country: {v}\n"), lambda f: f["authority"]["country"], model.parse_country),
    "url": (lambda v: page(authority=f":url: {v}\n"), lambda f: f["authority"]["url"], model.parse_url),
    "lifetime": (
        lambda v: page(cookie=f":lifetime: {v}\n"),
        lambda f: f["cookies"][0]["lifetime"],
        lambda v: model.parse_duration(v, allow_session=True),
    ),
    "retention": (
        lambda v: page(activity=f":retention: {v}\n"),
        lambda f: f["activities"][0]["retention"]["duration"],
        model.parse_duration,
    ),
}
PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@/+:-]*\Z")
ZERO = re.compile(r"P[0YMWDTHS]*\Z", re.IGNORECASE)

# Values of each option that are right, or nearly: so that the builds reach the feed often.
GOOD: dict[str, st.SearchStrategy[str]] = {
    "effective": st.dates().map(lambda day: day.isoformat()),
    "language": st.sampled_from(["en", "nb", "sv", "nn", "de", "en-GB", "pt-BR", "zh-Hant", "xx", "en-XX"]),
    "email": st.emails(),
    "country": st.text(string.ascii_letters, min_size=2, max_size=2),
    "url": st.from_regex(r"https?://[a-z0-9-]{1,12}(\.[a-z]{2,6}){1,2}(/[a-z0-9._~-]{0,10}){0,3}", fullmatch=True),
    "lifetime": st.one_of(
        st.just("session"),
        st.from_regex(r"[Pp]([0-9]{1,4}[YMWD]){1,3}(T[0-9]{1,3}[HMS])?", fullmatch=True),
    ),
    "retention": st.from_regex(r"P([0-9]{1,4}[YMWD]){1,3}(T[0-9]{1,3}[HMS])?", fullmatch=True),
}
SEVERE = ("Traceback", "Exception occurred", "Extension error", "please open an issue")


def build_and_check(text: str, carry: Callable[[str], str], held: Callable[[dict[str, Any]], Any], parse: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "src").mkdir()
        (root / "src" / "conf.py").write_text(CONF_PY, encoding="utf-8")
        (root / "src" / "index.md").write_text(carry(text), encoding="utf-8")
        result = run_sphinx(root / "src", root / "out", root / "doctrees", "dummy")
        for severe in SEVERE:
            assert severe not in result.warnings, result.warnings
        if PLAIN.match(text) and not ZERO.match(text):
            try:
                parse(text)
            except model.PolicyInputError:
                pass
            else:  # a value the parser takes builds
                assert result.status == 0, result.warnings
        if result.status != 0:
            assert result.status == 1
            errors = [line for line in result.warnings.splitlines() if ": ERROR: " in line]
            located = [line for line in errors if re.match(r".*index\.md:\d+: ERROR: .*\[policy\.[a-z-]+\]\Z", line)]
            # Every error is located in the page, with its code (the closing summary is not an error line).
            assert located and located == errors, result.warnings
            return
        policy = result.app.env.domains["policy"].policies["index"]
        feed = documents.policy_feed(policy, "index.html", "feeds/policies/fuzzed.json", [])
        schemas.validate(feed, "policy.schema.json", "feeds/policies/fuzzed.json")
        value = held(feed)
        assert value == parse(value)  # the feed holds the canonical value
        if PLAIN.match(text):
            assert value == parse(text)


@pytest.mark.parametrize("option", sorted(OPTIONS))
@settings(max_examples=BUILDS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_option_value_gives_a_located_error_or_a_valid_feed(option: str, data: st.DataObject) -> None:
    text = data.draw(st.one_of(one_line, ascii_word, GOOD[option]).filter(lambda text: text.strip()))
    build_and_check(text, *OPTIONS[option])


@pytest.mark.parametrize(
    ("option", "text"),
    [
        ("lifetime", "P" + "9" * 5000 + "D"),
        ("lifetime", "P\u0662Y"),
        ("retention", "P0D"),
        ("effective", "\uff12\uff10\uff12\uff14-05-01"),
        ("email", "javascript:alert(1)//@example.no"),
        ("email", "a@.example..no"),
        ("url", "https://"),
        ("url", "javascript:alert(1)"),
        ("country", "XX"),
        ("language", "xx"),
        ("lifetime", "P2Y"),
        ("email", "privacy@example.no"),
    ],
)
def test_known_hostile_option_values(option: str, text: str) -> None:
    build_and_check(text, *OPTIONS[option])


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_are_a_readable_page_or_a_problem_at_one_of_its_lines(data: bytes) -> None:
    """What a page's file holds, checked before Sphinx reads it: text, or a located message."""
    found = text_problem(data, "utf-8-sig")
    if found is None:
        text = data.decode("utf-8-sig")
        assert model.control_character(text) is None
        return
    line, message, code = found
    assert 1 <= line <= data.count(b"\n") + 1
    assert code in ("source-encoding", "source-text")
    assert message.endswith(".") and len(message) < 400


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40))
def test_a_visible_text_has_a_character_a_reader_sees(text: str) -> None:
    if model.visible(text):
        assert text.strip() and any(character.isprintable() and not character.isspace() for character in text)
    assert model.visible(text + "a") and not model.visible("\u200b\u200f \u00a0" * len(text))
