"""The browser audit: does the site do what its policy says?

``python -m sphinx_policy.audit docs/_build/html`` opens every demo page of a built
site, or ``--url ... --feed ...`` any page of an organisation's own site, in
Chromium, once per consent choice, and reports every cookie, storage key and
third-party request the policy's feed does not declare or allow.  It reads the
declarations from the published feed only, so it can check any site.  See
docs/audit.md.
"""

from __future__ import annotations

from .cli import main

__all__ = ["main"]
