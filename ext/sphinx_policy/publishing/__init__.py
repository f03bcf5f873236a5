"""What the outputs share, below them: addresses, JSON documents, schemas, atomic writes, head tags.

Outputs never import one another.  Where one output needs something of another
(a link to its page, the list of generated pages for the sitemap), it asks
through one of the events declared here, which the other answers.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: Links in a policy's head: ``handler(app, docname, policy) -> list[(text, path under the language root)]``.
HEAD_LINKS = "policy-head-links"
#: Pages an output generates (for the sitemap): ``handler(app, domain) -> list[pagename]``.
GENERATED_PAGES = "policy-generated-pages"


def setup(app: Sphinx) -> None:
    app.add_event(HEAD_LINKS)
    app.add_event(GENERATED_PAGES)
