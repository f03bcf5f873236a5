"""The record of processing activities (GDPR Art. 30): a builder that writes it, never the site.

``sphinx-build -b ropa -D language=nb docs docs/_build/ropa/nb`` (what ``nox -s ropa``
runs for every site language) reads the policies as any build does, so the
records are in the build's language, and writes per policy ``<id>.csv``,
``<id>.xlsx`` and ``<id>.html`` into its own output folder, outside the published
site.  Only this output shows the internal fields (security measures, owners,
assessment references, notes); and only this builder warns about Art. 30 items
the declarations do not give (``policy.ropa-*``), so the site build is unaffected.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from sphinx_policy.i18n import record_words
from sphinx_policy.publishing.files import write_atomically
from sphinx_policy.source.domain import policy_domain

from . import record, writers

logger = logging.getLogger(__name__)

STYLESHEET_NAME = "ropa.css"


class RecordOfProcessingBuilder(Builder):
    """Writes each policy's record of processing activities; the pages themselves are not written."""

    name = "ropa"
    format = "ropa"
    epilog = "The records of processing activities are in %(outdir)s (internal: do not publish them)."
    allow_parallel = True

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> Set[str]:
        # The record is one file per policy from every page's record, so all count.
        return self.env.found_docs

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: Set[str]) -> None:
        pass

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def finish(self) -> None:
        domain = policy_domain(self.env)
        language = self.config.language or "en"
        keys = [key for key, _article in record.COLUMNS]
        headings = record.headings()
        outdir = Path(self.outdir)
        for docname, policy in sorted(domain.policies.items()):
            for missing in record.missing_items(policy):
                logger.warning(
                    missing.message,
                    location=(missing.location["source"], missing.location["line"]),
                    type="policy",
                    subtype=missing.code,
                )
            source_path = str(self.env.doc2path(docname, False))
            rows = record.rows(policy, source_path, language)
            controller = policy["controller"]
            title = f"{record_words.ropa_heading('title')}: {controller['name'] if controller else policy['title']}"
            write_atomically(outdir / f"{policy['id']}.csv", writers.to_csv(keys, headings, rows))
            write_atomically(outdir / f"{policy['id']}.xlsx", writers.to_xlsx(keys, headings, rows, title))
            write_atomically(
                outdir / f"{policy['id']}.html",
                writers.to_html(
                    keys, headings, rows, title, record_words.ropa_heading("internal"), language, STYLESHEET_NAME
                ),
            )
        if domain.policies:
            write_atomically(outdir / STYLESHEET_NAME, writers.STYLESHEET.encode("utf-8"))


def setup(app: Sphinx) -> None:
    app.add_builder(RecordOfProcessingBuilder)
