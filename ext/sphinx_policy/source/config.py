"""The extension's configuration, declared once and checked when Sphinx reads conf.py."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_policy import model

MAX_CONSENT_DAYS = 183


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

    def validate(self, language: str | None) -> None:
        if not isinstance(self.languages, tuple) or not all(isinstance(code, str) for code in self.languages):
            raise ConfigError(
                f"policy_languages in conf.py must be a list of language codes such as "
                f'["en", "nb", "sv"], not {self.languages!r}.'
            )
        for code in self.languages:
            try:
                model.parse_language(code)
            except model.PolicyInputError as error:
                raise ConfigError(f"conf.py: policy_languages: {error}") from None
        if self.cookie_database is not None and not isinstance(self.cookie_database, str):
            raise ConfigError(
                f"policy_cookie_database in conf.py must be a path (a string) or None, not {self.cookie_database!r}."
            )
        if (
            isinstance(self.consent_max_age_days, bool)
            or not isinstance(self.consent_max_age_days, int)
            or not 1 <= self.consent_max_age_days <= MAX_CONSENT_DAYS
        ):
            raise ConfigError(
                f"conf.py: policy_consent_max_age_days is {self.consent_max_age_days!r}: give a whole number "
                f"of days from 1 to {MAX_CONSENT_DAYS} (six months), since a consent may be kept that long at most."
            )
        for name in ("archive", "site_url"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"policy_{name} in conf.py must be a string or None, not {value!r}.")
        if self.site_url is not None:
            try:
                model.parse_url(self.site_url)
            except model.PolicyInputError as error:
                raise ConfigError(f"conf.py: policy_site_url: {error}") from None
        folder = self.language_folder
        if (
            not isinstance(folder, str)
            or folder.count("{language}") != 1
            or folder.startswith("/")
            or folder.endswith("/")
            or ".." in folder.split("/")
            or "" in folder.split("/")
        ):
            raise ConfigError(
                f"conf.py: policy_language_folder is {folder!r}: give a relative folder with {{language}} once, "
                'without a leading or trailing slash, for example "{language}" or "{language}/latest".'
            )
        if self.consent_mode not in (None, "basic", "advanced"):
            raise ConfigError(
                f'conf.py: policy_consent_mode is {self.consent_mode!r}: give "basic" (the default: Google\'s '
                'tags wait for consent) or "advanced" (they load before consent and send cookieless pings).'
            )
        if not isinstance(self.gpc, bool):
            raise ConfigError(f"policy_gpc in conf.py must be True or False, not {self.gpc!r}.")
        if len(set(self.languages)) != len(self.languages):
            raise ConfigError("conf.py: policy_languages lists a language twice: list each once.")
        if self.languages and (language or "en") not in self.languages:
            raise ConfigError(
                f"conf.py: the build language {language!r} is not in policy_languages "
                f"{list(self.languages)}: add it there or build one of those."
            )
        if self.site_policy is not None:
            if not isinstance(self.site_policy, str):
                raise ConfigError(
                    f"policy_site_policy in conf.py must be a policy id (a string) or None, not {self.site_policy!r}."
                )
            try:
                model.parse_identifier(self.site_policy, "policy_site_policy")
            except model.PolicyInputError as error:
                raise ConfigError(f"conf.py: {error}") from None
