"""Parsing of the values authors write: identifiers, durations, dates, countries, org numbers, URLs."""

from __future__ import annotations

import datetime
import ipaddress
import re
import unicodedata
import urllib.parse
from typing import Literal

import babel
import pycountry

from .vocabularies import STORAGE_TYPES, Term


class PolicyInputError(ValueError):
    """A value in a policy source that cannot be accepted.

    The message says what is wrong and how to fix it; the caller adds the
    file and line.
    """


# --- value parsing --------------------------------------------------------

_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
# ASCII digits only (re.ASCII): '\d' would accept Arabic-Indic or fullwidth digits.
# At most nine digits per unit, so no amount reaches Python's integer-string limit.
_DURATION = re.compile(
    r"P(?!\Z)(?:(?P<years>\d{1,9})Y)?(?:(?P<months>\d{1,9})M)?(?:(?P<weeks>\d{1,9})W)?(?:(?P<days>\d{1,9})D)?"
    r"(?:T(?!\Z)(?P<hours>\d{1,9}H)?(?P<minutes>\d{1,9}M)?(?P<seconds>\d{1,9}S)?)?\Z",
    re.ASCII,
)
DURATION_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
SESSION = "session"

# Average lengths in seconds, used where a consumer needs one number (a cookie's
# max age); a year is 365 days and a month 30 days, as cookie disclosures count.
_UNIT_SECONDS = {
    "years": 365 * 86400,
    "months": 30 * 86400,
    "weeks": 7 * 86400,
    "days": 86400,
    "hours": 3600,
    "minutes": 60,
    "seconds": 1,
}
# The address forms a policy needs (RFC 5321's dot-atom local part, a host name of
# LDH labels): no quotes, comments, brackets or colons that a mail client or a
# browser could read as something else, such as 'javascript:alert(1)//@example.no'.
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z", re.ASCII)
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z", re.ASCII)
_COUNTRY = re.compile(r"[A-Z]{2}\Z", re.ASCII)
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z", re.ASCII)
# RFC 6265 section 4.1.1: a cookie name is an HTTP token, visible ASCII without
# separators (no ';', '=', quotes, spaces, brackets), so no look-alike letters either.
_COOKIE_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}\Z", re.ASCII)


# Control characters no text needs and no reader sees: C0 and C1 except tab, line feed and
# carriage return.  XML cannot hold most of them, and in HTML they are parse errors.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str) -> tuple[int, str] | None:
    """The line and the code (``U+0001``) of the first control character in ``text``; None when there is none."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()) + 1, f"U+{ord(found.group()):04X}"


def visible(text: str) -> bool:
    """Whether ``text`` holds a character a reader sees: not only spaces, zero-width or direction marks."""
    return any(unicodedata.category(character)[0] not in "ZC" for character in text)


def parse_identifier(value: str, what: str) -> str:
    value = value.strip()
    if not _IDENTIFIER.match(value):
        raise PolicyInputError(
            f"{what} {value!r} is not a valid identifier: use lowercase letters, "
            "digits and hyphens, starting with a letter or digit (for example 'newsletter')."
        )
    return value


def parse_duration(value: str, *, allow_session: bool = False) -> str:
    """Return the ISO 8601 duration (or ``session``) in its canonical spelling."""
    text = value.strip()
    if allow_session and text.lower() == SESSION:
        return SESSION
    match = _DURATION.match(text.upper()) if len(text) <= 64 else None
    if not match or not any(match.groupdict().values()):
        hint = " or 'session' for a cookie deleted when the browser closes" if allow_session else ""
        raise PolicyInputError(
            f"{_shown(value)} is not an ISO 8601 duration: write it as P2Y (2 years), P13M, P30D, PT24H or PT30M{hint}."
        )
    return text.upper()


def duration_parts(duration: str) -> list[tuple[str, int]]:
    """Split a canonical duration into (unit, amount) pairs, largest unit first."""
    match = _DURATION.match(duration)
    if not match:
        raise PolicyInputError(f"{_shown(duration)} is not an ISO 8601 duration.")
    parts = []
    for unit in DURATION_UNITS:
        amount = match.group(unit)
        if amount:
            parts.append((unit, int(amount.rstrip("HMS"))))
    return parts


def duration_seconds(duration: str) -> int:
    """Approximate length in seconds; 0 for a session cookie."""
    if duration == SESSION:
        return 0
    return sum(_UNIT_SECONDS[unit] * amount for unit, amount in duration_parts(duration))


def parse_date(value: str) -> str:
    text = value.strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise PolicyInputError(
            f"{_shown(value)} is not a date: write it as YYYY-MM-DD, for example 2023-02-08."
        ) from None


def parse_country(value: str) -> str:
    text = value.strip().upper()
    if not _COUNTRY.match(text) or pycountry.countries.get(alpha_2=text) is None:
        raise PolicyInputError(
            f"{_shown(value)} is not a country code: use the two-letter ISO 3166-1 code, for example NO, SE or US."
        )
    return text


def parse_language(value: str) -> str:
    text = _canonical_tag(value.strip())
    known = False
    if _LANGUAGE.match(text):
        try:
            babel.Locale.parse(text, sep="-")
            known = True
        except (ValueError, babel.UnknownLocaleError):
            known = False
    if not known:
        raise PolicyInputError(
            f"{_shown(value)} is not a language tag that Babel knows: use a BCP 47 tag such as en, nb, sv or en-GB."
        )
    return text


def _canonical_tag(tag: str) -> str:
    """BCP 47's preferred case: language lower, script title (Hant), region upper (GB)."""
    parts = tag.split("-")
    canonical = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            canonical.append(part.title())
        elif len(part) == 2 and part.isalpha():
            canonical.append(part.upper())
        else:
            canonical.append(part.lower())
    return "-".join(canonical)


