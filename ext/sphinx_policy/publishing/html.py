"""Small HTML helpers shared by the outputs that add to a page's ``<head>``."""

from __future__ import annotations

import html
from typing import Any

#: A generated page's one-sentence summary, which the output that makes the page puts in
#: its context; site metadata writes it as the page's meta description.
PAGE_DESCRIPTION = "policy_page_description"

_TAGS = "policy_head_tags"
_BEFORE = "policy_metatags_before"


def attribute(value: str) -> str:
    """A value escaped for a double-quoted HTML attribute."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def page_title(text: str) -> str:
    """A page's title for a template context: themes write ``title`` into the page as HTML
    (the navigation bar of the classic and nature themes, furo's headings), so the plain text
    of a title, which may hold ``<`` or ``&``, is escaped here once."""
    return html.escape(text, quote=True)


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
