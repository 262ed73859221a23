from cases.models import Case, CasePhoto
from intake.models import IntakeEvent, IntakeReport
from tests.cases.conftest import file_case, media_files, photo

from .conftest import NOWHERE, receive


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def test_it_queues_a_report_at_the_grid_that_holds_its_point(mapped, cats, api):
    report = receive(category=cats["0401"])
    assert (report.unit_id, report.grid_id, report.community_id, report.street_id) == (
        mapped.g1.id,
        mapped.g1.id,
        mapped.c1.id,
        mapped.s1.id,
    )
    assert report.receipt.startswith("TQ-R-")
    assert ids(api(mapped.leader).get("/api/v1/intake/")) == [report.id]
    assert ids(api(mapped.teammate).get("/api/v1/intake/")) == [report.id]
    assert ids(api(mapped.street).get("/api/v1/intake/")) == [report.id]
    assert ids(api(mapped.outsider).get("/api/v1/intake/")) == []
    assert api(mapped.outsider).get(f"/api/v1/intake/{report.id}/").status_code == 404
    row = api(mapped.leader).get(f"/api/v1/intake/{report.id}/").json()
    assert (row["status"], row["contact_phone"], row["unit"]["id"]) == (
        "pending",
        "139****5678",
        mapped.g1.id,
    )


def test_it_queues_a_point_in_no_grid_at_the_district(mapped, cats, api):
    report = receive(point=NOWHERE)
    assert report.unit_id == mapped.region.id and report.grid_id is None
    assert ids(api(mapped.leader).get("/api/v1/intake/")) == []
    assert ids(api(mapped.admin).get("/api/v1/intake/")) == [report.id]