def parse_email(value: str) -> str:
    text = value.strip()
    local, at, host = text.rpartition("@")
    if not (at and len(text) <= 254 and len(local) <= 64 and _EMAIL_LOCAL.match(local) and _is_host(host)):
        raise PolicyInputError(
            f"{_shown(value)} is not an email address: write it as name@example.org "
            "(letters, digits and . _ + - before the @, a domain name after it)."
        )
    return text


def _is_host(host: str) -> bool:
    """A DNS name of two or more letter-digit-hyphen labels (internationalised names in their xn-- form)."""
    labels = host.lower().split(".")
    if len(host) > 253 or len(labels) < 2 or labels[-1].isdigit():
        return False
    return all(_HOST_LABEL.match(label) for label in labels)


def _is_local(host: str) -> bool:
    """This machine, by name or loopback address: a site served for preview or measurement (nox -s serve, the bench)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_cookie_name(value: str) -> str:
    """A cookie name as RFC 6265 allows it: a token of visible ASCII without separators."""
    text = value.strip()
    if not _COOKIE_NAME.match(text):
        raise PolicyInputError(
            f"{_shown(value)} is not a cookie name: RFC 6265 allows letters, digits and ! # $ % & ' * + - . ^ _ ` | ~ "
            "only (no spaces, quotes, ';', '=' or characters outside ASCII); copy the name from the browser."
        )
    return text


def parse_org_number(value: str, country: str | None) -> str:
    """Check an organisation number and return it as digits only.

    Norwegian numbers (9 digits) carry a modulus-11 check digit and Swedish
    ones (10 digits) a Luhn check digit; others are kept as written.
    """
    text = value.strip()
    digits = re.sub(r"[\s-]", "", text)
    if country == "NO":
        if not re.fullmatch(r"\d{9}", digits) or _mod11_check_digit(digits[:8]) != digits[8]:
            raise PolicyInputError(
                f"{_shown(value)} is not a valid Norwegian organisation number: it has 9 digits "
                "whose last is a modulus-11 check digit (for example 924 815 744); "
                "copy it from the Brønnøysund Register Centre."
            )
        return digits
    if country == "SE":
        if not re.fullmatch(r"\d{10}", digits) or not _luhn_valid(digits):
            raise PolicyInputError(
                f"{_shown(value)} is not a valid Swedish organisation number: it has 10 digits "
                "(NNNNNN-NNNN) whose last is a Luhn check digit; copy it from Bolagsverket."
            )
        return digits
    if not re.fullmatch(r"[A-Za-z0-9]{2,20}", digits):
        raise PolicyInputError(
            f"{_shown(value)} is not an organisation number: use letters and digits, "
            "optionally grouped by spaces or hyphens."
        )
    return digits


def _mod11_check_digit(first_eight: str) -> str:
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(int(digit) * weight for digit, weight in zip(first_eight, weights, strict=True)) % 11
    check = (11 - remainder) % 11
    return "-" if check == 10 else str(check)


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        number = int(digit)
        if position % 2:
            number *= 2
            if number > 9:
                number -= 9
        total += number
    return total % 10 == 0


def parse_code(value: str, vocabulary: dict[str, Term], what: str) -> str:
    code = value.strip().lower()
    if code not in vocabulary:
        allowed = ", ".join(vocabulary)
        raise PolicyInputError(f"unknown {what} {value.strip()!r}: use one of {allowed}.")
    return code


def parse_codes(value: str, vocabulary: dict[str, Term], what: str) -> list[str]:
    """Parse a comma-separated list of codes, keeping the author's order."""
    codes: list[str] = []
    for part in value.split(","):
        if not part.strip():
            continue
        code = parse_code(part, vocabulary, what)
        if code in codes:
            raise PolicyInputError(f"{what} {code!r} is listed twice: list it once.")
        codes.append(code)
    if not codes:
        raise PolicyInputError(f"no {what} given: use one or more of {', '.join(vocabulary)}.")
    return codes


