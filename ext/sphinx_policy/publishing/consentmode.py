"""Google Consent Mode v2 for a policy: shared by the banner's configuration and the transparency report."""

from __future__ import annotations

from sphinx_policy import model

CONSENT_MODES = ("basic", "advanced")


def declares_google(policy: model.Policy) -> bool:
    """Google's tags are in use when a declared provider is Google's (Google Analytics, Google Ads, ...)."""
    return any(cookie["provider"].lower().startswith("google") for cookie in policy["cookies"])


def consent_mode(policy: model.Policy, setting: str | None) -> str | None:
    """The mode the banner speaks: none without Google cookies, else ``policy_consent_mode`` or "basic"."""
    if not declares_google(policy):
        return None
    return setting or "basic"
