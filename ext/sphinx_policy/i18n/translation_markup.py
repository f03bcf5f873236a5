"""What a translation must keep of its English message: one block of the same kind, and the same inline markup.

Sphinx puts a translated message where the English one stood only when it parses
into the same kind of node; otherwise it shows the English text without a word.
And markup a translation adds (raw HTML, a role, a link) would be published as
the translator wrote it.  Both are checked here, message by message.
"""

from __future__ import annotations

import re

from sphinx_policy import model

# Inline MyST/reStructuredText markup whose count must survive translation: a
# translation that loses a backtick or a link bracket renders broken markup.
_MARKUP = {
    "`": "backtick (`)",
    "**": "bold marker (**)",
    "*": "emphasis marker (*)",
    "](": "link target ](...)",
    "{": "role or directive brace ({)",
    "<": "angle bracket (<)",
}


# What makes a line a block of its own in MyST: a heading, a list item, a quote, a fence.
_BLOCK_START = re.compile(r"[ ]{0,3}(?:#{1,6}(?:\s|\Z)|[-+*]\s|\d{1,9}[.)]\s|>|`{3,}|~{3,}|:{3,})")


def _structure_problem(source: str, translation: str) -> str | None:
    """Why a translation would not stand where its message stands (Sphinx then shows the English
    text without a word), or None.  A message is one paragraph, heading or cell: its translation
    must be one too."""
    if not model.visible(translation):
        return (
            "the translation holds no visible character (only spaces, zero-width or direction marks): "
            'translate the message, or leave msgstr "" to show the English text.'
        )
    if "\n\n" in translation.strip() and "\n\n" not in source.strip():
        return (
            "the translation is split into paragraphs where the English message is one: Sphinx would "
            "drop it and show the English text; keep it one paragraph."
        )
    in_source = {found.group().strip() for line in source.splitlines() if (found := _BLOCK_START.match(line))}
    for index, line in enumerate(translation.splitlines()):
        starts = _BLOCK_START.match(line)
        marker = starts.group().strip() if starts else ""
        # Within a paragraph, only a list numbered from 1 starts a block.
        if not marker or marker in in_source or (index and marker[0].isdigit() and marker[:-1] != "1"):
            continue
        return (
            f"the translation starts a line with {marker!r}, which makes it a heading, list, quote or "
            "block where the English message has none: Sphinx would drop it and show the English text; "
            "write it as running text (escape a leading character with a backslash)."
        )
    return None


def translation_problem(source: str, translation: str) -> str | None:
    """What is wrong with ``translation`` as a translation of ``source``, or None."""
    structure = _structure_problem(source, translation)
    if structure is not None:
        return structure
    for token, name in _MARKUP.items():
        if source.count(token) != translation.count(token):
            return (
                f"the translation has {translation.count(token)} {name} where the English message "
                f"has {source.count(token)}: keep the markup of the message as it is."
            )
    return None
