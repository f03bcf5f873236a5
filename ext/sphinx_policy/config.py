"""The extension's configuration, declared once and checked when Sphinx reads conf.py."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sphinx.config import Config
from sphinx.errors import ConfigError

from . import model


@dataclass(frozen=True)
class PolicyConfig:
    """Settings in conf.py; each name is prefixed with ``policy_`` there."""

    #: Id of the policy that covers the site itself: every page links to it with
    #: ``<link rel="privacy-policy">``.  Policy pages always link to themselves.
    site_policy: str | None = None

    @classmethod
    def names(cls) -> list[str]:
        return [field.name for field in fields(cls)]

    @classmethod
    def from_sphinx(cls, config: Config) -> PolicyConfig:
        values = {name: getattr(config, f"policy_{name}") for name in cls.names()}
        return cls(**values)

    def validate(self) -> None:
        if self.site_policy is not None:
            if not isinstance(self.site_policy, str):
                raise ConfigError(
                    f"policy_site_policy in conf.py must be a policy id (a string) or None, "
                    f"not {self.site_policy!r}."
                )
            try:
                model.parse_identifier(self.site_policy, "policy_site_policy")
            except model.PolicyInputError as error:
                raise ConfigError(f"conf.py: {error}") from None


def defaults() -> dict[str, Any]:
    instance = PolicyConfig()
    return {name: getattr(instance, name) for name in PolicyConfig.names()}
