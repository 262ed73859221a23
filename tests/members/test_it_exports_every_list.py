"""Every list exports to Excel as the caller sees it, and each export is
recorded: who, when, what, with which filters, how many rows."""

import pytest
from django.test import Client
from django.urls import reverse

from grids import services as grid_services
from members import services
from members.models import ExportRecord

from .factories import household, member, read_xlsx, resident


@pytest.fixture
def data(world):
    m = member(world.leader, world.g1, name="一网格党员", category="in_service")
    services.dual_report_set(
        member=m,
        user=world.leader,
        community_unit=world.c1,
        workplace="单位",
        reported_on=m.created_at.date(),
    )
    h = household(world.leader, world.g1, address="一网格住址")
    resident(world.leader, h)
    services.visit_create(
        household=h, user=world.leader, visited_on=h.created_at.date(), notes="走访一网格"
    )
    grid_services.branch_set(grid=world.g1, user=world.leader, name="一网格党支部", secretary=m)
    other = member(world.outsider, world.g2, name="三网格党员")
    household(world.outsider, world.g2, address="三网格住址")
    grid_services.branch_set(
        grid=world.g2, user=world.outsider, name="三网格党支部", secretary=other
    )
    return world


LISTS = [
    ("member-list", "members", "一网格党员", "三网格党员"),
    ("member-dual-report-list", "dual_reports", "一网格党员", "三网格党员"),
    ("household-list", "households", "一网格住址", "三网格住址"),
    ("visit-list", "visits", "走访一网格", "三网格"),
    ("grid-overview", "grids", "一网格党支部", "三网格党支部"),
    ("grid-staff-list", "staff", "teammate", "outsider"),
]


@pytest.mark.parametrize(("name", "what", "mine", "theirs"), LISTS)
def test_it_exports_the_list_scoped_and_records_it(data, name, what, mine, theirs):
    client = Client()
    client.force_login(data.leader)
    response = client.get(reverse(name), {"format": "xlsx", "q": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    headers, rows = read_xlsx(response.content)
    text = str(rows)
    assert mine in text and theirs not in text
    record = ExportRecord.objects.get()
    assert (record.user, record.what, record.rows) == (data.leader, what, len(rows))
    assert record.query == "q=" and record.at is not None


def test_it_lists_export_records_for_administrators(data):
    client = Client()
    client.force_login(data.leader)
    client.get(reverse("household-list"), {"format": "xlsx"})
    data.admin.is_superuser = True
    data.admin.save()
    admin = Client()
    admin.force_login(data.admin)
    page = admin.get(reverse("admin:members_exportrecord_changelist")).content.decode()
    assert "households" in page and "leader" in page
