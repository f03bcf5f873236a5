"""The data map of one policy: which data goes to which recipients, for which activity, in which countries.

One band per processing activity, four columns (activity, personal data,
recipients, countries) joined by lines, so that a policy with thirty activities
reads from top to bottom like a table; band heights follow the text they hold.
The same flows are given as an HTML table (the text alternative).  Every text
is escaped; styling is by class (``static/policy-datamap.css``), never inline.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from html import escape as escape_html

from sphinx_policy import model
from sphinx_policy.i18n import record_words
from sphinx_policy.publishing import svg

WIDTH = 960
FONT_SIZE = 13
LINE_HEIGHT = 17
PADDING = 6  # inside a box
GAP = 8  # between boxes of a column, and around a band
HEADER_HEIGHT = 34
RECIPIENT_LABEL_LIMIT = 70
#: Left edge and width of each column.
COLUMNS = {"activity": (8, 200), "data": (252, 250), "recipients": (554, 230), "countries": (820, 132)}
TITLE_ID = "policy-data-map-title"
DESCRIPTION_ID = "policy-data-map-description"
HEADING_ID = "policy-data-map-heading"
ARROW_ID = "pdm-arrow"
#: Every id the map puts on the page; a page whose own ids take one gets them all numbered.
IDS = (HEADING_ID, TITLE_ID, DESCRIPTION_ID, ARROW_ID)


def id_suffix(taken: Collection[str]) -> str:
    """'' when none of the map's ids is taken on the page, else the first '-<n>' that frees them all."""
    suffix, number = "", 1
    while any(identifier + suffix in taken for identifier in IDS):
        number += 1
        suffix = f"-{number}"
    return suffix


@dataclass
class Box:
    """A box of text in one column of a band; ``title`` is its full text (shown as a tooltip)."""

    lines: list[str]
    css_class: str
    title: str = ""
    y: float = 0.0

    @property
    def height(self) -> float:
        return len(self.lines) * LINE_HEIGHT + 2 * PADDING


@dataclass
class Band:
    activity: Box
    data: Box
    recipients: list[Box] = field(default_factory=list)
    countries: list[Box] = field(default_factory=list)
    #: (index of a recipient box, index of a country box) and (index of a country box) for transfers.
    recipient_country: list[tuple[int, int]] = field(default_factory=list)
    transfer_countries: list[int] = field(default_factory=list)


def recipient_label(recipient: model.Recipient) -> str:
    """What the map calls a recipient: its name, or the first words of its description."""
    if recipient["name"]:
        return recipient["name"]
    return svg.shortened(recipient["description"], RECIPIENT_LABEL_LIMIT) or recipient["id"]


def _box(text: str, column: str, css_class: str, title: str = "") -> Box:
    return Box(svg.wrap(text, COLUMNS[column][1] - 2 * PADDING, FONT_SIZE), css_class, title)


def _country_label(code: str, language: str) -> str:
    return f"{record_words.country(code, language)} ({code.upper()})"


@dataclass(frozen=True)
class Flow:
    """What one activity does with data: the picture's band and the table's row."""

    name: str
    personal_data: list[str]
    recipients: list[model.Recipient]
    transfers: list[model.Transfer]


def flows(policy: model.Policy) -> list[Flow]:
    """One flow per activity, and one for recipients the policy names without tying them to an activity."""
    recipients = {recipient["id"]: recipient for recipient in policy["recipients"]}
    found = [
        Flow(
            activity["name"],
            activity["personal_data"],
            [recipients[code] for code in activity["recipients"] if code in recipients],
            activity["transfers"],
        )
        for activity in policy["activities"]
    ]
    used = {code for activity in policy["activities"] for code in activity["recipients"]}
    untied = [recipient for recipient in policy["recipients"] if recipient["id"] not in used]
    if untied:
        found.append(Flow(record_words.data_map_word("untied"), [], untied, []))
    return found


