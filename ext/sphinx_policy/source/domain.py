"""The policy domain: records per document, built from the translated doctree.

Records are plain JSON-able dicts (see ``model``) keyed by docname, so parallel
reads merge and incremental builds drop exactly the records of a re-read page.
Problems found in a source are kept here too, with their line, until the page
is fixed: a build that skips reading an unchanged page still reports them.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any, cast

from docutils import nodes
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from sphinx_policy import model

from .records import RecordBuilder


class PolicyDomain(Domain):
    name = "policy"
    label = "Privacy policy"
    data_version = 1
    initial_data = {"policies": {}, "errors": {}}

    @property
    def policies(self) -> dict[str, model.Policy]:
        """Records by docname."""
        return cast("dict[str, model.Policy]", self.data["policies"])

    @property
    def errors(self) -> dict[str, list[model.InputError]]:
        return cast("dict[str, list[model.InputError]]", self.data["errors"])

    @property
    def findings(self) -> dict[str, list[model.Finding]]:
        """Transparency findings by docname, worked out again after every read."""
        return cast("dict[str, list[model.Finding]]", self.data.setdefault("findings", {}))

    @findings.setter
    def findings(self, value: dict[str, list[model.Finding]]) -> None:
        self.data["findings"] = value

    def note_error(self, docname: str, line: int | None, message: str, code: str) -> None:
        self.errors.setdefault(docname, []).append(
            {"source": docname, "line": line or 0, "message": message, "code": code}
        )

    def clear_doc(self, docname: str) -> None:
        self.policies.pop(docname, None)
        self.errors.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["policies"]:
                self.policies[docname] = otherdata["policies"][docname]
            if docname in otherdata["errors"]:
                self.errors[docname] = otherdata["errors"][docname]

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        builder = RecordBuilder(docname, document, env.config.language or "en")
        policy = builder.build()
        for line, message, code in builder.problems:
            self.note_error(docname, line, message, code)
        if policy is not None:
            self.policies[docname] = policy

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[tuple[str, nodes.reference]]:
        return []

    def all_errors(self) -> list[model.InputError]:
        """Every problem of every page, with those that span pages, in source order."""
        found = [error for errors in self.errors.values() for error in errors]
        first_seen: dict[str, str] = {}
        for docname in sorted(self.policies):
            policy = self.policies[docname]
            if policy["id"] in first_seen:
                found.append(
                    {
                        "source": docname,
                        "line": policy["location"]["line"],
                        "message": (
                            f"policy {policy['id']!r}: the id is already used by "
                            f"{first_seen[policy['id']]}: give each policy its own id."
                        ),
                        "code": "duplicate",
                    }
                )
            else:
                first_seen[policy["id"]] = docname
        return sorted(found, key=lambda error: (error["source"], error["line"], error["message"]))


def policy_domain(env: BuildEnvironment) -> PolicyDomain:
    """The build's policy records, for the parts that read them."""
    domain = env.domains[PolicyDomain.name]
    assert isinstance(domain, PolicyDomain)
    return domain
