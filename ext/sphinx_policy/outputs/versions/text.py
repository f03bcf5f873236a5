"""A policy's whole text as readers see it: blocks taken from the rendered page, for the archive.

The archive keeps each published version's text beside its data
(``<archive>/<lang>/<id>/<version>.text.json``): every heading, paragraph, list item,
field and table row of the rendered page, in reading order, as plain text.  One block
per line in the file, so a diff of two versions reads paragraph by paragraph.

Blocks the author wrote (they have a source line) are the ones a published version
may never change; blocks the extension generates from the declarations (fact lists,
the cookie table) follow the data, which is compared on its own, and the extension's
own words, which may improve without a new version of anybody's policy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx import addnodes

#: Version of the text file's format (``schemas/policy-text.schema.json``).
TEXT_FORMAT = 1

#: Parts of the page that are navigation, not the policy's text: the line of links to the
#: policy's other outputs, the list of versions, the notices of a coming change, tables of contents.
SKIPPED_CLASSES = frozenset(
    {"policy-feed-link", "policy-history", "policy-upcoming", "toctree-wrapper", "contents", "policy-datamap"}
)
_SKIPPED_NODES = (
    nodes.raw,
    nodes.comment,
    nodes.target,
    nodes.system_message,
    nodes.substitution_definition,
    nodes.Invisible,
    addnodes.toctree,
    addnodes.only,
)


@dataclass(frozen=True)
class Block:
    """One block of text; ``line`` is its source line when the author wrote it, else None."""

    content: dict[str, Any]
    line: int | None

    @property
    def authored(self) -> bool:
        return self.line is not None


def _text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def _lines_in(node: nodes.Element) -> str:
    """A cell's or field's text: each paragraph on a line of its own."""
    parts = [_text(child) for child in node.findall(nodes.TextElement) if not _inside_text_element(child, node)]
    return "\n".join(part for part in parts if part) or _text(node)


def _inside_text_element(child: nodes.Node, top: nodes.Node) -> bool:
    parent = child.parent
    while parent is not None and parent is not top:
        if isinstance(parent, nodes.TextElement):
            return True
        parent = parent.parent
    return False


def _line(node: nodes.Node) -> int | None:
    # Nodes the extension makes while rendering have neither a source nor a line.
    line = node.line
    if line is None and isinstance(node, nodes.title) and node.parent is not None:
        line = node.parent.line
    return line


def _skipped(node: nodes.Node) -> bool:
    if isinstance(node, _SKIPPED_NODES):
        return True
    return isinstance(node, nodes.Element) and bool(SKIPPED_CLASSES & set(node.get("classes", [])))


def blocks_of(doctree: nodes.document) -> list[Block]:
    """The page's text in reading order."""
    return list(_walk(doctree, section_level=0, list_depth=0))


def _walk(node: nodes.Element, section_level: int, list_depth: int) -> Iterator[Block]:
    for child in node.children:
        if _skipped(child):
            continue
        if isinstance(child, nodes.section):
            yield from _walk(child, section_level + 1, list_depth)
        elif isinstance(child, nodes.title) and isinstance(node, nodes.section):
            yield Block({"kind": "heading", "level": min(max(section_level, 1), 6), "text": _text(child)}, _line(child))
        elif isinstance(child, nodes.bullet_list | nodes.enumerated_list):
            for item in child.children:
                if isinstance(item, nodes.list_item) and not _skipped(item):
                    yield from _list_item(item, section_level, list_depth + 1)
        elif isinstance(child, nodes.table):
            yield _table(child)
        elif isinstance(child, nodes.field_list | nodes.definition_list):
            yield _definitions(child)
        elif isinstance(child, nodes.literal_block):
            yield Block({"kind": "preformatted", "text": child.astext().rstrip()}, _line(child))
        elif isinstance(child, nodes.TextElement):
            text = _text(child)
            if text:
                yield Block({"kind": "paragraph", "text": text}, _line(child))
        elif isinstance(child, nodes.Element):
            yield from _walk(child, section_level, list_depth)


