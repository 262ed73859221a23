import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from intake.models import IntakeReport

from .conftest import make_client

HEADERS = ["工单号", "类别编码", "问题描述", "地址", "纬度", "经度", "联系人", "联系电话"]


def workbook(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("tickets.xlsx", out.getvalue())


GOOD = [
    ["12345-01", "0401", "垃圾没人清运", "3栋", "24.005", "118.005", "王", "13900000001"],
    ["12345-02", "", "噪音扰民", "沿街商铺", "", "", "", "13900000002"],
]


def send(client, hotline, rows, apply=False, headers=HEADERS):
    data = {"client": hotline.id, "file": workbook(rows, headers)}
    if apply:
        data["apply"] = "1"
    return client.post("/intake/import/", data)


def test_it_checks_first_then_takes_the_tickets_in(mapped, cats, client):
    hotline = make_client(mapped, channel="hotline", callback_url="http://127.0.0.1:9/x")
    client.force_login(mapped.admin)
    response = send(client, hotline, GOOD)
    assert response.status_code == 200
    assert "检查了 2 行" in response.content.decode()
    assert IntakeReport.objects.count() == 0
    response = send(client, hotline, GOOD, apply=True)
    assert response.status_code == 200
    assert sorted(IntakeReport.objects.values_list("external_id", "channel", "unit_id")) == [
        ("12345-01", "hotline", mapped.g1.id),
        ("12345-02", "hotline", mapped.region.id),
    ]
    send(client, hotline, GOOD, apply=True)
    assert IntakeReport.objects.count() == 2  # a ticket is received once


def test_it_names_every_bad_row_and_writes_nothing(mapped, cats, client):
    hotline = make_client(mapped, channel="hotline")
    client.force_login(mapped.admin)
    rows = [
        GOOD[0],
        ["12345-03", "9999", "类别不对", "3栋", "", "", "", ""],
        ["12345-04", "0401", "纬度不对", "", "95", "118", "", ""],
        ["12345-05", "0401", "", "3栋", "", "", "", ""],
        GOOD[0],
    ]
    response = send(client, hotline, rows, apply=True)
    assert response.status_code == 400
    html = response.content.decode()
    for row, words in [(3, "9999"), (4, "纬度"), (5, "问题描述"), (6, "工单号")]:
        assert f"<td>{row}</td>" in html and words in html, row
    assert IntakeReport.objects.count() == 0


def test_it_refuses_a_file_that_is_not_a_workbook_or_lacks_columns(mapped, cats, client):
    hotline = make_client(mapped, channel="hotline")
    client.force_login(mapped.admin)
    response = client.post(
        "/intake/import/",
        {"client": hotline.id, "file": SimpleUploadedFile("a.xlsx", b"not a workbook")},
    )
    assert response.status_code == 400 and ".xlsx" in response.content.decode()
    response = send(client, hotline, [["x"]], headers=["电话"])
    assert response.status_code == 400 and "工单号" in response.content.decode()
    assert IntakeReport.objects.count() == 0


def test_it_offers_only_hotlines_over_the_callers_area(mapped, cats, client):
    hotline = make_client(mapped, channel="hotline")
    client.force_login(mapped.leader)
    response = send(client, hotline, GOOD, apply=True)
    assert response.status_code == 400
    assert IntakeReport.objects.count() == 0
