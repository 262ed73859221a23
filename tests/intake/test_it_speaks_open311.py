"""Open311 GeoReport v2, driven the way a client drives it: form-encoded
POSTs, JSON and XML answers in the specification's shapes."""

from xml.etree import ElementTree as ET

import pytest

from cases.models import Case
from intake import services
from intake.models import IntakeReport
from tests.cases.conftest import media_files, photo

from .conftest import IN_G1, IN_G2, NOWHERE, make_client

BASE = "/open311/v2"


@pytest.fixture
def o311(mapped, cats):
    make_client(mapped, key="good-key")
    return mapped


def xml_rows(response, item):
    root = ET.fromstring(response.content)
    return [{child.tag: (child.text or "") for child in row} for row in root.iter(item)]


def post(client, fmt="json", **data):
    values = {
        "api_key": "good-key",
        "service_code": "0401",
        "lat": IN_G1[0],
        "long": IN_G1[1],
        "description": "小区门口垃圾桶满了好几天",
        "first_name": "李",
        "phone": "13800001111",
    }
    values.update(data)
    values = {k: v for k, v in values.items() if v is not None}
    return client.post(f"{BASE}/requests.{fmt}", values)


def test_it_discovers_and_lists_the_leaf_categories_as_services(o311, client):
    discovery = client.get(f"{BASE}/discovery.json").json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert discovery["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    root = ET.fromstring(client.get(f"{BASE}/discovery.xml").content)
    assert [f.text for f in root.iter("format")] == ["text/xml", "application/json"]

    services_json = client.get(f"{BASE}/services.json").json()
    first = services_json[0]
    assert first == {
        "service_code": "0101",
        "service_name": "企业安全隐患",
        "description": "企业安全隐患",
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": "安全生产",
    }
    assert "01" not in [s["service_code"] for s in services_json]
    response = client.get(f"{BASE}/services.xml")
    assert response["Content-Type"].startswith("text/xml")
    rows = xml_rows(response, "service")
    assert rows[0]["service_code"] == "0101" and rows[0]["metadata"] == "false"
    assert len(rows) == len(services_json)


def test_it_defines_a_service_and_refuses_an_unknown_code(o311, client):
    assert client.get(f"{BASE}/services/0401.json").json() == {
        "service_code": "0401",
        "attributes": [],
    }
    root = ET.fromstring(client.get(f"{BASE}/services/0401.xml").content)
    assert (root.tag, root.find("service_code").text) == ("service_definition", "0401")
    response = client.get(f"{BASE}/services/9999.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    response = client.get(f"{BASE}/services/9999.xml")
    root = ET.fromstring(response.content)
    assert (root.tag, root.find("error/code").text) == ("errors", "404")


def test_it_takes_a_request_into_the_grids_triage_and_reads_it_back(o311, client):
    response = post(client)
    assert response.status_code == 200, response.content
    [answer] = response.json()
    report = IntakeReport.objects.get()
    assert answer["service_request_id"] == report.receipt
    assert (report.channel, report.unit_id, report.category.code) == (
        "open311",
        o311.g1.id,
        "0401",
    )
    [row] = client.get(f"{BASE}/requests/{report.receipt}.json").json()
    assert {k: row[k] for k in ("service_request_id", "status", "service_code", "lat")} == {
        "service_request_id": report.receipt,
        "status": "open",
        "service_code": "0401",
        "lat": 24.005,
    }
    assert "13800001111" not in str(row) and "李" not in str(row)
    [xml_row] = xml_rows(client.get(f"{BASE}/requests/{report.receipt}.xml"), "request")
    assert (xml_row["service_request_id"], xml_row["status"]) == (report.receipt, "open")


def test_it_answers_in_xml_when_asked(o311, client):
    response = post(client, fmt="xml")
    assert response.status_code == 200
    [row] = xml_rows(response, "request")
    assert row["service_request_id"] == IntakeReport.objects.get().receipt


def test_it_keeps_the_request_id_when_the_report_becomes_a_case_and_closes(o311, client, api):
    post(client)
    report = IntakeReport.objects.get()
    services.report_accept(report=report, user=o311.leader)
    case = Case.objects.get()
    from cases import services as case_services

    for action, kw, by in [
        (case_services.case_accept, {}, o311.leader),
        (case_services.case_resolve, {"result": "已清运"}, o311.leader),
        (case_services.case_close, {"satisfaction": "satisfied"}, o311.teammate),
    ]:
        case = action(case=case, user=by, version=Case.objects.get(pk=case.pk).version, **kw)
    [row] = client.get(f"{BASE}/requests/{report.receipt}.json").json()
    assert (row["service_request_id"], row["status"], row["status_notes"]) == (
        report.receipt,
        "closed",
        "已清运",
    )


def test_it_lists_requests_with_the_specifications_filters(o311, client):
    post(client)
    post(client, service_code="0402", description="路边占道经营")
    declined = post(client, description="重复上报").json()[0]["service_request_id"]
    services.report_decline(
        report=IntakeReport.objects.get(receipt=declined), user=o311.leader, reason="重复"
    )

    def codes(**params):
        rows = client.get(f"{BASE}/requests.json", params).json()
        return sorted((r["service_code"], r["status"]) for r in rows)

    assert codes() == [("0401", "closed"), ("0401", "open"), ("0402", "open")]
    assert codes(service_code="0402") == [("0402", "open")]
    assert codes(status="closed") == [("0401", "closed")]
    assert codes(service_request_id=declined) == [("0401", "closed")]
    assert codes(start_date="2099-01-01T00:00:00+08:00") == []
    assert codes(end_date="2000-01-01T00:00:00Z") == []
    response = client.get(f"{BASE}/requests.json", {"start_date": "yesterday"})
    assert response.status_code == 400 and "start_date" in response.json()[0]["description"]
    response = client.get(f"{BASE}/requests.json", {"status": "pending"})
    assert response.status_code == 400
    rows = xml_rows(client.get(f"{BASE}/requests.xml", {"status": "open"}), "request")
    assert sorted(r["service_code"] for r in rows) == ["0401", "0402"]


@pytest.mark.parametrize(
    "data, status, words",
    [
        ({"api_key": None}, 403, "api_key"),
        ({"api_key": "wrong"}, 403, "api_key"),
        ({"service_code": "9999"}, 404, "9999"),
        ({"service_code": None}, 400, "service_code"),
        ({"lat": "95"}, 400, "lat"),
        ({"lat": None, "long": None}, 400, "address_string"),
        ({"description": "x" * 2001}, 400, "description"),
    ],
)
def test_it_refuses_bad_requests_in_the_specifications_error_format(
    o311, client, settings, data, status, words
):
    response = post(client, **data)
    assert response.status_code == status
    [error] = response.json()
    assert error["code"] == status and words in error["description"]
    response = post(client, fmt="xml", **data)
    root = ET.fromstring(response.content)
    assert root.tag == "errors" and root.find("error/code").text == str(status)
    assert IntakeReport.objects.count() == 0


def test_it_refuses_a_media_file_that_is_not_a_photo_and_keeps_no_file(o311, client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("a.png", b"<html>not a photo</html>", content_type="image/png")
    response = post(client, media=bad)
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("media: ")
    assert IntakeReport.objects.count() == 0 and media_files(settings) == []
    response = post(client, media=photo())
    assert response.status_code == 200
    assert IntakeReport.objects.get().photo


def test_it_files_only_below_the_clients_unit(mapped, cats, client):
    make_client(mapped, key="s2-key", unit=mapped.s2)
    post(client, api_key="s2-key", lat=IN_G1[0], long=IN_G1[1])
    post(client, api_key="s2-key", lat=IN_G2[0], long=IN_G2[1])
    post(client, api_key="s2-key", lat=NOWHERE[0], long=NOWHERE[1])
    units = list(IntakeReport.objects.order_by("id").values_list("unit_id", flat=True))
    assert units == [mapped.s2.id, mapped.g2.id, mapped.s2.id]


def test_it_refuses_an_inactive_clients_key(mapped, cats, client):
    make_client(mapped, key="old-key").__class__.objects.update(active=False)
    response = post(client, api_key="old-key")
    assert response.status_code == 403
    assert IntakeReport.objects.count() == 0
