"""Org units from Excel: created through the tree's own services (the tree
lock and its rules), matched by code path, re-import changes nothing."""

from members.models import ImportStatus
from orgs.integrity import tree_problems
from orgs.models import OrgUnit
from tests.members.excel import errors_in, export, upload, upload_and_apply
from tests.members.factories import xlsx

HEADERS = ["单位编码路径", "单位名称", "单位类型", "户数", "人口", "纬度", "经度"]


def test_it_round_trips_the_tree_without_changing_anything(world):
    before = list(OrgUnit.objects.order_by("pk").values())
    job = upload_and_apply(world.admin, "units", export(world.admin, "units"))
    assert job.status == ImportStatus.DONE
    assert job.summary["created"] == job.summary["updated"] == 0
    assert job.summary["unchanged"] == len(before)
    assert list(OrgUnit.objects.order_by("pk").values()) == before


def test_it_creates_units_under_parents_named_earlier_in_the_file(world):
    content = xlsx(
        HEADERS,
        [
            ["TQ/01/002", "新社区", "社区/村", 0, 0, "", ""],
            ["TQ/01/002/01", "新社区第一网格", "网格", 320, 800, 22.25, 113.55],
            ["TQ/01/002/01/01", "一栋党小组", "党小组/楼栋", "", "", "", ""],
            ["TQ/01/001/01", "一网格（改名）", "网格", 300, 800, "", ""],
        ],
    )
    job = upload_and_apply(world.admin, "units", content)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary["created"] == 3 and job.summary["updated"] == 1
    grid = OrgUnit.objects.get(name="新社区第一网格")
    assert grid.parent.name == "新社区" and grid.households == 320
    assert str(grid.latitude) == "22.250000"
    world.g1.refresh_from_db()
    assert world.g1.name == "一网格（改名）"
    assert tree_problems() == []


def test_it_reports_bad_units_by_row_and_leaves_the_tree_alone(world, settings):
    settings.LANGUAGE_CODE = "en"
    before = OrgUnit.objects.count()
    content = xlsx(
        HEADERS,
        [
            ["TQ/01/003", "好社区", "community", "", "", "", ""],
            ["TQ/09/001", "孤儿社区", "community", "", "", "", ""],  # 3: no such parent
            ["TQ/01/001/01/05", "网格下的社区", "community", "", "", "", ""],  # 4: kind not allowed
            ["TQ/01/004", "", "community", -1, "", "", ""],  # 5: empty name, negative count
            ["TQ/01/005", "纬度错", "community", "", "", 99, ""],  # 6
        ],
    )
    response = upload(world.admin, "units", content)
    errors = {}
    for row, column, message in errors_in(response):
        errors.setdefault(row, []).append((column, message))
    assert sorted(errors) == [3, 4, 5, 6]
    assert errors[3][0][0] == "单位编码路径" and "does not exist" in errors[3][0][1]
    assert errors[4][0][0] == "单位编码路径" and "cannot be placed under" in errors[4][0][1]
    assert {c for c, _m in errors[5]} == {"单位名称", "户数"}
    assert errors[6][0][0] == "纬度"
    assert OrgUnit.objects.count() == before and tree_problems() == []


def test_only_tree_managers_import_units(world):
    response = upload(
        world.community, "units", xlsx(HEADERS, [["TQ/01/009", "x", "community", "", "", "", ""]])
    )
    assert response.status_code == 403
