"""Small HTML helpers shared by the outputs that add to a page's ``<head>``."""

from __future__ import annotations

from typing import Any

#: A generated page's one-sentence summary, which the output that makes the page puts in
#: its context; site metadata writes it as the page's meta description.
PAGE_DESCRIPTION = "policy_page_description"

_TAGS = "policy_head_tags"
_BEFORE = "policy_metatags_before"


def attribute(value: str) -> str:
    """A value escaped for a double-quoted HTML attribute."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def add_head_tags(context: dict[str, Any], tags: list[str]) -> None:
    """Add tags to the page's ``metatags``, one block after the theme's, whatever part adds them.

    Several outputs add tags in turn (JSON-LD, feed links, Open Graph, hreflang);
    the block is rebuilt from all of them so that the page reads the same as if
    one part had written it.
    """
    if not tags:
        return
    added: list[str] = context.setdefault(_TAGS, [])
    if not added:
        context[_BEFORE] = context.get("metatags", "")
    added.extend(tags)
    context["metatags"] = context[_BEFORE] + "\n" + "\n".join(added) + "\n"
