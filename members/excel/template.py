"""Import templates people can fill in without guessing: the sheet to fill
(headers only, so an untouched template imports nothing), drop-downs (Excel
data validation) for every column with a fixed set of answers (categories,
tags, relations, the units of the caller's area), and a second sheet with a
filled-in example row."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from .cells import ChoiceCell, UnitCell
from .units import UnitIndex
from .writing import append_row, put, save, sheet_title

ROWS = 2000  # rows of the sheet the drop-downs cover


def choices_of(sheet_class, index: UnitIndex) -> dict[str, list[str]]:
    """Column → the answers it accepts, as a person writes them."""
    out = {}
    for f in sheet_class.ordered_fields():
        if f.readonly:
            continue
        widget = f.widget
        choice = getattr(widget, "choice", None) if not isinstance(widget, ChoiceCell) else widget
        if isinstance(choice, ChoiceCell):
            out[f.column_name] = [str(label) for _v, label in choice._pairs()]
        elif isinstance(widget, UnitCell):
            paths = sorted(
                index.path(pk) for pk, node in index.nodes.items() if node[1] in widget.kinds
            )
            if paths:
                out[f.column_name] = paths
    return out


def template_workbook(sheet_class, *, user, title, example_title, lists_title) -> bytes:
    index = UnitIndex.for_user(user)
    columns = sheet_class.column_names(readonly=False)
    choices = choices_of(sheet_class, index)
    example = sheet_class.example_row(index=index, choices=choices)

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(title)
    for cell in append_row(ws, columns):
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"

    sample = wb.create_sheet(sheet_title(example_title))
    for cell in append_row(sample, columns):
        cell.font = Font(bold=True)
    append_row(sample, [example.get(c, "") for c in columns])

    lists = wb.create_sheet(sheet_title(lists_title))
    lists.sheet_state = "hidden"
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        width = max([len(column)] + [len(str(example.get(column, "")))])
        ws.column_dimensions[letter].width = min(50, width * 1.6 + 2)
        sample.column_dimensions[letter].width = min(50, width * 1.6 + 2)
        values = choices.get(column)
        if not values:
            continue
        put(lists.cell(row=1, column=i), column)
        for row, value in enumerate(values, start=2):
            put(lists.cell(row=row, column=i), value)
        source = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(values) + 1}"
        multiple = getattr(
            sheet_class.fields[_field_name(sheet_class, column)].widget, "SPLIT", None
        )
        rule = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            # Tags may hold several answers (独居老人、低保户): a warning, not a refusal.
            errorStyle="warning" if multiple else "stop",
            showErrorMessage=True,
        )
        ws.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{ROWS + 1}")
    return save(wb)


def _field_name(sheet_class, column) -> str:
    for name, f in sheet_class.fields.items():
        if f.column_name == column:
            return name
    raise KeyError(column)
