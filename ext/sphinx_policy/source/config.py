"""The extension's configuration, declared once and checked when Sphinx reads conf.py."""

from __future__ import annotations

import ast
import difflib
import reprlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sphinx.config import Config

from sphinx_policy import model

MAX_CONSENT_DAYS = 183
MAX_NOTICE_DAYS = 366


@dataclass(frozen=True)
class PolicyConfig:
    """Settings in conf.py; each name is prefixed with ``policy_`` there."""

    #: Id of the policy that covers the site itself: every page links to it with
    #: ``<link rel="privacy-policy">``.  Policy pages always link to themselves.
    site_policy: str | None = None

    #: The languages the site is published in, the source language first
    #: (for example ``["en", "nb", "sv"]``).  Each language is built into its own
    #: folder beside the others; pages link to each other across them.  Empty
    #: for a site in one language.
    languages: tuple[str, ...] = ()

    #: Path (relative to conf.py's folder) of an Open Cookie Database CSV: its
    #: analytics and marketing cookies are checked, with the built-in list, so
    #: that none is declared strictly necessary.
    cookie_database: str | None = None

    #: How long the consent banner keeps a visitor's choice, in days: at most
    #: six months (183 days), after which it asks again.
    consent_max_age_days: int = 180

    #: Folder (relative to conf.py's folder) that keeps every published version's
    #: feed, ``<lang>/<policy-id>/<version>.json``; commit it with the sources.
    #: A build adds the current version when it is new and refuses to change one
    #: already there.  None: only the current version is published.
    archive: str | None = None

    #: How many days ahead a major version must be published before it takes effect
    #: (its policy-version :date:); a shorter notice stops the build unless the version
    #: gives a :notice-reason:.
    notice_days: int = 30

    #: The address of the site's root folder (the one holding the language
    #: folders), for absolute URLs in the sitemap and Open Graph tags.
    site_url: str | None = None

    #: Where each language's pages are under the site's root, with ``{language}`` for its
    #: code: ``{language}`` (``en/``, ``nb/``) as ``python -m sphinx_policy.site`` builds
    #: it; ``{language}/latest`` for Read the Docs, which serves a translation at
    #: ``/<language>/<version>/``.  Links between languages and absolute URLs follow it.
    language_folder: str = "{language}"

    #: Google Consent Mode v2 for a policy that declares Google cookies: "basic" (Google's
    #: tags load only after consent) or "advanced" (they load before it and send cookieless
    #: pings, which the transparency report notes).  None: "basic" when Google cookies are declared.
    consent_mode: str | None = None

    #: Whether the site honours Global Privacy Control: writes /.well-known/gpc.json.
    gpc: bool = False

    #: Keep pages free of inline script and style, so the site works under
    #: ``Content-Security-Policy: default-src 'self'`` (adjusts the furo theme).
    strict_csp: bool = True

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    @classmethod
    def from_sphinx(cls, config: Config) -> PolicyConfig:
        values: dict[str, Any] = {name: getattr(config, f"policy_{name}") for name in cls.names()}
        if isinstance(values["languages"], list):
            values["languages"] = tuple(values["languages"])
        return cls(**values)

    def validate(self, language: str | None) -> list[tuple[str, str]]:
        """Every problem with the settings, as (config name, message naming the value and the fix)."""
        problems: list[tuple[str, str]] = []

        def problem(name: str, text: str) -> None:
            problems.append((name, text))

        languages = self.languages
        if not isinstance(languages, tuple) or not all(isinstance(code, str) for code in languages):
            problem(
                "policy_languages",
                f"policy_languages is {_shown(languages)}: give a list of language codes, "
                'source language first, such as ["en", "nb", "sv"].',
            )
            languages = ()
        for code in languages:
            try:
                model.parse_language(code)
            except model.PolicyInputError as error:
                problem("policy_languages", f"policy_languages: {error}")
        if len(set(languages)) != len(languages):
            twice = sorted({code for code in languages if languages.count(code) > 1})
            problem("policy_languages", f"policy_languages lists {', '.join(twice)} twice: list each language once.")
        if language is not None and (not isinstance(language, str) or not _known_locale(language)):
            problem(
                "language",
                f"language is {_shown(language)}, which is not a language Babel knows: use a BCP 47 code "
                'such as "en", "nb" or "sv".',
            )
        elif languages and (language or "en") not in languages:
            problem(
                "language",
                f"the build language {_shown(language)} is not in policy_languages "
                f"{list(languages)}: add it there or build one of those.",
            )
        for name in ("cookie_database", "archive", "site_url", "site_policy"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                problem(f"policy_{name}", f"policy_{name} is {_shown(value)}: give a non-empty string, or None.")
        days = self.consent_max_age_days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_CONSENT_DAYS:
            problem(
                "policy_consent_max_age_days",
                f"policy_consent_max_age_days is {_shown(days)}: give a whole number "
                f"of days from 1 to {MAX_CONSENT_DAYS} (six months), since a consent may be kept that long at most.",
            )
        notice = self.notice_days
        if isinstance(notice, bool) or not isinstance(notice, int) or not 0 <= notice <= MAX_NOTICE_DAYS:
            problem(
                "policy_notice_days",
                f"policy_notice_days is {notice!r}: give a whole number of days from 0 to {MAX_NOTICE_DAYS}, "
                "how long before a major version takes effect it must be published.",
            )
        if isinstance(self.site_url, str) and self.site_url.strip():
            try:
                model.parse_url(self.site_url)
            except model.PolicyInputError as error:
                problem("policy_site_url", f"policy_site_url: {error}")
        folder = self.language_folder
        if (
            not isinstance(folder, str)
            or folder.count("{language}") != 1
            or folder.startswith("/")
            or folder.endswith("/")
            or ".." in folder.split("/")
            or "" in folder.split("/")
            or any(ord(character) < 32 or character in "\\?#%" for character in folder)
        ):
            problem(
                "policy_language_folder",
                f"policy_language_folder is {_shown(folder)}: give a relative folder with {{language}} once, "
                'without a leading or trailing slash, for example "{language}" or "{language}/latest".',
            )
        if self.consent_mode not in (None, "basic", "advanced"):
            problem(
                "policy_consent_mode",
                f'policy_consent_mode is {_shown(self.consent_mode)}: give "basic" (the default: Google\'s '
                'tags wait for consent) or "advanced" (they load before consent and send cookieless pings).',
            )
        for name in ("gpc", "strict_csp"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                problem(f"policy_{name}", f"policy_{name} is {_shown(value)}: write True or False (without quotes).")
        if isinstance(self.site_policy, str) and self.site_policy.strip():
            try:
                model.parse_identifier(self.site_policy, "policy_site_policy")
            except model.PolicyInputError as error:
                problem("policy_site_policy", str(error))
        return problems


def _shown(value: object) -> str:
    """A setting as a message quotes it: short, and never failing (Python gives no repr of a
    number of thousands of digits)."""
    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = 80
    try:
        return shortener.repr(value)
    except ValueError:
        return "a number too large to show" if isinstance(value, int) else "a value too large to show"


def path_problems(config: PolicyConfig, confdir: Path) -> list[tuple[str, str]]:
    """Settings that name a file or folder of the wrong kind, as (config name, message)."""
    problems = []
    archive, database = config.archive, config.cookie_database
    folder = confdir / archive if isinstance(archive, str) and archive.strip() else None
    if folder is not None and folder.exists() and not folder.is_dir():
        problems.append(
            (
                "policy_archive",
                f"policy_archive is {_shown(archive)}, which is a file: give the folder that keeps the published "
                "versions (the build makes it when it is missing), relative to conf.py's folder.",
            )
        )
    if isinstance(database, str) and database.strip():
        path = confdir / database
        if not path.exists():
            problems.append(
                (
                    "policy_cookie_database",
                    f"policy_cookie_database is {_shown(database)}, but there is no such file ({path}): fix the "
                    "path (relative to conf.py's folder) to the Open Cookie Database CSV, or set it to None.",
                )
            )
        elif not path.is_file():
            kind = "a folder" if path.is_dir() else "not a regular file"
            problems.append(
                (
                    "policy_cookie_database",
                    f"policy_cookie_database is {_shown(database)}, which is {kind}: give the Open Cookie "
                    "Database CSV file itself (open-cookie-database.csv).",
                )
            )
    return problems


def _known_locale(code: str) -> bool:
    try:
        model.parse_language(code.replace("_", "-"))
    except model.PolicyInputError:
        return False
    return True


def misspelt_options(config_names: list[str], registered: set[str]) -> list[tuple[str, str]]:
    """``policy_*`` names set in conf.py that no part declares, each with a message naming the nearest one."""
    problems = []
    known = sorted(name for name in registered if name.startswith("policy_"))
    for name in config_names:
        if not name.startswith("policy_") or name in registered:
            continue
        nearest = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean {nearest[0]}?" if nearest else f"the options are {', '.join(known)}."
        problems.append((name, f"{name} is not a sphinx-policy option and is ignored: {hint}"))
    return problems


def line_of(conf_py: Path, name: str) -> int:
    """The line of the last top-level assignment to ``name`` in conf.py (0 if it cannot be found)."""
    try:
        tree = ast.parse(conf_py.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return 0
    line = 0
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    line = node.lineno
    return line
