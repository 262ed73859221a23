"""Writing workbooks: every cell any export sends to Excel goes through
`put`, the one guard against formula injection.

A text starting with = + - @, a tab or a carriage return is what Excel (and
LibreOffice) may run as a formula or a DDE call (OWASP "CSV injection").
Stripping or prefixing the character would change the data and break the
round trip (export, edit, import). Instead such a cell is written as what it
is: a string cell (never a formula cell) with Excel's own "quote prefix"
style, the mark Excel sets when a person types '=... so the cell stays text
even after it is edited. The value itself is untouched, so an import reads
back exactly the text that was exported, with nothing to undo.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
INVALID_TITLE_CHARS = "[]:*?/\\"
MAX_WIDTH = 50


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def put(cell, value):
    """Set `cell` to `value`; text that Excel could evaluate stays text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(ws, values) -> list:
    """Append one row of values through `put`; returns its cells."""
    values = list(values)
    ws.append(values)
    cells = list(ws[ws.max_row])[: len(values)]
    return [put(cell, value) for cell, value in zip(cells, values, strict=True)]


def sheet_title(title) -> str:
    """Sheet titles may not hold []:*?/\\ and are at most 31 characters."""
    return "".join(ch for ch in str(title) if ch not in INVALID_TITLE_CHARS)[:31] or "Sheet1"


def save(wb) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def rows_xlsx(title, headers, rows) -> bytes:
    """A one-sheet workbook: bold headers frozen on top, then `rows`."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(title)
    widths = [len(str(h)) for h in headers]
    for cell in append_row(ws, headers):
        cell.font = Font(bold=True)
    for values in rows:
        values = ["" if v is None else v for v in values]
        append_row(ws, values)
        for i, v in enumerate(values[: len(widths)]):
            widths[i] = max(widths[i], len(str(v)))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width * 1.5 + 2)
    ws.freeze_panes = "A2"
    return save(wb)


def dataset_xlsx(dataset) -> bytes:
    """A tablib Dataset (what django-import-export exports) as a workbook."""
    return rows_xlsx(dataset.title or "Sheet1", list(dataset.headers or []), dataset)
