"""sphinx_policy: privacy policies written in MyST, published as HTML, feeds and JSON-LD.

Data flows one way: MyST source -> records (``source``: directives, domain) ->
outputs (``outputs``: the policy page, JSON-LD, feeds, versions, device storage,
site metadata, transparency checks, consent, the theme under a strict CSP).
Each part registers its own config values, directives, events and pages in its
``setup(app)``; this function only calls them, in an order that matters where
two parts add to the same place (a page's <head>, the policy's head links).
docs/architecture.md is the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    # Imported here, not at the top: `import sphinx_policy.model` (a validator, the
    # audit, a feed consumer) must not load Sphinx.
    from . import i18n, publishing, source
    from .outputs import (
        auditpage,
        checks,
        consent,
        datamap,
        devicestorage,
        feeds,
        jsonld,
        page,
        ropa,
        sitemeta,
        theme,
        versions,
    )

    # Inputs: configuration, directives and the domain; the stop on a bad source.
    source.setup(app)
    publishing.setup(app)
    i18n.setup(app)
    # Outputs, each on its own. The order is the order of the links in a policy's
    # head (feed, report, demo) and of the tags in <head> (JSON-LD, feed, site metadata).
    page.setup(app)
    datamap.setup(app)
    jsonld.setup(app)
    feeds.setup(app)
    versions.setup(app)
    devicestorage.setup(app)
    checks.setup(app)
    consent.setup(app)
    auditpage.setup(app)
    sitemeta.setup(app)
    theme.setup(app)
    ropa.setup(app)
    return {
        "version": __version__,
        "env_version": 2,  # 2: activities and recipients carry internal fields
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
