from cases.models import Case
from intake.models import IntakeReport

from .conftest import receive


def test_it_lists_reports_waiting_in_the_callers_area(mapped, cats, client):
    report = receive(category=cats["0401"])
    client.force_login(mapped.leader)
    page = client.get("/intake/").content.decode()
    assert report.receipt in page and "待核实" in page
    client.force_login(mapped.outsider)
    assert report.receipt not in client.get("/intake/").content.decode()


def test_it_files_a_report_from_its_page(mapped, cats, client):
    report = receive(category=cats["0401"])
    client.force_login(mapped.leader)
    page = client.get(f"/intake/{report.id}/").content.decode()
    assert "139****5678" in page and "13912345678" not in page
    response = client.post(
        f"/intake/{report.id}/accept/",
        {"category": cats["0401"].id, "grid": mapped.g1.id, "version": 1},
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.id}/"


def test_it_shows_what_is_wrong_in_place(mapped, cats, client):
    report = receive()
    client.force_login(mapped.leader)
    response = client.post(f"/intake/{report.id}/accept/", {"category": "", "grid": ""})
    assert response.status_code == 400
    assert "请选择最末一级分类。" in response.content.decode()
    response = client.post(f"/intake/{report.id}/merge/", {"case_number": "XX-1"})
    assert response.status_code == 400
    assert IntakeReport.objects.get().status == "pending"


def test_it_merges_by_case_number_from_the_page(mapped, cats, client):
    from tests.cases.conftest import file_case

    case = file_case(mapped, cats)
    report = receive()
    client.force_login(mapped.leader)
    response = client.post(f"/intake/{report.id}/merge/", {"case_number": case.number})
    assert response.status_code == 302
    assert IntakeReport.objects.get().case_id == case.id
