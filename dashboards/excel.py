"""Excel exports of the dashboard tables (openpyxl), scoped like the page."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from members.excel.writing import append_row, save, sheet_title

FORMATS = {"pct": "0.0%", "hours": "0.0", "score": "0.0", "int": "0"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(table, *, filename: str, subtitle: str = "") -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    # Every cell goes through the one formula-injection guard: a unit's
    # name or a score note is text, never a formula.
    ws.title = sheet_title(table.title)
    append_row(ws, [table.title])[0].font = Font(bold=True, size=13)
    if subtitle:
        append_row(ws, [subtitle])
    for c in append_row(ws, table.headers):
        c.font = Font(bold=True)
    header_row = ws.max_row
    for row in table.rows:
        typed = list(table.typed(row))
        cells = append_row(ws, [value for value, _kind in typed])
        for cell, (_value, kind) in zip(cells, typed, strict=True):
            if kind == "stars" and cell.value:
                cell.number_format = "0"
            elif kind in FORMATS:
                cell.number_format = FORMATS[kind]
    for i, header in enumerate(table.headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(30, len(str(header)) * 2))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    response = HttpResponse(save(wb), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
