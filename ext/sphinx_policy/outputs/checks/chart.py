"""The transparency summary as a picture: one bar of findings per policy, by severity.

Severity is never told by colour alone: each severity has its own shape (drawn
in the legend and on every part of a bar wide enough to hold it) and every bar
ends with its counts in words.  Inline SVG, classes only, every text escaped.
"""

from __future__ import annotations

from sphinx_policy import model
from sphinx_policy.i18n import record_words, words
from sphinx_policy.publishing import svg

KEYS = (*model.SEVERITIES, "waived")
#: A shape per severity, as a path around (0, 0) that fits a 12 x 12 square.
SHAPES = {
    "error": "M-6,-6 L6,6 M6,-6 L-6,6",  # a cross
    "warning": "M0,-6 L6,6 L-6,6 Z",  # a triangle
    "info": "M-6,0 A6,6 0 1,0 6,0 A6,6 0 1,0 -6,0 Z",  # a circle
    "waived": "M0,-6 L6,0 L0,6 L-6,0 Z",  # a diamond
}
#: The same shapes as characters, for the cells of the summary's table.
SYMBOLS = {"error": "✕", "warning": "▲", "info": "●", "waived": "◆"}
LABEL_WIDTH, BAR_WIDTH, TEXT_X, WIDTH = 150, 300, 470, 900
ROW_HEIGHT, LEGEND_HEIGHT = 30, 40
TITLE_ID, DESCRIPTION_ID = "policy-chart-title", "policy-chart-description"


def _shape(key: str, x: float, y: float) -> str:
    return (
        f"<path{svg.attributes(class_='policy-chart-shape', d=SHAPES[key], transform=f'translate({x:g},{y:g})')}"
        ' fill="#ffffff" stroke="#111111" stroke-width="1.5"/>'
    )


def severity_chart(policies: list[tuple[str, dict[str, int]]]) -> str:
    """``policies``: (label, counts by severity) in the order to show them."""
    largest = max((sum(counts.values()) for _label, counts in policies), default=0) or 1
    parts = []
    x = 0.0
    for key in KEYS:
        parts.append(_shape(key, x + 8, 16))
        parts.append(svg.text_block([words.severity(key)], x + 20, 21, 16, "pdm-text"))
        x += 30 + len(words.severity(key)) * 8
    for position, (label, counts) in enumerate(policies):
        top = LEGEND_HEIGHT + position * ROW_HEIGHT
        parts.append(svg.text_block([svg.shortened(label, 24)], 0, top + 19, 16, "pdm-text"))
        x = float(LABEL_WIDTH)
        for key in KEYS:
            if not counts[key]:
                continue
            width = BAR_WIDTH * counts[key] / largest
            parts.append(
                f"<rect{svg.attributes(class_=f'severity-{key}', x=x, y=top + 4, width=width, height=ROW_HEIGHT - 8)}"
                ' fill="#555555"/>'
            )
            if width >= 16:
                parts.append(_shape(key, x + width / 2, top + ROW_HEIGHT / 2))
            x += width
        counted = ", ".join(f"{words.severity(key)}: {counts[key]}" for key in KEYS)
        parts.append(svg.text_block([counted], TEXT_X, top + 19, 16, "pdm-text"))
    height = LEGEND_HEIGHT + len(policies) * ROW_HEIGHT
    return (
        '<div class="policy-chart"><svg xmlns="http://www.w3.org/2000/svg"'
        f"{svg.attributes(viewBox=f'0 0 {WIDTH} {height}', width=WIDTH, height=height)}"
        f' role="img" aria-labelledby="{TITLE_ID} {DESCRIPTION_ID}" font-family="sans-serif" font-size="13">'
        f'<title id="{TITLE_ID}">{svg.escape(record_words.summary_chart_word("title"))}</title>'
        f'<desc id="{DESCRIPTION_ID}">{svg.escape(record_words.summary_chart_word("description"))}</desc>'
        f"{''.join(parts)}</svg></div>"
    )