def bands(policy: model.Policy, language: str) -> list[Band]:
    found: list[Band] = []
    for flow in flows(policy):
        data_lines: list[str] = []
        for item in flow.personal_data:
            wrapped = svg.wrap(item, COLUMNS["data"][1] - 2 * PADDING - 12, FONT_SIZE)
            data_lines += ["• " + wrapped[0], *("  " + line for line in wrapped[1:])]
        data = (
            Box(data_lines, "pdm-data")
            if data_lines
            else _box(record_words.data_map_word("not_listed"), "data", "pdm-data pdm-missing")
        )
        band = Band(_box(flow.name, "activity", "pdm-activity"), data)
        countries: dict[str, int] = {}
        for recipient in flow.recipients:
            title = recipient["name"] or recipient["description"]
            band.recipients.append(_box(recipient_label(recipient), "recipients", "pdm-recipient", title))
            if recipient["country"]:
                country = recipient["country"].upper()
                if country not in countries:
                    countries[country] = len(band.countries)
                    band.countries.append(_country_box(country, language))
                band.recipient_country.append((len(band.recipients) - 1, countries[country]))
        if not band.recipients:
            band.recipients.append(
                _box(record_words.data_map_word("no_recipients"), "recipients", "pdm-recipient pdm-missing")
            )
        for transfer in flow.transfers:
            country = transfer["country"].upper()
            safeguard = record_words.transfer_safeguard(transfer["safeguard"])
            text = f"{_country_label(country, language)}: {safeguard}"
            band.countries.append(_box(text, "countries", _country_class(country) + " pdm-transfer"))
            band.transfer_countries.append(len(band.countries) - 1)
        found.append(band)
    return found


def _country_class(code: str) -> str:
    return "pdm-country" if code in model.EEA_COUNTRIES else "pdm-country pdm-third-country"


def _country_box(code: str, language: str) -> Box:
    return _box(_country_label(code, language), "countries", _country_class(code))


def _stack(boxes: list[Box], top: float) -> float:
    """Place boxes one under another from ``top``; the height they take."""
    y = top
    for box in boxes:
        box.y = y
        y += box.height + GAP
    return y - top - GAP if boxes else 0.0


def _draw_box(box: Box, column: str) -> str:
    x, width = COLUMNS[column]
    parts = [f"<g{svg.attributes(class_=box.css_class)}>"]
    if box.title:
        parts.append(f"<title>{svg.escape(box.title)}</title>")
    parts.append(
        f"<rect{svg.attributes(x=x, y=box.y, width=width, height=box.height, rx=4, fill='#ffffff', stroke='#555555')}/>"
    )
    parts.append(svg.text_block(box.lines, x + PADDING, box.y + PADDING + FONT_SIZE, LINE_HEIGHT, "pdm-text"))
    parts.append("</g>")
    return "".join(parts)


def _link(from_box: Box, from_column: str, to_box: Box, to_column: str, css_class: str) -> str:
    x1 = COLUMNS[from_column][0] + COLUMNS[from_column][1]
    x2 = COLUMNS[to_column][0]
    y1 = from_box.y + min(from_box.height / 2, LINE_HEIGHT)
    y2 = to_box.y + min(to_box.height / 2, LINE_HEIGHT)
    middle = (x1 + x2) / 2
    path = f"M{x1:g},{y1:g} C{middle:g},{y1:g} {middle:g},{y2:g} {x2 - 6:g},{y2:g}"
    return (
        f'<path{svg.attributes(class_=css_class, d=path, fill="none", stroke="#555555")} marker-end="url(#pdm-arrow)"/>'
    )


