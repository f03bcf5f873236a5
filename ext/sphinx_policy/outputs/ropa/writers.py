"""The record of processing activities as files: CSV, an Excel workbook and an HTML page.

Each writer takes the same headings and rows (``record``) and returns bytes, so
the three files cannot disagree.  Lines of a cell are joined with a newline: a
spreadsheet shows them as lines of one wrapped cell.  The same rows give the
same bytes (the workbook's dates and zip entries are set from ``SOURCE_DATE_EPOCH``).
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
import zipfile
from html import escape

from .record import Row

CELL_LINE_SEPARATOR = "\n"
#: Widths of the spreadsheet's columns, in characters: wide enough to read a line, then wrapped.
NARROW_COLUMN, WIDE_COLUMN = 24, 48
NARROW_COLUMNS = frozenset({"activity", "legal_bases", "owner", "dpia", "lia", "source"})


def cell(lines: list[str]) -> str:
    return CELL_LINE_SEPARATOR.join(lines)


def to_csv(keys: list[str], headings: list[str], rows: list[Row]) -> bytes:
    """RFC 4180 CSV, UTF-8 with a byte order mark so that spreadsheet programs read the letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    for row in rows:
        writer.writerow([cell(row[key]) for key in keys])
    return buffer.getvalue().encode("utf-8-sig")


def build_date() -> datetime.datetime:
    """The build's date: SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).replace(tzinfo=None)
    return datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0, tzinfo=None)


def to_xlsx(keys: list[str], headings: list[str], rows: list[Row], title: str) -> bytes:
    """An Excel workbook: the header row stays in view, columns are readable, text wraps."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError as error:  # an optional dependency: say how to get it
        raise RuntimeError(
            "the record of processing activities needs openpyxl for its .xlsx file: "
            "pip install 'sphinx-policy[ropa]' (nox -s ropa installs it)."
        ) from error
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    # A sheet title has at most 31 characters and none of []:*?/\ (Excel's rule).
    sheet.title = "".join(character for character in title if character not in "[]:*?/\\")[:31] or "ROPA"
    sheet.append(headings)
    for row in rows:
        sheet.append([cell(row[key]) for key in keys])
    wrapped = Alignment(wrap_text=True, vertical="top")
    for column_cells in sheet.iter_cols():
        for spreadsheet_cell in column_cells:
            spreadsheet_cell.alignment = wrapped
    for spreadsheet_cell in sheet[1]:
        spreadsheet_cell.font = Font(bold=True)
    for position, key in enumerate(keys, start=1):
        width = NARROW_COLUMN if key in NARROW_COLUMNS else WIDE_COLUMN
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "B2"  # the header row and the activity's name stay in view
    sheet.auto_filter.ref = sheet.dimensions
    when = build_date()
    workbook.properties.created = when
    workbook.properties.modified = when
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_dates(buffer.getvalue(), when)


def _fixed_zip_dates(archive: bytes, when: datetime.datetime) -> bytes:
    """The same workbook with every zip entry, and its "modified" property, dated ``when``.

    openpyxl dates the zip entries by the clock and sets "modified" to the time of saving.
    """
    source = zipfile.ZipFile(io.BytesIO(archive))
    modified = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    output = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + modified + rb"\g<2>", content
                )
            target.writestr(info, content)
    return output.getvalue()


def to_html(
    keys: list[str], headings: list[str], rows: list[Row], title: str, notice: str, language: str, stylesheet: str
) -> bytes:
    """A page to read or print: one table, the header repeated on every printed page (thead)."""
    head = "".join(f'<th scope="col">{escape(heading)}</th>' for heading in headings)
    body = []
    for row in rows:
        cells = []
        for position, key in enumerate(keys):
            content = "<br>".join(escape(line) for line in row[key])
            tag = "th" if position == 0 else "td"
            scope = ' scope="row"' if position == 0 else ""
            cells.append(f'<{tag}{scope} class="ropa-{escape(key)}">{content}</{tag}>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    page = f"""<!DOCTYPE html>
<html lang="{escape(language)}">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{escape(stylesheet)}">
</head>
<body>
<main>
<h1>{escape(title)}</h1>
<p class="ropa-notice">{escape(notice)}</p>
<div class="ropa-table-wrapper">
<table class="ropa">
<caption>{escape(title)}</caption>
<thead><tr>{head}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</div>
</main>
</body>
</html>
"""
    return page.encode("utf-8")


STYLESHEET = """\
body { font-family: system-ui, sans-serif; margin: 1rem; color: #111; background: #fff; }
.ropa-notice { font-weight: bold; }
.ropa-table-wrapper { overflow-x: auto; }
table.ropa { border-collapse: collapse; font-size: 0.85rem; }
table.ropa th, table.ropa td { border: 1px solid #777; padding: 0.3rem 0.4rem; vertical-align: top; min-width: 10rem; }
table.ropa thead th { position: sticky; top: 0; background: #e8e8e8; }
table.ropa caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
@media print { thead { display: table-header-group; } table.ropa { font-size: 7pt; } }
"""