def _list_item(item: nodes.list_item, section_level: int, depth: int) -> Iterator[Block]:
    texts = [_text(child) for child in item.children if isinstance(child, nodes.TextElement)]
    first = next((child for child in item.children if isinstance(child, nodes.TextElement)), item)
    yield Block({"kind": "item", "depth": depth, "text": "\n".join(text for text in texts if text)}, _line(first))
    rest = nodes.Element()
    rest.children = [child for child in item.children if not isinstance(child, nodes.TextElement)]
    yield from _walk(rest, section_level, depth)


def _table(table: nodes.table) -> Block:
    caption = next((_text(child) for child in table.children if isinstance(child, nodes.title)), "")
    head: list[list[str]] = []
    rows: list[list[str]] = []
    for group in table.findall(nodes.tgroup):
        for part in group.children:
            target = head if isinstance(part, nodes.thead) else rows
            for row in part.children if isinstance(part, nodes.thead | nodes.tbody) else []:
                target.append([_lines_in(entry) for entry in row.children if isinstance(entry, nodes.entry)])
    content: dict[str, Any] = {"kind": "table", "head": head, "rows": rows}
    if caption:
        content["caption"] = caption
    return Block(content, _line(table))


def _definitions(node: nodes.Element) -> Block:
    rows = []
    for entry in node.children:
        if isinstance(entry, nodes.field):
            name = next((child for child in entry.children if isinstance(child, nodes.field_name)), None)
            body = next((child for child in entry.children if isinstance(child, nodes.field_body)), None)
            rows.append([_text(name) if name else "", _lines_in(body) if body else ""])
        elif isinstance(entry, nodes.definition_list_item):
            term = next((child for child in entry.children if isinstance(child, nodes.term)), None)
            definition = next((child for child in entry.children if isinstance(child, nodes.definition)), None)
            rows.append([_text(term) if term else "", _lines_in(definition) if definition else ""])
    return Block({"kind": "definitions", "rows": rows}, _line(node))


def archived_content(blocks: list[Block]) -> list[dict[str, Any]]:
    """Blocks as the archive keeps them: generated ones marked, no source lines (they move with every edit)."""
    return [{**block.content, "generated": True} if not block.authored else dict(block.content) for block in blocks]


def text_document(policy_id: str, language: str, version: str, published: str, blocks: list[Block]) -> dict[str, Any]:
    return {
        "format": TEXT_FORMAT,
        "id": policy_id,
        "language": language,
        "version": version,
        "published": published,
        "blocks": archived_content(blocks),
    }


def serialise_text(document: dict[str, Any]) -> bytes:
    """The text file's bytes: its fields, then one block per line, so that a diff shows blocks."""
    head = {key: value for key, value in sorted(document.items()) if key != "blocks"}
    lines = [json.dumps(block, ensure_ascii=False, sort_keys=True) for block in document["blocks"]]
    fields = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in head.items()]
    body = ",\n".join(f"    {line}" for line in lines)
    return ("{\n" + ",\n".join(fields) + ',\n  "blocks": [\n' + body + "\n  ]\n}\n").encode("utf-8")


def authored(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [block for block in blocks if not block.get("generated")]


def quoted(block: dict[str, Any]) -> str:
    """A block as an error message quotes it: its text, shortened."""
    if block["kind"] in ("table", "definitions"):
        text = " | ".join(" / ".join(row) for row in block.get("rows", [])[:2])
    else:
        text = block.get("text", "")
    text = " ".join(text.split())
    return repr(text if len(text) <= 90 else text[:87] + "...")


def first_change(archived: list[dict[str, Any]], current: list[Block]) -> tuple[str, int | None] | None:
    """Where the author's text of a version differs from its archive: a description and a source line."""
    written = [block for block in current if block.authored]
    kept = authored(archived)
    for old, new in zip(kept, written, strict=False):
        if old != new.content:
            return f"the {new.content['kind']} {quoted(new.content)} was published as {quoted(old)}", new.line
    if len(written) > len(kept):
        extra = written[len(kept)]
        return f"the {extra.content['kind']} {quoted(extra.content)} was not in the published text", extra.line
    if len(kept) > len(written):
        missing = kept[len(written)]
        last_line = written[-1].line if written else None
        return f"the published {missing['kind']} {quoted(missing)} is gone", last_line
    return None
