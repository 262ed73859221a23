"""Excel exports of the dashboard tables (openpyxl), scoped like the page."""

from io import BytesIO

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = {"pct": "0.0%", "hours": "0.0", "score": "0.0", "int": "0"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(table, *, filename: str, subtitle: str = "") -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    # Sheet titles may not hold []:*?/\ and are at most 31 characters.
    ws.title = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:31] or "Sheet1"
    ws.append([table.title])
    ws["A1"].font = Font(bold=True, size=13)
    if subtitle:
        ws.append([subtitle])
    ws.append(table.headers)
    header_row = ws.max_row
    for c in ws[header_row]:
        c.font = Font(bold=True)
    for row in table.rows:
        typed = list(table.typed(row))
        ws.append([value for value, _kind in typed])
        for cell, (_value, kind) in zip(ws[ws.max_row], typed, strict=True):
            if kind == "stars" and cell.value:
                cell.number_format = "0"
            elif kind in FORMATS:
                cell.number_format = FORMATS[kind]
    for i, header in enumerate(table.headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(30, len(str(header)) * 2))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