def parse_list(value: str) -> list[str]:
    """Parse a comma-separated list of plain values (domains, identifiers)."""
    return [part.strip() for part in value.split(",") if part.strip()]


def normalise_domain(value: str) -> str:
    """Cookie domains as written in policies: '.weme.eco/' becomes '.weme.eco'."""
    text = value.strip().rstrip("/").lower()
    text = re.sub(r"^https?://", "", text)
    labels = text.lstrip(".").split(".")
    if not re.fullmatch(r"\.?[a-z0-9-]+(\.[a-z0-9-]+)+", text) or len(text) > 253 or max(map(len, labels)) > 63:
        raise PolicyInputError(
            f"{_shown(value)} is not a cookie domain: write a host name such as .example.com or www.example.com "
            "(at most 63 letters, digits and hyphens between dots)."
        )
    return text


def cookie_party(domain: str, site_domains: list[str]) -> Literal["first", "third"]:
    """A cookie is first-party when its domain is one of the policy's sites or under one."""
    host = domain.lstrip(".")
    for site in site_domains:
        site_host = site.lstrip(".")
        if host == site_host or host.endswith("." + site_host) or site_host.endswith("." + host):
            return "first"
    return "third"


def parse_version(value: str) -> str:
    """A version label, also used as a file name in the stable URL of that version's feed."""
    text = value.strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", text):
        raise PolicyInputError(
            f"{_shown(value)} is not a version label: use letters, digits, dots, hyphens and underscores "
            "(for example 2.1 or 2023-02-08); it becomes part of the version's feed URL."
        )
    return text


def parse_url(value: str) -> str:
    text = value.strip()
    valid = bool(re.fullmatch(r"https?://[!#-;=?-\[\]_a-z~]+", text, re.ASCII)) and "\\" not in text
    if valid:
        try:
            parts = urllib.parse.urlsplit(text)
            host = parts.hostname or ""
            valid = parts.username is None and parts.password is None and (_is_host(host) or _is_local(host))
            parts.port  # noqa: B018 - raises ValueError on a port that is not a number
        except ValueError:
            valid = False
    if not valid:
        raise PolicyInputError(
            f"{_shown(value)} is not a web address: write it as https://example.org/ (http or https, then a host name)."
        )
    return text


def parse_storage(value: str) -> str:
    """A declaration's storage type; the spelling of the web APIs, in any case."""
    by_lower = {name.lower(): name for name in STORAGE_TYPES}
    text = value.strip().lower()
    if text not in by_lower:
        raise PolicyInputError(f"unknown storage {value.strip()!r}: use one of {', '.join(STORAGE_TYPES)}.")
    return by_lower[text]


def parse_cookie_path(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"/[^\s;,]*", text):
        raise PolicyInputError(f"{value!r} is not a cookie path: write it as it is set, starting with /.")
    return text


def parse_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    text = value.strip().lower()
    if text not in choices:
        raise PolicyInputError(f"unknown {what} {value.strip()!r}: use one of {', '.join(choices)}.")
    return text


def _shown(value: str) -> str:
    """The value as a message quotes it: in repr form, so control characters show, and at most 80 characters."""
    return repr(value) if len(value) <= 80 else repr(value[:77]) + "..."
