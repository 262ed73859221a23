"""The import template: the sheet to fill has the headers only (an untouched
template imports nothing), drop-downs for the columns with fixed answers and
the caller's units, an example sheet with a filled-in row; a unit may be
named by its code path, its full name or the code the unit page shows; an
unknown one names the row and the cell, and nothing is written."""

from io import BytesIO

from openpyxl import load_workbook

from members.models import Household

from .excel import HOUSEHOLD_HEADERS, client_for, errors_in, upload, upload_and_apply
from .factories import xlsx


def _template(user, kind="households"):
    response = client_for(user).get(f"/imports/{kind}/template/")
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _validations(ws) -> dict[str, str]:
    """Column header → the list the drop-down offers (the hidden sheet's range)."""
    headers = {c.column_letter: c.value for c in ws[1]}
    out = {}
    for rule in ws.data_validations.dataValidation:
        letter = str(rule.sqref).split(":")[0].rstrip("0123456789")
        out[headers[letter]] = rule.formula1
    return out


def _listed(book, formula: str) -> list[str]:
    sheet, cells = formula.split("!")
    ws = book[sheet.strip("'")]
    first, last = cells.replace("$", "").split(":")
    column = first.rstrip("0123456789")
    start, end = int(first[len(column) :]), int(last[len(column) :])
    return [ws[f"{column}{n}"].value for n in range(start, end + 1)]


def test_it_gives_drop_downs_and_an_example(world):
    book = _template(world.leader)
    fill, example, lists = book.worksheets
    assert [c.value for c in fill[1]] == HOUSEHOLD_HEADERS
    assert fill.max_row == 1
    assert lists.sheet_state == "hidden"
    rules = _validations(fill)
    assert set(rules) == {"网格编码", "党小组/楼栋编码", "户标签", "与户主关系"}
    assert _listed(book, rules["网格编码"]) == ["TQ/01/001/01"]
    assert _listed(book, rules["户标签"]) == [
        "独居老人",
        "低保户",
        "残疾人",
        "流动人口",
        "重点关爱",
    ]
    row = {h.value: v.value for h, v in zip(example[1], example[2], strict=True)}
    assert row["网格编码"] == "TQ/01/001/01"
    assert row["住址"] == "幸福路1号3栋2单元502室"
    assert row["户标签"] == "独居老人"
    assert row["与户主关系"] == "户主"


def test_it_imports_nothing_from_an_untouched_template(world):
    book = _template(world.leader)
    out = BytesIO()
    book.save(out)
    upload(world.leader, "households", out.getvalue())
    assert not Household.objects.exists()


def test_it_takes_a_unit_by_name_or_the_code_on_its_page(world):
    rows = [
        ["一网格", "幸福路1号", "", "", "", "", "", "", "", ""],
        ["01", "幸福路2号", "", "", "", "", "", "", "", ""],
    ]
    upload_and_apply(world.leader, "households", xlsx(HOUSEHOLD_HEADERS, rows))
    assert sorted(Household.objects.values_list("address", "grid_id")) == [
        ("幸福路1号", world.g1.id),
        ("幸福路2号", world.g1.id),
    ]


def test_it_names_the_row_and_cell_of_an_unknown_unit(world, settings):
    settings.LANGUAGE_CODE = "en"
    rows = [
        ["一网格", "幸福路1号", "", "", "", "", "", "", "", ""],
        ["九网格", "幸福路2号", "", "", "", "李四", "户主", "", "", ""],
    ]
    response = upload(world.leader, "households", xlsx(HOUSEHOLD_HEADERS, rows))
    assert response.status_code == 400
    grid_errors = [(r, m) for r, c, m in errors_in(response) if c == "网格编码"]
    assert len(grid_errors) == 1
    row, message = grid_errors[0]
    assert row == 3
    assert "Unknown unit “九网格”" in message
    assert not Household.objects.exists()
