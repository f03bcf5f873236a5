"""Unclosed fences: a ``policy-*`` block whose closing fence is missing swallows the rest of the page.

MyST closes such a block at the end of the document without a word, and every
heading and declaration after it becomes part of it.  The source is read once
more, line by line, the way markdown-it pairs fences, and each ``policy-*``
block still open at the end is reported at the line of its opening fence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_FENCE = re.compile(r"[ ]{0,3}(?P<marker>`{3,}|~{3,}|:{3,})(?P<info>.*)\Z")
_DIRECTIVE = re.compile(r"\{(?P<name>[A-Za-z0-9_.:-]+)\}")


class _Open(NamedTuple):
    marker: str  # the fence character
    length: int
    name: str | None  # the directive, or None for a code block
    line: int


def unclosed_fences(text: str) -> list[tuple[int, str]]:
    """(line, message) for every ``policy-*`` block opened in ``text`` and never closed."""
    stack: list[_Open] = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line.rstrip())
        if not match:
            continue
        marker, info = match["marker"], match["info"].strip()
        top = stack[-1] if stack else None
        if top is not None and marker[0] == top.marker and len(marker) >= top.length and not info:
            stack.pop()
            continue
        if top is not None and top.name is None:
            continue  # inside a code block, fences are text
        directive = _DIRECTIVE.match(info)
        if marker[0] == ":" and not directive:
            continue  # a stray closing fence, or a colon line that is no fence
        stack.append(_Open(marker[0], len(marker), directive["name"] if directive else None, number))
    return [
        (
            block.line,
            f"{block.name}: the block opened here with {block.marker * block.length!r} is never closed, so it "
            f"takes in the rest of the page: close it with a line of {block.marker * block.length!r}.",
        )
        for block in stack
        if block.name is not None and block.name.startswith("policy")
    ]
