"""Readable policy content: declaration nodes become standard docutils nodes.

Runs when a page is resolved for writing, so every builder (HTML, text, LaTeX)
gets plain tables and lists, and the extension's words are in the build's
language.  Facts come from the page's record; the reader's text keeps the
inline markup the author wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from sphinx_policy import model
from sphinx_policy.i18n import coded_words, words
from sphinx_policy.source import declarations as policy_nodes
from sphinx_policy.source.domain import PolicyDomain


def render_policy_nodes(domain: PolicyDomain, docname: str, doctree: nodes.document, language: str) -> None:
    policy = domain.policies.get(docname)
    declarations = list(doctree.findall(policy_nodes.PolicyElement))
    if policy is None:
        for node in declarations:
            if node.parent is not None:
                node.replace_self(_content(node))
        return
    renderer = Renderer(policy, language)
    # Innermost first, so a block is rendered before the activity that holds it.
    for node in reversed(declarations):
        node.replace_self(renderer.render(node))
    unique_ids(doctree)


# The blocks whose ids the rendering makes up; the ids of headings and targets
# (which the table of contents and links point at) are the author's and win.
_GENERATED = frozenset(
    {"policy-recipient", "policy-activity", "policy-cookie", "policy-version", "policy-cookie-table"}
)


def unique_ids(doctree: nodes.document) -> None:
    """One id per page: a made-up id that is already taken (a heading called like a cookie,
    two cookies whose names and domains differ only by a leading dot) gets a number."""
    generated = [node for node in doctree.findall(nodes.Element) if _GENERATED & set(node["classes"]) and node["ids"]]
    marked = {id(node) for node in generated}
    taken = {
        identifier for node in doctree.findall(nodes.Element) if id(node) not in marked for identifier in node["ids"]
    }
    for node in generated:
        unique = []
        for identifier in node["ids"]:
            candidate, number = identifier, 1
            while candidate in taken:
                number += 1
                candidate = f"{identifier}-{number}"
            taken.add(candidate)
            unique.append(candidate)
        node["ids"] = unique


def _content(node: nodes.Element) -> list[nodes.Node]:
    """The reader's text inside a declaration (not nested declarations).

    The nodes move to the rendering: the declaration they come from is replaced
    by it, so there is nothing to copy them for.
    """
    return [child for child in node.children if not isinstance(child, policy_nodes.PolicyElement)]


def _field_list(rows: Sequence[tuple[str, Sequence[nodes.Node]]]) -> nodes.field_list:
    field_list = nodes.field_list(classes=["policy-facts"])
    for label, body in rows:
        if not body:
            continue
        field = nodes.field()
        field += nodes.field_name("", label)
        field_body = nodes.field_body()
        field_body.extend(body)
        field += field_body
        field_list += field
    return field_list


def _paragraph(text: str) -> list[nodes.Node]:
    return [nodes.paragraph("", text)] if text else []


def _bullets(texts: Sequence[str]) -> list[nodes.Node]:
    if not texts:
        return []
    bullet_list = nodes.bullet_list()
    for text in texts:
        bullet_list += nodes.list_item("", nodes.paragraph("", text))
    return [bullet_list]


def _link(text: str, uri: str) -> list[nodes.Node]:
    return [nodes.paragraph("", "", nodes.reference(text, text, refuri=uri))]


class Renderer:
    def __init__(self, policy: model.Policy, language: str) -> None:
        self.policy = policy
        self.language = language
        self.recipients = {recipient["id"]: recipient for recipient in policy["recipients"]}
        self.tables = 0

    def render(self, node: nodes.Element) -> list[nodes.Node]:
        if isinstance(node, policy_nodes.policy_declaration):
            return self.policy_head(node)
        if isinstance(node, policy_nodes.controller_declaration):
            return self.controller(node)
        if isinstance(node, policy_nodes.authority_declaration):
            return self.authority(node)
        if isinstance(node, policy_nodes.recipient_declaration):
            return self.recipient(node)
        if isinstance(node, policy_nodes.activity_declaration):
            return self.activity(node)
        if isinstance(node, policy_nodes.cookie_table):
            return self.cookie_table(node)
        if isinstance(node, policy_nodes.rights_declaration):
            return self.rights(node)
        if isinstance(node, policy_nodes.legal_bases_declaration):
            return self.general_legal_bases(node)
        if isinstance(node, policy_nodes.version_declaration):
            return self.version(node)
        if isinstance(node, policy_nodes.waiver_declaration):
            return []  # waivers are shown in the transparency report, with their reason
        # Activity blocks, transfers and cookies are shown by their container;
        # keep them in the tree (as their text) until the container replaces it.
        container = nodes.container(classes=["policy-block"])
        container.extend(_content(node))
        container["policy_field"] = node.get("field")
        container["policy_kind"] = type(node).__name__
        if isinstance(node, policy_nodes.cookie_declaration):
            container["policy_cookie"] = (node["name"], node["domain"] or "")
        return [container]

    def policy_head(self, node: nodes.Element) -> list[nodes.Node]:
        facts = [(words.heading("version"), _paragraph(self.policy["version"]))]
        for key in ("effective", "updated"):
            value = self.policy[key]  # type: ignore[literal-required]
            if value:
                facts.append((words.heading(key), _paragraph(words.date(value, self.language))))
        container = nodes.container(classes=["policy-head"])
        container += _field_list(facts)
        container.extend(_content(node))
        return [container]

    def controller(self, node: nodes.Element) -> list[nodes.Node]:
        controller = self.policy["controller"]
        assert controller is not None
        rows: list[tuple[str, Sequence[nodes.Node]]] = [
            (words.heading("controller"), _paragraph(controller["name"])),
            (words.heading("org_number"), _paragraph(_grouped(controller["org_number"]))),
            (words.heading("address"), _paragraph(controller["address"] or "")),
        ]
        if controller["email"]:
            rows.append((words.heading("email"), _link(controller["email"], "mailto:" + controller["email"])))
        rows.append((words.heading("phone"), _paragraph(controller["phone"] or "")))
        if controller["dpo"]:
            rows.append((words.heading("dpo"), _paragraph(", ".join(controller["dpo"].values()))))
        container = nodes.container(classes=["policy-controller"])
        container.extend(_content(node))
        container += _field_list(rows)
        return [container]

    def authority(self, node: nodes.Element) -> list[nodes.Node]:
        authority = self.policy["authority"]
        assert authority is not None
        container = nodes.container(classes=["policy-authority"])
        container.extend(_content(node))
        name = authority["name"]
        container += _link(name, authority["url"]) if authority["url"] else _paragraph(name)
        return [container]

    def recipient(self, node: nodes.Element) -> list[nodes.Node]:
        recipient = self.recipients[node["id"]]
        container = nodes.container(classes=["policy-recipient"], ids=[f"recipient-{recipient['id']}"])
        label = words.recipient_role(recipient["role"])
        if recipient["name"]:
            label = f"{recipient['name']} ({label})"
        if recipient["country"]:
            label = f"{label}, {recipient['country']}"
        container += nodes.paragraph("", "", nodes.strong(label, label))
        container.extend(_content(node))
        return [container]

    def activity(self, node: nodes.Element) -> list[nodes.Node]:
        activity = next(item for item in self.policy["activities"] if item["id"] == node["id"])
        blocks: dict[str, list[nodes.Node]] = {}
        transfers: list[nodes.Node] = []
        description: list[nodes.Node] = []
        for child in node.children:
            kind = child.get("policy_kind") if isinstance(child, nodes.Element) else None
            if kind == "activity_field" and isinstance(child, nodes.Element):
                blocks.setdefault(child["policy_field"], []).extend(list(child.children))
            elif kind == "transfer_declaration":
                transfers.append(child)
            else:
                description.append(child)
        rows: list[tuple[str, Sequence[nodes.Node]]] = [
            (words.heading("purposes"), blocks.get("purposes", [])),
            (words.heading("legal_bases"), _bullets([words.legal_basis(code) for code in activity["legal_bases"]])),
            (
                coded_words.coded_heading("special_conditions"),
                _bullets([coded_words.special_condition(code) for code in activity["special_conditions"]]),
            ),
            (words.heading("legitimate_interest"), blocks.get("legitimate_interest", [])),
            (words.heading("personal_data"), blocks.get("personal_data", [])),
            (words.heading("data_subjects"), blocks.get("data_subjects", [])),
            (words.heading("sources"), blocks.get("sources", [])),
            (words.heading("recipients"), _bullets([self.recipient_name(code) for code in activity["recipients"]])),
            (words.heading("transfers"), self.transfers(activity, transfers)),
            (words.heading("retention"), self.retention(activity, blocks.get("retention", []))),
        ]
        container = nodes.container(classes=["policy-activity"], ids=[f"activity-{activity['id']}"])
        container.extend(description)
        container += _field_list(rows)
        return [container]

    def recipient_name(self, recipient_id: str) -> str:
        recipient = self.recipients[recipient_id]
        return recipient["name"] or recipient["description"] or recipient_id

    def transfers(self, activity: model.Activity, transfer_nodes: list[nodes.Node]) -> list[nodes.Node]:
        if not activity["transfers"]:
            return []
        bullet_list = nodes.bullet_list()
        for transfer, transfer_node in zip(activity["transfers"], transfer_nodes, strict=True):
            item = nodes.list_item()
            label = (
                f"{transfer['country']}: {words.safeguard(transfer['safeguard'])}"
                if transfer["safeguard"]
                else transfer["country"]
            )
            item += nodes.paragraph("", label)
            item.extend(list(transfer_node.children))
            bullet_list += item
        return [bullet_list]

    def retention(self, activity: model.Activity, criterion: list[nodes.Node]) -> list[nodes.Node]:
        retention = activity["retention"]
        if retention is None:
            return []
        body: list[nodes.Node] = []
        if retention["duration"]:
            body.extend(_paragraph(words.duration(retention["duration"], self.language)))
        body.extend(criterion)
        return body

    def cookie_table(self, node: nodes.Element) -> list[nodes.Node]:
        """The cookies declared inside this block, in the order they are declared."""
        held = [child["policy_cookie"] for child in node.findall(nodes.container) if "policy_cookie" in child]
        by_key = {(cookie["name"], cookie["domain"]): cookie for cookie in self.policy["cookies"]}
        cookies = [by_key[key] for key in held if key in by_key]
        self.tables += 1
        table_id = "policy-cookie-table" if self.tables == 1 else f"policy-cookie-table-{self.tables}"
        columns = ("provider", "name", "domain", "purpose", "category", "lifetime")
        table = nodes.table(classes=["policy-cookie-table"], ids=[table_id])
        table += nodes.title("", words.heading("cookie_table"))
        group = nodes.tgroup(cols=len(columns))
        table += group
        for _ in columns:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        head_row = nodes.row()
        for column in columns:
            head_row += nodes.entry("", nodes.paragraph("", words.heading(column)))
        head += head_row
        group += head
        body = nodes.tbody()
        for cookie in cookies:
            row = nodes.row(classes=["policy-cookie"])
            row["ids"] = [f"cookie-{nodes.make_id(cookie['name'] + '-' + cookie['domain'])}"]
            cells = (
                cookie["provider"],
                cookie["name"],
                cookie["domain"],
                cookie["purpose"],
                words.category(cookie["category"]) if cookie["category"] else "",
                words.duration(cookie["lifetime"], self.language) if cookie["lifetime"] else "",
            )
            for column, text in zip(columns, cells, strict=True):
                entry = nodes.entry(classes=[f"policy-cookie-{column}"])
                if column == "name":
                    entry += nodes.paragraph("", "", nodes.literal(text, text))
                    if cookie["storage"] != "cookie":  # a storage key or database, not a cookie
                        entry += nodes.paragraph("", words.storage(cookie["storage"]))
                else:
                    entry += nodes.paragraph("", text)
                row += entry
            body += row
        group += body
        return [table]

    def version(self, node: nodes.Element) -> list[nodes.Node]:
        container = nodes.container(classes=["policy-version"], ids=[f"version-{nodes.make_id(node['version'])}"])
        label = f"{words.heading('version')} {node['version']}"
        if node["date"]:
            label += f" ({words.date(node['date'], self.language)})"
        container += nodes.paragraph("", "", nodes.strong(label, label))
        container.extend(_content(node))
        return [container]

    def rights(self, node: nodes.Element) -> list[nodes.Node]:
        rights = self.policy["rights"]
        assert rights is not None
        container = nodes.container(classes=["policy-rights"])
        container.extend(_bullets([words.right(code) for code in rights["codes"]]))
        container.extend(_content(node))
        return [container]

    def general_legal_bases(self, node: nodes.Element) -> list[nodes.Node]:
        bases = self.policy["general_legal_bases"]
        assert bases is not None
        container = nodes.container(classes=["policy-legal-bases"])
        container.extend(_content(node))
        container.extend(_bullets([words.legal_basis(code) for code in bases["codes"]]))
        return [container]


def _grouped(org_number: str | None) -> str:
    """Norwegian-style grouping for reading: 924815744 is shown as 924 815 744."""
    if not org_number:
        return ""
    if org_number.isdigit() and len(org_number) == 9:
        return f"{org_number[:3]} {org_number[3:6]} {org_number[6:]}"
    return org_number
