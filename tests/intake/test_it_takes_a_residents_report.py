from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services as case_services
from cases.models import Case
from intake import services
from intake.models import IntakeReport
from tests.cases.conftest import media_files, photo

from .conftest import IN_G1


def send(client, **extra):
    data = {
        "category": "",
        "description": "路灯坏了，晚上很黑",
        "latitude": IN_G1[0],
        "longitude": IN_G1[1],
        "address": "3栋旁",
        "phone": "13912345678",
    }
    data.update(extra)
    return client.post("/report/", data)


def test_it_takes_a_report_with_a_photo_and_gives_a_link(mapped, cats, client):
    response = send(client, category=cats["0401"].id, photo=photo())
    report = IntakeReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/report/{report.token}/"
    assert (report.channel, report.unit_id, report.contact_phone) == (
        "resident",
        mapped.g1.id,
        "13912345678",
    )
    assert report.photo
    page = client.get(response["Location"]).content.decode()
    assert report.receipt in page and "待核实" in page
    assert "13912345678" not in page and "139****5678" not in page


def test_it_shows_the_result_without_personal_data(mapped, cats, client):
    send(client, category=cats["0401"].id)
    report = IntakeReport.objects.get()
    report = services.report_accept(report=report, user=mapped.leader)
    case = report.case
    for action, kw, by in [
        (case_services.case_accept, {}, mapped.leader),
        (case_services.case_resolve, {"result": "已更换灯泡"}, mapped.leader),
        (case_services.case_close, {"satisfaction": "satisfied"}, mapped.teammate),
    ]:
        case = action(case=case, user=by, version=Case.objects.get().version, **kw)
    page = client.get(f"/report/{report.token}/").content.decode()
    assert "已更换灯泡" in page and "leader" not in page and "一网格" not in page


def test_it_shows_the_reason_of_a_declined_report(mapped, cats, client):
    send(client)
    report = IntakeReport.objects.get()
    services.report_decline(report=report, user=mapped.leader, reason="已由物业处理")
    page = client.get(f"/report/{report.token}/").content.decode()
    assert "已由物业处理" in page


def test_it_answers_404_for_a_link_that_does_not_exist(mapped, client):
    assert client.get("/report/no-such-token/").status_code == 404


def test_it_refuses_bad_input_in_place_and_keeps_nothing(mapped, cats, client, settings):
    cases = [
        ({"latitude": "", "longitude": "", "address": ""}, "请提供位置"),
        ({"latitude": "99"}, "-90"),
        ({"description": "x" * 2001}, "2000"),
        ({"phone": "abc"}, "电话"),
        ({"category": "999999"}, "请从列出的类别中选择"),
        (
            {"photo": SimpleUploadedFile("a.png", b"no image", content_type="image/png")},
            "a.png",
        ),
    ]
    for extra, words in cases:
        response = send(client, **extra)
        assert response.status_code == 400, extra
        assert words in response.content.decode(), extra
    assert IntakeReport.objects.count() == 0
    assert media_files(settings) == []


def test_it_throttles_per_phone_and_per_address(mapped, cats, client, settings):
    settings.GRIDGOV_REPORTS_PER_PHONE_HOUR = 2
    settings.GRIDGOV_REPORTS_PER_ADDRESS_HOUR = 3
    assert [send(client).status_code for _ in range(3)] == [302, 302, 429]
    assert send(client, phone="13800000000").status_code == 429  # the address's 4th
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert send(other, phone="13800000000").status_code == 302
    assert IntakeReport.objects.count() == 3