def data_map_svg(policy: model.Policy, language: str, suffix: str = "") -> str:
    """The picture: inline SVG with a title and a description, labelled for assistive technology."""
    layout = bands(policy, language)
    parts: list[str] = []
    headers = (
        ("activity", record_words.data_map_word("activity")),
        ("data", record_words.data_map_word("personal_data")),
        ("recipients", record_words.data_map_word("recipients")),
        ("countries", record_words.data_map_word("countries")),
    )
    for column, text in headers:
        parts.append(svg.text_block([text], COLUMNS[column][0], 22, LINE_HEIGHT, "pdm-heading"))
    y = float(HEADER_HEIGHT)
    for position, band in enumerate(layout):
        top = y + GAP
        heights = [
            _stack([band.activity], top),
            _stack([band.data], top),
            _stack(band.recipients, top),
            _stack(band.countries, top),
        ]
        height = max(heights) + 2 * GAP
        band_class = "pdm-band pdm-band-alternate" if position % 2 else "pdm-band"
        parts.append(f"<rect{svg.attributes(class_=band_class, x=0, y=y, width=WIDTH, height=height, fill='none')}/>")
        parts.append(_link(band.activity, "activity", band.data, "data", "pdm-link"))
        for recipient in band.recipients:
            if "pdm-missing" not in recipient.css_class:
                parts.append(_link(band.data, "data", recipient, "recipients", "pdm-link"))
        for recipient_index, country_index in band.recipient_country:
            parts.append(
                _link(
                    band.recipients[recipient_index],
                    "recipients",
                    band.countries[country_index],
                    "countries",
                    "pdm-link",
                )
            )
        for country_index in band.transfer_countries:
            parts.append(
                _link(band.data, "data", band.countries[country_index], "countries", "pdm-link pdm-transfer-link")
            )
        parts.append(_draw_box(band.activity, "activity"))
        parts.append(_draw_box(band.data, "data"))
        parts.extend(_draw_box(box, "recipients") for box in band.recipients)
        parts.extend(_draw_box(box, "countries") for box in band.countries)
        y += height
    title = f"{record_words.data_map_word('title')}: {policy['title']}"
    marker = (
        f'<defs><marker id="{ARROW_ID}{suffix}" viewBox="0 0 10 10" refX="0" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path class="pdm-arrow" d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker></defs>'
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg"'
        f"{svg.attributes(viewBox=f'0 0 {WIDTH} {y:g}', width=WIDTH, height=f'{y:g}')}"
        f' role="img" aria-labelledby="{TITLE_ID}{suffix} {DESCRIPTION_ID}{suffix}" class="pdm"'
        f' font-family="sans-serif" font-size="{FONT_SIZE}">'
        f'<title id="{TITLE_ID}{suffix}">{svg.escape(title)}</title>'
        f'<desc id="{DESCRIPTION_ID}{suffix}">{svg.escape(record_words.data_map_word("description"))}</desc>'
        f"{marker}{''.join(parts).replace(f'url(#{ARROW_ID})', f'url(#{ARROW_ID}{suffix})')}</svg>"
    )


def _cell(lines: list[str]) -> str:
    if not lines:
        return "<td>&ndash;</td>"
    if len(lines) == 1:
        return f"<td>{escape_html(lines[0])}</td>"
    return "<td><ul>" + "".join(f"<li>{escape_html(line)}</li>" for line in lines) + "</ul></td>"


def flows_table(policy: model.Policy, language: str) -> str:
    """The text alternative: the same flows, one row per activity."""
    rows = []
    for flow in flows(policy):
        recipient_lines = [
            recipient["name"] or recipient["description"] or recipient["id"] for recipient in flow.recipients
        ]
        countries = sorted({recipient["country"].upper() for recipient in flow.recipients if recipient["country"]})
        country_lines = [_country_label(code, language) for code in countries]
        for transfer in flow.transfers:
            safeguard = record_words.transfer_safeguard(transfer["safeguard"])
            country_lines.append(f"{_country_label(transfer['country'], language)}: {safeguard}")
        rows.append(
            f'<tr><th scope="row">{escape_html(flow.name)}</th>'
            f"{_cell(flow.personal_data)}{_cell(recipient_lines)}{_cell(country_lines)}</tr>"
        )
    headings = "".join(
        f'<th scope="col">{escape_html(record_words.data_map_word(key))}</th>'
        for key in ("activity", "personal_data", "recipients", "countries")
    )
    return (
        '<div class="table-wrapper"><table class="policy-data-map-table docutils">'
        f"<caption>{escape_html(record_words.data_map_word('table'))}</caption>"
        f"<thead><tr>{headings}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def data_map_html(policy: model.Policy, language: str, taken: Collection[str] = ()) -> str:
    """The map as a figure, and its table in a disclosure below it; ``taken``: the ids already on the page."""
    heading = escape_html(record_words.data_map_word("title"))
    suffix = id_suffix(taken)
    return (
        f'<section class="policy-data-map" aria-labelledby="{HEADING_ID}{suffix}">'
        f'<h2 id="{HEADING_ID}{suffix}">{heading}</h2>'
        f'<div class="policy-data-map-picture">{data_map_svg(policy, language, suffix)}</div>'
        f"<details><summary>{escape_html(record_words.data_map_word('table'))}</summary>"
        f"{flows_table(policy, language)}</details></section>"
    )
