"""Consistency of a policy's declarations: blocks where they mean something, references, no duplicates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docutils import nodes

from sphinx_policy import model

from . import declarations as policy_nodes

if TYPE_CHECKING:
    from .records import RecordBuilder


def check_placement(builder: RecordBuilder, declarations: Sequence[nodes.Element]) -> None:
    """Blocks that only mean something inside another block."""
    containers = {
        policy_nodes.activity_field: (policy_nodes.activity_declaration, "policy-activity"),
        policy_nodes.transfer_declaration: (policy_nodes.activity_declaration, "policy-activity"),
        policy_nodes.cookie_declaration: (policy_nodes.cookie_table, "policy-cookies"),
    }
    for node in declarations:
        if isinstance(node, _TOP_LEVEL):
            outer = _enclosing(node)
            if outer is not None:
                builder.problem(
                    node,
                    f"{node['directive']}: it means nothing inside {outer['directive']} (line {outer.line}): "
                    f"close the {outer['directive']} block first, so that this one stands on its own.",
                    "placement",
                )
        for kind, (container, container_name) in containers.items():
            if isinstance(node, kind) and not isinstance(node.parent, container):
                builder.problem(
                    node,
                    f"{node['directive']}: put it inside a {container_name} block "
                    f"(use one more colon on the outer fence, '::::{{{container_name}}}').",
                    "placement",
                )


def check_references(builder: RecordBuilder, policy: model.Policy, declarations: Sequence[nodes.Element]) -> None:
    check_unique(builder, declarations, policy_nodes.activity_declaration, "id")
    check_unique(builder, declarations, policy_nodes.recipient_declaration, "id")
    check_unique(builder, declarations, policy_nodes.cookie_declaration, "name", "domain")
    known = {recipient["id"] for recipient in policy["recipients"]}
    for node in builder.of_type(declarations, policy_nodes.activity_declaration):
        for recipient in node["recipients"]:
            if recipient not in known:
                builder.problem(
                    node,
                    f"policy-activity {node['id']!r}: recipient {recipient!r} is not declared: "
                    "add a policy-recipient with that id or fix the name.",
                    "reference",
                )


def check_unique(
    builder: RecordBuilder, declarations: Sequence[nodes.Element], kind: type[nodes.Element], *keys: str
) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for node in builder.of_type(declarations, kind):
        key = tuple(str(node[attribute]) for attribute in keys)
        if key in seen:
            builder.problem(
                node,
                f"{node['directive']} {key[0]!r}: declared twice (first on line {seen[key]}): "
                "keep one or give each its own " + " and ".join(keys) + ".",
                "duplicate",
            )
        else:
            seen[key] = node.line or 0


# Declarations of the policy as a whole: none of them belongs inside another declaration.
# (A policy-statement may stand inside an activity: it speaks for the whole policy, next to what it is about.)
_TOP_LEVEL = (
    policy_nodes.policy_declaration,
    policy_nodes.controller_declaration,
    policy_nodes.authority_declaration,
    policy_nodes.recipient_declaration,
    policy_nodes.activity_declaration,
    policy_nodes.cookie_table,
    policy_nodes.rights_declaration,
    policy_nodes.version_declaration,
)


def _enclosing(node: nodes.Element) -> nodes.Element | None:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, policy_nodes.PolicyElement):
            return parent
        parent = parent.parent
    return None
