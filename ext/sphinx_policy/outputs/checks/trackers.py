"""Cookies known to track: a built-in list, and the Open Cookie Database a site may point at."""

from __future__ import annotations

import csv
import io
from pathlib import Path

# Cookies well known to serve analytics or advertising: never strictly necessary.
# Names ending in '*' match any cookie that starts with the rest.
BUILTIN_TRACKERS: dict[str, str] = {
    "_ga": "statistics",
    "_ga_*": "statistics",
    "_gid": "statistics",
    "_gat*": "statistics",
    "__utma": "statistics",
    "__utmb": "statistics",
    "__utmz": "statistics",
    "_gcl_au": "marketing",
    "IDE": "marketing",
    "test_cookie": "marketing",
    "NID": "marketing",
    "_fbp": "marketing",
    "fr": "marketing",
    "_clck": "statistics",
    "_clsk": "statistics",
    "CLID": "statistics",
    "ANONCHK": "marketing",
    "MUID": "marketing",
    "SRM_B": "marketing",
    "_uetsid": "marketing",
    "_uetvid": "marketing",
    "bcookie": "marketing",
    "bscookie": "marketing",
    "lidc": "marketing",
    "UserMatchHistory": "marketing",
    "AnalyticsSyncHistory": "statistics",
    "ln_or": "statistics",
    "li_sugr": "marketing",
    "_hjid": "statistics",
    "_hjSessionUser_*": "statistics",
    "_hjSession_*": "statistics",
    "hubspotutk": "marketing",
    "__hstc": "marketing",
    "__hssc": "marketing",
    "_pin_unauth": "marketing",
    "_ttp": "marketing",
    "_tt_enable_cookie": "marketing",
}

_DATABASE_CATEGORIES = {"analytics": "statistics", "marketing": "marketing"}


class CookieDatabaseError(ValueError):
    """The cookie database file cannot be read: what is wrong, and the line of the file (0: the whole file)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


def load_cookie_database(path: Path) -> dict[str, str]:
    """Cookie names from the Open Cookie Database CSV: name (``prefix*`` for wildcards) -> category.

    Every row is kept, trackers ("statistics", "marketing") and the rest ("other"),
    so that a name the database lists as functional is not taken for a tracker
    because another platform's wildcard happens to start the same way.
    """
    cookies: dict[str, str] = {}
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise CookieDatabaseError(f"cannot read the file ({error.strerror}).") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise CookieDatabaseError(
            "the file is not UTF-8 text: point policy_cookie_database at the Open Cookie Database CSV "
            "(open-cookie-database.csv), or save the file as UTF-8.",
            line,
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        needed = {"Cookie / Data Key name", "Category", "Wildcard match"}
        missing = needed - set(reader.fieldnames or ())
        if missing:
            raise CookieDatabaseError(
                f"the header lacks {', '.join(sorted(missing))}: "
                "point policy_cookie_database at the Open Cookie Database CSV.",
                1,
            )
        for row in reader:
            name = (row["Cookie / Data Key name"] or "").strip()
            if not name:
                continue
            category = _DATABASE_CATEGORIES.get((row["Category"] or "").strip().lower(), "other")
            key = f"{name}*" if (row["Wildcard match"] or "").strip() == "1" else name
            # A name listed as a tracker by any platform stays a tracker.
            if cookies.get(key) in (None, "other"):
                cookies[key] = category
    except csv.Error as error:
        raise CookieDatabaseError(
            f"the file is not CSV as the Open Cookie Database writes it ({error}): restore it from the "
            "database's download.",
            reader.line_num + 1,  # the lines read before the record that failed
        ) from None
    return cookies


def tracker_category(name: str, trackers: dict[str, str]) -> str | None:
    """The tracking category of a cookie name: an exact entry first, else the longest wildcard."""
    if name in trackers:
        category = trackers[name]
    else:
        prefixes = [pattern for pattern in trackers if pattern.endswith("*") and name.startswith(pattern[:-1])]
        if not prefixes:
            return None
        category = trackers[max(prefixes, key=len)]
    return category if category in ("statistics", "marketing") else None
