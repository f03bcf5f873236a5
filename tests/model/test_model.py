"""The value parsers of the policy model, used without a Sphinx build."""

from __future__ import annotations

import pytest

from sphinx_policy import model
from sphinx_policy.model import PolicyInputError

# --- durations -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("P2Y", "P2Y"),
        ("PT24H", "PT24H"),
        ("P12M24D", "P12M24D"),
        ("PT30M", "PT30M"),
        ("P1Y6M2W3DT4H5M6S", "P1Y6M2W3DT4H5M6S"),
        ("p2y", "P2Y"),
        ("pt30m", "PT30M"),
        ("  P30D \n", "P30D"),
    ],
)
def test_duration_accepted_in_canonical_spelling(written: str, canonical: str) -> None:
    assert model.parse_duration(written) == canonical


@pytest.mark.parametrize("written", ["P", "PT", "P1DT", "2 years", "two years", "P1.5Y", "PT1H2D", "-P2Y", "", "1Y"])
def test_duration_rejected_with_hint(written: str) -> None:
    with pytest.raises(PolicyInputError, match="is not an ISO 8601 duration: write it as P2Y"):
        model.parse_duration(written)


def test_session_is_a_duration_only_where_allowed() -> None:
    assert model.parse_duration("session", allow_session=True) == "session"
    assert model.parse_duration(" Session ", allow_session=True) == "session"
    with pytest.raises(PolicyInputError) as error:
        model.parse_duration("session")
    assert "'session'" in str(error.value) and "browser closes" not in str(error.value)


def test_cookie_duration_error_mentions_session() -> None:
    with pytest.raises(PolicyInputError, match="or 'session' for a cookie deleted when the browser closes"):
        model.parse_duration("2 years", allow_session=True)


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [
        ("P2Y", 2 * 365 * 86400),
        ("P12M24D", 12 * 30 * 86400 + 24 * 86400),
        ("P2W", 14 * 86400),
        ("PT24H", 86400),
        ("PT30M", 1800),
        ("PT1M", 60),
        ("PT45S", 45),
        ("P1DT1H1M1S", 86400 + 3600 + 60 + 1),
        ("session", 0),
    ],
)
def test_duration_seconds(duration: str, seconds: int) -> None:
    assert model.duration_seconds(duration) == seconds


def test_duration_parts_largest_unit_first() -> None:
    assert model.duration_parts("P12M24D") == [("months", 12), ("days", 24)]
    assert model.duration_parts("PT2H30M") == [("hours", 2), ("minutes", 30)]
    # M means months before T and minutes after it.
    assert model.duration_parts("P1MT1M") == [("months", 1), ("minutes", 1)]


# --- dates -------------------------------------------------------------------


def test_date_accepted() -> None:
    assert model.parse_date("2023-02-08") == "2023-02-08"
    assert model.parse_date(" 2024-02-29 ") == "2024-02-29"


@pytest.mark.parametrize(
    "written", ["2023-02-30", "2023-02-29", "8 Feb 2023", "2023-2-8", "20230208", "08.02.2023", ""]
)
def test_date_rejected(written: str) -> None:
    with pytest.raises(PolicyInputError, match="is not a date: write it as YYYY-MM-DD"):
        model.parse_date(written)


# --- organisation numbers ------------------------------------------------------


