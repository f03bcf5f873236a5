"""From declaration nodes to records: one translated document becomes one policy record.

The domain calls this for every document it reads; the record is plain data
(``model.Policy``) with the source line of each declaration, and the problems
found on the way are returned with their lines, never raised.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from docutils import nodes

from sphinx_policy import model

from . import consistency
from . import declarations as policy_nodes


def _clean(text: str) -> str:
    return " ".join(text.split())


def _content(node: nodes.Element) -> Iterator[nodes.Node]:
    """The reader's text of a declaration: its children that are not declarations."""
    for child in node.children:
        if not isinstance(child, policy_nodes.PolicyElement):
            yield child


def text_of(node: nodes.Element) -> str:
    """All prose of a declaration as one string, paragraphs separated by blank lines."""
    return "\n\n".join(_clean(child.astext()) for child in _content(node) if child.astext().strip())


def items_of(node: nodes.Element) -> list[str]:
    """The entries of a block: the items of its lists, or else its paragraphs."""
    items: list[str] = []
    for child in _content(node):
        if isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
            items.extend(_clean(item.astext()) for item in child.children)
        elif child.astext().strip():
            items.append(_clean(child.astext()))
    return items


class RecordBuilder:
    """Turns the declaration nodes of one translated document into a policy record."""

    def __init__(self, docname: str, document: nodes.document, language: str) -> None:
        self.docname = docname
        self.document = document
        self.language = language
        self.problems: list[tuple[int, str, str]] = []
        self.catalogue_mode = "fill"

    def problem(self, node: nodes.Element, message: str, code: str) -> None:
        located: nodes.Node | None = node
        while located is not None and not located.line:
            located = located.parent  # inline nodes have no line of their own; their paragraph has
        self.problems.append(((located.line if located is not None else 0) or 0, message, code))

    def location(self, node: nodes.Element) -> model.Location:
        return {"source": self.docname, "line": node.line or 0}

    def build(self) -> model.Policy | None:
        declarations = list(self.document.findall(policy_nodes.PolicyElement))
        if not declarations:
            return None
        heads = [node for node in declarations if isinstance(node, policy_nodes.policy_declaration)]
        if not heads:
            self.problem(
                declarations[0],
                f"{declarations[0]['directive']}: the page has no policy directive: "
                "add ':::{policy} <id>' with its ':version:' before the other policy directives.",
                "missing-field",
            )
            return None
        for extra in heads[1:]:
            self.problem(extra, "policy: a page holds one policy: move the second one to its own page.", "duplicate")
        head = heads[0]
        self.catalogue_mode = head["catalogue"]
        policy: model.Policy = {
            "id": head["id"],
            "docname": self.docname,
            "title": self.title(head),
            "language": self.language,
            "source_language": head["source_language"],
            "version": head["version"],
            "effective": head["effective"],
            "updated": head["updated"],
            "domains": head["domains"],
            "description": text_of(head),
            "controller": self.single(declarations, policy_nodes.controller_declaration, self.controller),
            "authority": self.single(declarations, policy_nodes.authority_declaration, self.authority),
            "recipients": [
                self.recipient(node) for node in self.of_type(declarations, policy_nodes.recipient_declaration)
            ],
            "activities": [
                self.activity(node) for node in self.of_type(declarations, policy_nodes.activity_declaration)
            ],
            "cookies": [
                self.cookie(node, head["domains"])
                for node in self.of_type(declarations, policy_nodes.cookie_declaration)
            ],
            "rights": self.single(declarations, policy_nodes.rights_declaration, self.rights),
            "general_legal_bases": self.single(declarations, policy_nodes.legal_bases_declaration, self.rights),
            "statements": self.statements(declarations),
            "history": self.history(declarations, head),
            "cookie_consent": next(
                (node["consent"] for node in self.of_type(declarations, policy_nodes.cookie_table) if node["consent"]),
                None,
            ),
            "catalogue_mode": self.catalogue_mode,
            "waivers": [
                {"code": node["code"], "reason": text_of(node), "location": self.location(node)}
                for node in self.of_type(declarations, policy_nodes.waiver_declaration)
            ],
            "location": self.location(head),
        }
        consistency.check_placement(self, declarations)
        consistency.check_references(self, policy, declarations)
        self.check_raw_html()
        return policy

    def check_raw_html(self) -> None:
        """A policy page holds no raw HTML: its words are published in feeds, reports and other
        languages as text, and nothing a policy (or its translation) contains may run as script."""
        for node in self.document.findall(nodes.raw):
            if "html" in node.get("format", "").split():
                self.problem(
                    node,
                    f"raw HTML {_clean(node.astext())[:40]!r} in a policy page: write it in MyST (emphasis, "
                    "links, lists) or escape a literal < as \\<; a policy page publishes no HTML of its own.",
                    "raw-html",
                )

    def title(self, head: nodes.Element) -> str:
        for section in self.document.findall(nodes.section):
            title = _clean(section[0].astext())
            if model.visible(title):
                return title
            break
        self.problem(
            head,
            f"policy {head['id']!r}: the page's heading is empty or missing (or holds only invisible characters): "
            "start the page with "
            "'# <title of the policy>'; the heading is the policy's title.",
            "missing-field",
        )
        return ""

    @staticmethod
    def of_type(declarations: Iterable[nodes.Element], kind: type[nodes.Element]) -> Sequence[nodes.Element]:
        return [node for node in declarations if isinstance(node, kind)]

    def single(self, declarations: Sequence[nodes.Element], kind: type[nodes.Element], build: Any) -> Any:
        found = self.of_type(declarations, kind)
        for extra in found[1:]:
            self.problem(extra, f"{extra['directive']}: declared twice: keep one.", "duplicate")
        return build(found[0]) if found else None

    def controller(self, node: nodes.Element) -> model.Controller:
        return {
            "name": node["name"],
            "org_number": node["org_number"],
            "country": node["country"],
            "address": node["address"],
            "email": node["email"],
            "phone": node["phone"],
            "dpo": node["dpo"],
            "description": text_of(node),
            "location": self.location(node),
        }

    def authority(self, node: nodes.Element) -> model.Authority:
        return {
            "name": node["name"],
            "country": node["country"],
            "url": node["url"],
            "description": text_of(node),
            "location": self.location(node),
        }

    def recipient(self, node: nodes.Element) -> model.Recipient:
        description = text_of(node)
        if not node["name"] and not description:
            self.problem(
                node,
                f"policy-recipient {node['id']!r}: give it a ':name:' or describe the recipients in its content.",
                "missing-field",
            )
        stated = {"name": node["name"], "country": node["country"], "role": node["role"]}
        catalogue = {
            field: value
            for field, key in model.catalogue.RECIPIENT_FIELDS.items()
            if not stated[field] and (value := model.catalogue.facts(node["service"]).get(key))
        }
        if self.catalogue_mode == "fill":
            stated.update(catalogue)
        return {
            "id": node["id"],
            "name": stated["name"],
            "role": stated["role"] or "",
            "country": stated["country"],
            "description": description,
            "service": node["service"],
            "catalogue": catalogue,
            "internal": node["internal"],
            "location": self.location(node),
        }

    def activity(self, node: nodes.Element) -> model.Activity:
        fields: dict[str, list[str]] = {}
        codes: dict[str, list[str | None]] = {}
        untranslated: list[str] = []
        for field in node.findall(policy_nodes.activity_field):
            items = items_of(field)
            fields.setdefault(field["field"], []).extend(items)
            codes.setdefault(field["field"], []).extend(self.item_codes(field, items))
            if field["field"] == "retention":
                untranslated.append(field["source_text"])
        retention_criterion = " ".join(fields.get("retention", [])) or None
        legitimate_interest = " ".join(fields.get("legitimate_interest", [])) or None
        if node["retention"] and _is_zero(node["retention"]) and not retention_criterion:
            self.problem(
                node,
                f"policy-activity {node['id']!r}: option 'retention': {node['retention']!r} keeps the data for no "
                "time at all: give the real period, or say why nothing is kept in a policy-retention block.",
                "duration",
            )
        retention: model.Retention | None = None
        if node["retention"] or retention_criterion:
            retention = {
                "duration": node["retention"],
                "criterion": retention_criterion,
                "untranslated_criterion": " ".join(untranslated) or None,
            }
        return {
            "id": node["id"],
            "name": self.section_title(node),
            "description": text_of(node),
            "purposes": fields.get("purposes", []),
            "purpose_codes": codes.get("purposes", []),
            "legal_bases": node["legal_bases"],
            "legitimate_interest": legitimate_interest,
            "personal_data": fields.get("personal_data", []),
            "data_codes": codes.get("personal_data", []),
            "special_conditions": node["special_conditions"],
            "data_subjects": fields.get("data_subjects", []),
            "sources": fields.get("sources", []),
            "recipients": node["recipients"],
            "transfers": [
                {
                    "country": transfer["country"] or "",
                    "safeguard": transfer["safeguard"],
                    "description": text_of(transfer),
                }
                for transfer in node.findall(policy_nodes.transfer_declaration)
            ],
            "retention": retention,
            "internal": node["internal"],
            "location": self.location(node),
        }

    def item_codes(self, field: nodes.Element, items: list[str]) -> list[str | None]:
        """A block's DPV codes, one per item; a block without ``:codes:`` has none."""
        given: list[str | None] | None = field.get("codes")
        if given is None:
            return [None] * len(items)
        if len(given) != len(items):
            self.problem(
                field,
                f"{field['directive']}: {len(given)} codes for {len(items)} items: list one code per item, "
                f"in item order, and write '{model.dpv.NO_CODE}' for an item without a code.",
                "dpv-code",
            )
            return (given + [None] * len(items))[: len(items)]
        return given

    def section_title(self, node: nodes.Element) -> str:
        parent = node.parent
        while parent is not None and not isinstance(parent, nodes.section):
            parent = parent.parent
        if parent is None:
            self.problem(
                node,
                f"policy-activity {node['id']!r}: put the activity under a heading; the heading is its name.",
                "missing-field",
            )
            return str(node["id"])
        title = _clean(parent[0].astext())
        if not model.visible(title):
            self.problem(
                node,
                f"policy-activity {node['id']!r}: the heading above the activity is empty: write its name there "
                "(spaces, zero-width and direction marks alone are no name).",
                "missing-field",
            )
        return title if model.visible(title) else str(node["id"])

    def cookie(self, node: nodes.Element, site_domains: list[str]) -> model.Cookie:
        domain = node["domain"] or ""
        if node["lifetime"] and _is_zero(node["lifetime"]):
            self.problem(
                node,
                f"policy-cookie {node['name']!r}: option 'lifetime': {node['lifetime']!r} is no time at all: give "
                "how long the cookie is kept, or 'session' for one deleted when the browser closes.",
                "duration",
            )
        party = node["party"] or (model.cookie_party(domain, site_domains) if domain else "third")
        # The catalogue adds where the provider is established, and names it when the author did not.
        known = model.catalogue.facts(node["service"])
        catalogue: dict[str, str] = {key: known[key] for key in ("entity", "country") if key in known}
        provider = node["provider"] or ""
        if not provider and node["service"]:
            if self.catalogue_mode == "fill":
                provider = catalogue["provider"] = known["name"]
            else:
                self.problem(
                    node,
                    f"policy-cookie {node['name']!r}: the 'provider' option is missing, and with ':catalogue: checks' "
                    "the catalogue does not fill it in: add ':provider: ...'.",
                    "missing-field",
                )
        return {
            "name": node["name"],
            "service": node["service"],
            "catalogue": catalogue,
            "provider": provider,
            "domain": domain,
            "purpose": text_of(node),
            "category": node["category"] or "",
            "lifetime": node["lifetime"] or "",
            "party": party,
            "storage": node.get("storage") or "cookie",
            "path": node.get("path"),
            "opt_out": node.get("opt_out"),
            "location": self.location(node),
        }

    def history(self, declarations: Sequence[nodes.Element], head: nodes.Element) -> list[model.Version]:
        """The versions, oldest first; a policy without history has one version, its current one."""
        entries: list[model.Version] = [
            {
                "version": node["version"],
                "date": node["date"],
                "summary": text_of(node),
                "impact": node.get("impact"),
                "notice_reason": node.get("notice_reason", ""),
                "location": self.location(node),
            }
            for node in self.of_type(declarations, policy_nodes.version_declaration)
        ]
        if not entries:
            return [
                {
                    "version": head["version"],
                    "date": head["effective"] or head["updated"],
                    "summary": "",
                    "impact": None,
                    "notice_reason": "",
                    "location": self.location(head),
                }
            ]
        labels = [entry["version"] for entry in entries]
        for position, entry in enumerate(entries):
            if entry["version"] in labels[:position]:
                self.problem_at(
                    entry["location"], f"policy-version {entry['version']!r}: listed twice: keep one.", "duplicate"
                )
        dated = [entry for entry in entries if entry["date"]]
        for earlier, later in itertools.pairwise(dated):
            if str(later["date"]) < str(earlier["date"]):  # ISO dates: their text sorts as the dates do
                self.problem_at(
                    later["location"],
                    f"policy-version {later['version']!r} is dated {later['date']}, before "
                    f"{earlier['version']!r} ({earlier['date']}) listed above it: list the versions oldest first "
                    "and check the dates.",
                    "version",
                )
        newest = entries[-1]
        if head["effective"] and newest["date"] and str(head["effective"]) != str(newest["date"]):
            # Feeds and pages say when the policy applies from :effective:, the history from the entry.
            self.problem(
                head,
                f"policy {head['id']!r}: :effective: is {head['effective']} but its current version "
                f"{newest['version']!r} takes effect on {newest['date']} (its policy-version :date:): "
                "give both the same day, or leave :effective: out.",
                "version",
            )
        if head["version"] and labels[-1] != head["version"]:
            self.problem(
                head,
                f"policy {head['id']!r}: the last policy-version is {labels[-1]!r} but the policy's :version: is "
                f"{head['version']!r}: list the versions oldest first and end with the current one.",
                "version",
            )
        return entries

    def problem_at(self, location: model.Location, message: str, code: str) -> None:
        self.problems.append((location["line"], message, code))

    def statements(self, declarations: Sequence[nodes.Element]) -> dict[str, str]:
        found: dict[str, str] = {}
        for node in self.of_type(declarations, policy_nodes.statement_declaration):
            if node["topic"] in found:
                self.problem(node, f"policy-statement {node['topic']!r}: stated twice: keep one.", "duplicate")
            found[node["topic"]] = text_of(node)
        return found

    def rights(self, node: nodes.Element) -> model.Rights:
        return {"codes": node["codes"], "description": text_of(node), "location": self.location(node)}


def _is_zero(duration: str) -> bool:
    return duration != model.SESSION and all(amount == 0 for _, amount in model.duration_parts(duration))
