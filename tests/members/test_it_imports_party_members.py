"""Party members from Excel: template, dry run, bad rows by row number,
confirm, and a round trip that changes nothing."""

import pytest
from django.urls import reverse

from members.models import ExportRecord, ImportJob, ImportStatus, PartyMember

from .excel import MEMBER_HEADERS, client_for, errors_in, export, upload, upload_and_apply
from .factories import bad_check_digit, id_number, member, read_xlsx, xlsx

G1 = "TQ/01/001/01"
P1 = "TQ/01/001/01/01"
G2 = "TQ/02/001/01"


def rows(n=2):
    return [
        ["党员" + str(i), id_number(), "男", "在职党员", G1, "2001-07-01", ""] for i in range(n)
    ]


def test_it_serves_a_template_with_chinese_headers(world):
    response = client_for(world.leader).get(reverse("import-template", args=["members"]))
    headers, data = read_xlsx(response.content)
    assert headers == MEMBER_HEADERS and data == []


def test_it_checks_first_and_writes_nothing_until_confirmed(world):
    response = upload(world.leader, "members", xlsx(MEMBER_HEADERS, rows(3)))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.READY and job.summary["created"] == 3
    assert PartyMember.objects.count() == 0  # the dry run rolled back
    client_for(world.leader).post(reverse("import-confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and not job.file
    assert PartyMember.objects.filter(grid=world.g1, category="in_service").count() == 3


def test_it_lists_every_bad_row_with_its_number_and_writes_nothing(world, settings):
    settings.LANGUAGE_CODE = "en"
    dup = id_number()
    content = xlsx(
        MEMBER_HEADERS,
        [
            ["好人", id_number(), "", "普通党员", G1, "", ""],  # row 2: fine
            ["错号", bad_check_digit(id_number()), "", "普通党员", G1, "", ""],  # row 3
            ["无单位", id_number(), "", "普通党员", "TQ/99/XX", "", ""],  # row 4
            ["", id_number(), "", "普通党员", G1, "", ""],  # row 5: empty name
            ["甲", dup, "", "普通党员", G1, "", ""],  # row 6
            ["乙", dup, "", "普通党员", G1, "", ""],  # row 7: the same person again
            ["外区", id_number(), "", "普通党员", G2, "", ""],  # row 8: outside the area
            ["丙", id_number(), "", "党外人士", P1, "2001/7/1", "123"],  # row 9: two bad cells
        ],
    )
    response = upload(world.leader, "members", content)
    assert response.status_code == 400
    errors = errors_in(response)
    by_row = {}
    for row, column, message in errors:
        by_row.setdefault(row, []).append((column, message))
    assert sorted(by_row) == [3, 4, 5, 7, 8, 9]
    assert by_row[3] == [("身份证号", by_row[3][0][1])] and "check digit" in by_row[3][0][1]
    assert by_row[4][0][0] == "所属支部/党小组编码" and "Unknown unit “" in by_row[4][0][1]
    assert by_row[5] == [("姓名", "This cell is required.")]
    assert by_row[7][0][0] == "身份证号" and "row 6" in by_row[7][0][1]
    # A unit outside the caller's subtree reads as unknown, like a 404.
    assert "Unknown unit “" in by_row[8][0][1]
    assert {c for c, _m in by_row[9]} == {"党员类别", "手机号"}
    page = response.content.decode()
    assert "Nothing was written" in page and "check digit" in page
    assert PartyMember.objects.count() == 0 and ImportJob.objects.count() == 0


def test_it_says_what_is_wrong_with_the_file_itself(world, settings):
    settings.LANGUAGE_CODE = "en"
    not_xlsx = upload(world.leader, "members", b"name,id\n", name="data.xlsx")
    assert "not an Excel workbook" in str(errors_in(not_xlsx))
    csv = upload(world.leader, "members", b"name,id\n", name="data.csv")
    assert csv.status_code == 400 and ".xlsx" in csv.content.decode()
    wrong = upload(world.leader, "members", xlsx(["名字", "身份证"], [["a", "b"]]))
    messages = " ".join(m for _r, _c, m in errors_in(wrong))
    assert "Missing columns" in messages and "Unknown columns: 名字" in messages
    empty = upload(world.leader, "members", xlsx(MEMBER_HEADERS, []))
    assert "no data rows" in str(errors_in(empty))
    assert PartyMember.objects.count() == 0 and ImportJob.objects.count() == 0


def test_it_round_trips_an_export_without_changing_anything(world):
    for i in range(3):
        member(world.leader, world.p1 if i else world.g1, name=f"员{i}", phone="13812345678")
    before = list(PartyMember.objects.order_by("pk").values())
    content = export(world.leader, "members")
    job = upload_and_apply(world.leader, "members", content)
    assert job.status == ImportStatus.DONE
    assert job.summary == {"rows": 3, "created": 0, "updated": 0, "unchanged": 3}
    assert list(PartyMember.objects.order_by("pk").values()) == before
    assert ExportRecord.objects.filter(user=world.leader, what="members", rows=3).exists()


def test_it_updates_a_member_matched_by_id_number(world):
    m = member(world.leader, world.g1, name="旧名")
    content = xlsx(MEMBER_HEADERS, [["新名", m.id_number, "", "流动党员", P1, "", ""]])
    job = upload_and_apply(world.leader, "members", content)
    assert job.summary["updated"] == 1
    m.refresh_from_db()
    assert (m.name, m.category, m.unit, m.grid_id) == ("新名", "floating", world.p1, world.g1.pk)


@pytest.mark.parametrize("who", ["teammate", "handler"])
def test_it_refuses_positions_that_may_not_import_members(world, who):
    response = upload(getattr(world, who), "members", xlsx(MEMBER_HEADERS, rows(1)))
    assert response.status_code == 403
    assert PartyMember.objects.count() == 0