def _mod11_valid(digits: str) -> bool:
    """Brønnøysund's modulus-11 rule, written out independently of the extension."""
    weights = [3, 2, 7, 6, 5, 4, 3, 2]
    total = sum(int(d) * w for d, w in zip(digits[:8], weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[8])


def _luhn_valid(digits: str) -> bool:
    """Luhn, written out independently of the extension: double every second digit from the right."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = sum(int(d) for d in str(value * 2))
        total += value
    return total % 10 == 0


def test_norwegian_org_number_valid_in_any_grouping() -> None:
    assert _mod11_valid("924815744")
    for written in ("924815744", "924 815 744", " 924-815-744 "):
        assert model.parse_org_number(written, "NO") == "924815744"


@pytest.mark.parametrize("written", ["924 815 745", "924 815 74", "9248157444", "NO924815744", "924 815 74X"])
def test_norwegian_org_number_invalid(written: str) -> None:
    with pytest.raises(PolicyInputError, match="not a valid Norwegian organisation number"):
        model.parse_org_number(written, "NO")


def test_norwegian_check_digit_agrees_with_independent_rule() -> None:
    # Every last digit for a spread of first eight digits, including bases whose
    # check digit would be 10 (no valid number exists for them).
    for base in range(92481570, 92481600):
        for last in range(10):
            number = f"{base}{last}"
            try:
                model.parse_org_number(number, "NO")
                accepted = True
            except PolicyInputError:
                accepted = False
            assert accepted == _mod11_valid(number), number


def test_swedish_org_number_luhn() -> None:
    assert _luhn_valid("5560360793")  # 556036-0793: 3+9+7+0+6+6+0+3+5+1 = 40
    assert model.parse_org_number("556036-0793", "SE") == "5560360793"
    with pytest.raises(PolicyInputError, match="not a valid Swedish organisation number"):
        model.parse_org_number("556036-0794", "SE")
    with pytest.raises(PolicyInputError, match="not a valid Swedish organisation number"):
        model.parse_org_number("55603607", "SE")


def test_swedish_check_digit_agrees_with_independent_rule() -> None:
    for base in range(556036070, 556036090):
        for last in range(10):
            number = f"{base}{last}"
            try:
                model.parse_org_number(number, "SE")
                accepted = True
            except PolicyInputError:
                accepted = False
            assert accepted == _luhn_valid(number), number


def test_other_countries_keep_the_number_as_written() -> None:
    assert model.parse_org_number("HRB 12345", "DE") == "HRB12345"
    assert model.parse_org_number("12-345", None) == "12345"
    with pytest.raises(PolicyInputError, match="not an organisation number"):
        model.parse_org_number("12/345", "DE")


# --- codes ---------------------------------------------------------------------


def test_parse_codes_keeps_author_order_and_lowercases() -> None:
    assert model.parse_codes("contract, Consent", model.LEGAL_BASES, "legal basis") == ["contract", "consent"]
    assert model.parse_codes("consent,contract", model.LEGAL_BASES, "legal basis") == ["consent", "contract"]


def test_parse_codes_rejects_duplicates() -> None:
    with pytest.raises(PolicyInputError, match="legal basis 'consent' is listed twice"):
        model.parse_codes("consent, contract, CONSENT", model.LEGAL_BASES, "legal basis")


def test_parse_codes_rejects_unknown_with_allowed_list() -> None:
    with pytest.raises(PolicyInputError) as error:
        model.parse_codes("consent, gossip", model.LEGAL_BASES, "legal basis")
    message = str(error.value)
    assert "unknown legal basis 'gossip'" in message
    assert "consent, contract, legal-obligation, vital-interests, public-task, legitimate-interests" in message


def test_parse_codes_rejects_empty_list() -> None:
    with pytest.raises(PolicyInputError, match="no right given"):
        model.parse_codes(" , ", model.RIGHTS, "right")


def test_legal_basis_iris_are_gdpr_article_6() -> None:
    letters = "abcdef"
    for letter, code in zip(letters, model.LEGAL_BASES, strict=True):
        assert model.LEGAL_BASES[code].iri == f"https://w3id.org/dpv/legal/eu/gdpr#A6-1-{letter}"


# --- cookies and domains -----------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "party"),
    [
        (".example.no", "first"),
        ("example.no", "first"),
        ("app.example.no", "first"),
        ("www.app.example.no", "first"),
        (".linkedin.com", "third"),
        ("notexample.no", "third"),
        ("example.no.evil.com", "third"),
    ],
)
def test_cookie_party(domain: str, party: str) -> None:
    assert model.cookie_party(domain, ["example.no", "app.example.no"]) == party


def test_cookie_party_without_site_domains_is_third() -> None:
    assert model.cookie_party(".example.no", []) == "third"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [(".weme.eco/", ".weme.eco"), ("WWW.Clarity.MS", "www.clarity.ms"), ("https://app.example.no/", "app.example.no")],
)
def test_normalise_domain(written: str, normalised: str) -> None:
    assert model.normalise_domain(written) == normalised


@pytest.mark.parametrize("written", ["localhost", "exa mple.no", "*.example.no", ""])
def test_normalise_domain_rejects(written: str) -> None:
    with pytest.raises(PolicyInputError, match="is not a cookie domain"):
        model.normalise_domain(written)


# --- other values ------------------------------------------------------------------


def test_identifier() -> None:
    assert model.parse_identifier(" go-weme-eco ", "the id") == "go-weme-eco"
    for bad in ("Newsletter", "-newsletter", "news letter", "news_letter", ""):
        with pytest.raises(PolicyInputError, match="is not a valid identifier"):
            model.parse_identifier(bad, "the id")


def test_country_language_email_url() -> None:
    assert model.parse_country(" no ") == "NO"
    with pytest.raises(PolicyInputError, match="not a country code"):
        model.parse_country("NOR")
    assert model.parse_language("nb") == "nb"
    assert model.parse_language("en-GB") == "en-GB"
    with pytest.raises(PolicyInputError, match="not a language tag"):
        model.parse_language("English")
    assert model.parse_email("hello@weme.eco") == "hello@weme.eco"
    with pytest.raises(PolicyInputError, match="not an email address"):
        model.parse_email("hello at weme.eco")
    assert model.parse_url("https://www.datatilsynet.no") == "https://www.datatilsynet.no"
    with pytest.raises(PolicyInputError, match="not a web address"):
        model.parse_url("www.datatilsynet.no")
    # A site built for a local server (the bench, nox -s serve): this machine by name or loopback address.
    for local in ("http://localhost:8000/", "http://127.0.0.1:8000/", "http://[::1]:8000/"):
        assert model.parse_url(local) == local
    for other in ("http://10.0.0.1/", "http://1.2.3.4/", "http://[2001:db8::1]/"):
        with pytest.raises(PolicyInputError, match="not a web address"):
            model.parse_url(other)


@pytest.mark.parametrize(
    ("written", "storage"),
    [
        ("cookie", "cookie"),
        ("localstorage", "localStorage"),
        (" SessionStorage ", "sessionStorage"),
        ("indexeddb", "indexedDB"),
    ],
)
def test_storage_is_spelled_as_the_web_api(written: str, storage: str) -> None:
    assert model.parse_storage(written) == storage


@pytest.mark.parametrize("written", ["flash", "web", "local storage", ""])
def test_storage_rejected_with_the_list(written: str) -> None:
    with pytest.raises(PolicyInputError, match="use one of cookie, localStorage, sessionStorage, indexedDB"):
        model.parse_storage(written)


@pytest.mark.parametrize("written", ["/", "/shop", " /shop/cart "])
def test_cookie_path_accepted(written: str) -> None:
    assert model.parse_cookie_path(written) == written.strip()


@pytest.mark.parametrize("written", ["shop", "", "/a b", "/shop; domain=evil", "/a,b"])
def test_cookie_path_rejected_with_hint(written: str) -> None:
    # consent.js writes the path into document.cookie: a ';' would add attributes of its own.
    with pytest.raises(PolicyInputError, match="is not a cookie path: write it as it is set, starting with /"):
        model.parse_cookie_path(written)
