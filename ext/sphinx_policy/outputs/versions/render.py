"""Archived text as HTML: a version's page body, the embeddable fragment and the redline.

Everything here is built from the archive's plain text, escaped on the way out: an
archived file cannot put markup, script or a link into a page.
"""

from __future__ import annotations

import difflib
import re
from html import escape
from typing import Any

from sphinx_policy.i18n import version_words


def _cell(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _table(block: dict[str, Any]) -> str:
    caption = f"<caption>{escape(block['caption'])}</caption>" if block.get("caption") else ""
    head = "".join(
        "<tr>" + "".join(f'<th scope="col">{_cell(cell)}</th>' for cell in row) + "</tr>" for row in block["head"]
    )
    body = "".join("<tr>" + "".join(f"<td>{_cell(cell)}</td>" for cell in row) + "</tr>" for row in block["rows"])
    thead = f"<thead>{head}</thead>" if head else ""
    return f'<div class="table-wrapper"><table class="docutils">{caption}{thead}<tbody>{body}</tbody></table></div>'


def _definitions(block: dict[str, Any]) -> str:
    rows = "".join(f"<dt>{_cell(term)}</dt><dd>{_cell(text)}</dd>" for term, text in block["rows"])
    return f'<dl class="field-list simple">{rows}</dl>'


def blocks_html(blocks: list[dict[str, Any]]) -> str:
    """Blocks as HTML; consecutive list items become (nested) lists again."""
    parts: list[str] = []
    # One entry per open list, innermost last: whether its last item is still open.
    open_items: list[bool] = []

    def close_to(depth: int) -> None:
        while len(open_items) > depth:
            if open_items.pop():
                parts.append("</li>")
            parts.append("</ul>")

    for block in blocks:
        kind = block["kind"]
        if kind != "item":
            close_to(0)
        if kind == "heading":
            parts.append(f"<h{block['level']}>{escape(block['text'])}</h{block['level']}>")
        elif kind == "item":
            depth = block["depth"]
            close_to(depth)
            if len(open_items) == depth and open_items[-1]:
                parts.append("</li>")
                open_items[-1] = False
            while len(open_items) < depth:
                if open_items and not open_items[-1]:
                    parts.append("<li>")  # a list nested deeper than the one around it
                    open_items[-1] = True
                parts.append("<ul>")
                open_items.append(False)
            parts.append(f"<li>{_cell(block['text'])}")
            open_items[-1] = True
        elif kind == "table":
            parts.append(_table(block))
        elif kind == "definitions":
            parts.append(_definitions(block))
        elif kind == "preformatted":
            parts.append(f"<pre>{escape(block['text'])}</pre>")
        else:
            parts.append(f"<p>{_cell(block['text'])}</p>")
    close_to(0)
    return "\n".join(parts)


def fragment(document: dict[str, Any]) -> bytes:
    """A version's text for embedding in another website: no theme, no script, no style."""
    language = escape(document["language"])
    attributes = (
        f'class="policy-fragment" lang="{language}" data-policy="{escape(document["id"])}" '
        f'data-version="{escape(document["version"])}"'
    )
    return f"<article {attributes}>\n{blocks_html(document['blocks'])}\n</article>\n".encode()


# A redline compares the text block by block, and a changed block word by word.


def _block_lines(block: dict[str, Any]) -> list[str]:
    """What a block reads as, in lines: a table or a list of fields a line per row."""
    if block["kind"] in ("table", "definitions"):
        rows = block.get("head", []) + block.get("rows", [])
        return [" | ".join(" ".join(cell.split()) for cell in row) for row in rows]
    return [" ".join(block["text"].split())]


def _lines(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(block["kind"], line) for block in blocks for line in _block_lines(block)]


_WORDS = re.compile(r"\s+|[^\s]+")


def marked(kind: str, text: str) -> str:
    """Inserted or deleted text: a tag screen readers can be told about, a word for them, and not colour alone."""
    tag = "ins" if kind == "added" else "del"
    label = version_words.redline_label(kind)
    hidden = 'class="policy-visually-hidden"'
    return f"<{tag}><span {hidden}>[{escape(label)}: </span>{escape(text)}<span {hidden}>]</span></{tag}>"


def _word_diff(old: str, new: str) -> str:
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.append(escape("".join(new_words[new_start:new_end])))
            continue
        if old_end > old_start:
            parts.append(marked("removed", "".join(old_words[old_start:old_end])))
        if new_end > new_start:
            parts.append(marked("added", "".join(new_words[new_start:new_end])))
    return "".join(parts)


def _line_html(kind: str, content: str, change: str) -> str:
    element = "h3" if kind == "heading" else "p"
    return f'<{element} class="policy-redline-{change}">{content}</{element}>'


def redline(old_blocks: list[dict[str, Any]], new_blocks: list[dict[str, Any]]) -> tuple[str, int]:
    """The new text with what was deleted and inserted marked, and how many lines changed."""
    old, new = _lines(old_blocks), _lines(new_blocks)
    matcher = difflib.SequenceMatcher(a=[line for _, line in old], b=[line for _, line in new], autojunk=False)
    parts: list[str] = []
    changed = 0
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            parts.extend(_line_html(kind, escape(line), "same") for kind, line in new[new_start:new_end])
            continue
        removed, added = old[old_start:old_end], new[new_start:new_end]
        changed += max(len(removed), len(added))
        paired = min(len(removed), len(added)) if operation == "replace" else 0
        for (_, before), (kind, after) in zip(removed[:paired], added[:paired], strict=True):
            parts.append(_line_html(kind, _word_diff(before, after), "changed"))
        parts.extend(_line_html(kind, marked("removed", line), "removed") for kind, line in removed[paired:])
        parts.extend(_line_html(kind, marked("added", line), "added") for kind, line in added[paired:])
    return "\n".join(parts), changed
