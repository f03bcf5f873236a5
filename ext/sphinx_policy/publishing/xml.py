"""Text for XML files (sitemaps, Atom): only the characters XML 1.0 allows, escaped for its place.

XML 1.0 has no way to write most control characters, not even as references: a
title holding one makes the whole file unreadable to a feed reader or a search
engine.  They are removed here (with the C1 controls and non-characters, which
XML discourages); every output that writes XML text or attributes passes its
values through ``xml_text`` (ElementTree escapes them) or ``xml_escape`` (when
the markup is written by hand).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_NOT_IN_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters an XML file cannot hold (control characters, lone surrogates)."""
    return _NOT_IN_XML.sub("", value)


def xml_escape(value: str) -> str:
    """``value`` for XML text or a double- or single-quoted attribute: cleaned, then escaped."""
    return escape(xml_text(value), {'"': "&quot;", "'": "&apos;"})