def test_it_files_a_report_as_a_case(mapped, cats, api, settings):
    report = receive(category=cats["0401"], photo=photo())
    response = api(mapped.leader).post(f"/api/v1/intake/{report.id}/accept/", {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    case = Case.objects.get(pk=body["case"]["id"])
    assert (body["status"], body["version"]) == ("accepted", 2)
    assert (case.source, case.category.code, case.grid_id, case.reporter) == (
        "resident",
        "0401",
        mapped.g1.id,
        mapped.leader,
    )
    assert (case.resident_name, case.resident_phone, case.address) == (
        "王女士",
        "13912345678",
        "3栋楼下",
    )
    assert str(case.latitude) == "24.005000"
    assert CasePhoto.objects.filter(case=case).count() == 1
    assert list(IntakeEvent.objects.filter(report=report).values_list("action", "to_status")) == [
        ("receive", "pending"),
        ("accept", "accepted"),
    ]
    again = api(mapped.leader).post(f"/api/v1/intake/{report.id}/accept/", {}, format="json")
    assert again.status_code == 409
    assert again.json()["status"] == "accepted"
    assert Case.objects.count() == 1


def test_it_files_with_a_corrected_category_and_grid(mapped, cats, api):
    report = receive(category=cats["0401"])
    response = api(mapped.community).post(
        f"/api/v1/intake/{report.id}/accept/",
        {"category": cats["0402"].id, "grid": mapped.g1b.id},
        format="json",
    )
    assert response.status_code == 200, response.content
    case = Case.objects.get()
    assert (case.category.code, case.grid_id) == ("0402", mapped.g1b.id)


def test_it_refuses_to_file_without_a_leaf_category_and_writes_nothing(mapped, cats, api):
    report = receive()
    client = api(mapped.leader)
    response = client.post(f"/api/v1/intake/{report.id}/accept/", {}, format="json")
    assert response.status_code == 400
    assert (
        response.json() == {"category": ["请选择没有子类的类别。"]} or "category" in response.json()
    )
    response = client.post(
        f"/api/v1/intake/{report.id}/accept/", {"category": cats["04"].id}, format="json"
    )
    assert response.status_code == 400 and "category" in response.json()
    response = client.post(
        f"/api/v1/intake/{report.id}/accept/",
        {"category": cats["0401"].id, "grid": mapped.g2.id},
        format="json",
    )
    assert response.status_code == 400 and "grid" in response.json()
    assert Case.objects.count() == 0
    assert IntakeReport.objects.get().status == "pending"


def test_it_asks_for_a_grid_when_the_report_waits_at_the_district(mapped, cats, api):
    report = receive(point=NOWHERE, category=cats["0401"])
    client = api(mapped.admin)
    response = client.post(f"/api/v1/intake/{report.id}/accept/", {}, format="json")
    assert response.status_code == 400 and "grid" in response.json()
    response = client.post(
        f"/api/v1/intake/{report.id}/accept/", {"grid": mapped.g2.id}, format="json"
    )
    assert response.status_code == 200
    assert Case.objects.get().grid_id == mapped.g2.id


def test_it_merges_a_report_into_an_open_case(mapped, cats, api):
    case = file_case(mapped, cats)
    report = receive(category=cats["0204"])
    response = api(mapped.teammate).post(
        f"/api/v1/intake/{report.id}/merge/", {"case": case.id}, format="json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["case"]["id"]) == ("merged", case.id)
    assert Case.objects.count() == 1


def test_it_merges_only_into_an_open_case_in_scope(mapped, cats, api):
    elsewhere = file_case(mapped, cats, user=mapped.outsider, grid=mapped.g2)
    report = receive()
    client = api(mapped.leader)
    response = client.post(
        f"/api/v1/intake/{report.id}/merge/", {"case": elsewhere.id}, format="json"
    )
    assert response.status_code == 400 and "case" in response.json()
    assert str(elsewhere.id) in response.json()["case"][0]
    closed = file_case(mapped, cats)
    Case.objects.filter(pk=closed.pk).update(status="closed")
    response = client.post(f"/api/v1/intake/{report.id}/merge/", {"case": closed.id}, format="json")
    assert response.status_code == 400 and "case" in response.json()
    assert IntakeReport.objects.get().status == "pending"


def test_it_declines_with_a_reason(mapped, cats, api):
    report = receive()
    client = api(mapped.leader)
    response = client.post(f"/api/v1/intake/{report.id}/decline/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = client.post(
        f"/api/v1/intake/{report.id}/decline/", {"reason": "x" * 501}, format="json"
    )
    assert response.status_code == 400
    assert IntakeReport.objects.get().status == "pending"
    response = client.post(
        f"/api/v1/intake/{report.id}/decline/", {"reason": "已于昨日清运完毕"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decline_reason"]) == (
        "declined",
        "已于昨日清运完毕",
    )
    assert IntakeReport.objects.get().status == "declined"


def test_it_refuses_a_stale_version(mapped, cats, api):
    report = receive()
    response = api(mapped.leader).post(
        f"/api/v1/intake/{report.id}/decline/", {"reason": "重复", "version": 7}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["version"] == 1


def test_it_answers_404_to_a_triage_move_outside_the_callers_subtree(mapped, cats, api):
    report = receive(category=cats["0401"])
    for move, data in [("accept", {}), ("merge", {"case": 1}), ("decline", {"reason": "无"})]:
        response = api(mapped.outsider).post(f"/api/v1/intake/{report.id}/{move}/", data)
        assert response.status_code == 404, move
    assert IntakeReport.objects.get().status == "pending"


def test_it_refuses_triage_to_a_position_that_does_not_handle_cases(mapped, cats, api):
    report = receive(point=NOWHERE, category=cats["0401"])
    response = api(mapped.orgdept).post(
        f"/api/v1/intake/{report.id}/decline/", {"reason": "不属实"}, format="json"
    )
    assert response.status_code == 403
    assert IntakeReport.objects.get().status == "pending"


def test_it_refuses_a_report_without_point_or_address_and_keeps_no_file(mapped, cats, settings):
    import pytest
    from django.core.exceptions import ValidationError

    for extra, field in [
        ({"point": None, "address": ""}, "address"),
        ({"point": ("95", "118")}, "lat"),
        ({"point": ("24", "200")}, "long"),
        ({"latitude": "24.0", "longitude": None, "point": None}, "lat"),
        ({"description": "x" * 2001}, "description"),
        ({"description": "  "}, "description"),
        ({"photo": photo(name="a.png", size=(10, 10)), "description": ""}, "description"),
    ]:
        with pytest.raises(ValidationError) as exc:
            receive(**extra)
        assert field in exc.value.message_dict, (extra, exc.value.message_dict)
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as exc:
        receive(photo=SimpleUploadedFile("x.png", b"not an image", content_type="image/png"))
    assert "media" in exc.value.message_dict
    assert IntakeReport.objects.count() == 0
    assert media_files(settings) == []


def test_it_keeps_one_report_per_ticket_of_a_client(mapped, cats):
    from intake.models import IntakeClient

    client = IntakeClient(name="12345", channel="hotline", unit=mapped.region)
    client.set_key("k-1")
    client.save()
    first = receive(channel="hotline", client=client, external_id="T-1")
    second = receive(channel="hotline", client=client, external_id="T-1", description="又一次")
    assert first.pk == second.pk
    assert IntakeReport.objects.count() == 1
