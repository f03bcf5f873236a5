"""Small SVG helpers shared by the outputs that draw (the data map, the transparency summary).

Pictures are inline SVG that needs no script and no ``style`` attribute, so they
work under ``Content-Security-Policy: default-src 'self'``: colours come from
classes (styled in ``static/``), with presentation attributes as the fallback.
Every text and attribute value goes through ``escape`` here.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape as _escape_text
from xml.sax.saxutils import quoteattr

#: Average width of a character of the pictures' sans-serif font, in pixels per
#: pixel of font size: wraps text to a column's width without measuring it.
CHARACTER_WIDTH = 0.56


def escape(text: str) -> str:
    """Text for an SVG/XML element (also valid inside HTML)."""
    return _escape_text(text)


def attributes(**values: str | int | float) -> str:
    """` name="value"` pairs, escaped; a trailing underscore is dropped and ``_`` becomes ``-``."""
    parts = []
    for name, value in values.items():
        key = name.rstrip("_").replace("_", "-")
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(f" {key}={quoteattr(shown)}")
    return "".join(parts)


def wrap(text: str, width_pixels: float, font_size: float) -> list[str]:
    """Lines of ``text`` that fit ``width_pixels``; a word longer than a line is broken."""
    characters = max(8, int(width_pixels / (font_size * CHARACTER_WIDTH)))
    return textwrap.wrap(text, width=characters, break_long_words=True, break_on_hyphens=False) or [""]


def text_block(lines: list[str], x: float, y: float, line_height: float, css_class: str) -> str:
    """Lines of text, one ``tspan`` each, the first baseline at ``y``."""
    spans = "".join(
        f"<tspan{attributes(x=x, y=y + position * line_height)}>{escape(line)}</tspan>"
        for position, line in enumerate(lines)
    )
    return f"<text{attributes(class_=css_class)}>{spans}</text>"


def shortened(text: str, limit: int) -> str:
    """The first sentence of ``text``, cut at a word before ``limit`` characters (with an ellipsis)."""
    first = text.split(". ")[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
