from datetime import timedelta

from django.utils import timezone

from cases.models import Case
from tests.cases.conftest import file_case

from .conftest import BOUNDARIES


def test_it_answers_the_grids_under_a_unit_with_their_figures(mapped, cats, api):
    open_case = file_case(mapped, cats, latitude=24.005, longitude=118.005)
    late = file_case(mapped, cats, latitude=24.006, longitude=118.006)
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    closed = file_case(mapped, cats, user=mapped.community, grid=mapped.g1b)
    Case.objects.filter(pk=closed.pk).update(status="closed", satisfaction="satisfied")
    body = api(mapped.street).get("/api/v1/map/", {"unit": mapped.s1.id}).json()
    assert body["type"] == "FeatureCollection"
    assert body["unit"] == {"id": mapped.s1.id, "name": "一街道", "kind": "street"}
    assert [
        (f["properties"]["name"], f["properties"]["value"], f["properties"]["overdue"])
        for f in body["features"]
    ] == [("一网格", 2, 1), ("二网格", 0, 0)]
    assert body["features"][0]["geometry"] == BOUNDARIES["g1"]
    assert sorted(
        (c["properties"]["number"], c["properties"]["overdue"]) for c in body["cases"]
    ) == [
        (open_case.number, False),
        (late.number, True),
    ]
    rates = (
        api(mapped.street)
        .get("/api/v1/map/", {"unit": mapped.s1.id, "figure": "closure_rate", "cases": "false"})
        .json()
    )
    assert [f["properties"]["value"] for f in rates["features"]] == [0.0, 1.0]
    assert "cases" not in rates
    sat = api(mapped.street).get("/api/v1/map/", {"unit": mapped.s1.id, "figure": "satisfaction"})
    assert [f["properties"]["value"] for f in sat.json()["features"]] == [None, 1.0]


def test_it_shows_only_the_callers_subtree(mapped, cats, api):
    file_case(mapped, cats, latitude=24.005, longitude=118.005)
    mine = api(mapped.leader).get("/api/v1/map/").json()
    assert [f["properties"]["name"] for f in mine["features"]] == ["一网格"]
    theirs = api(mapped.outsider).get("/api/v1/map/").json()
    assert [f["properties"]["name"] for f in theirs["features"]] == ["三网格"]
    assert theirs["cases"] == []
    assert api(mapped.outsider).get("/api/v1/map/", {"unit": mapped.s1.id}).status_code == 404
    everything = api(mapped.orgdept).get("/api/v1/map/").json()
    assert [f["properties"]["name"] for f in everything["features"]] == [
        "一网格",
        "二网格",
        "三网格",
    ]


def test_it_refuses_a_bad_figure_and_a_role_without_dashboards(mapped, api):
    response = api(mapped.leader).get("/api/v1/map/", {"figure": "beauty"})
    assert response.status_code == 400 and "figure" in response.json()
    assert api(mapped.handler).get("/api/v1/map/").status_code == 403


def test_it_serves_the_map_page_with_the_vendored_library(mapped, client):
    client.force_login(mapped.street)
    page = client.get("/map/").content.decode()
    assert "vendor/leaflet/leaflet.js" in page and 'id="map"' in page
    assert "<script>" not in page and "style=" not in page
    client.force_login(mapped.handler)
    assert client.get("/map/").status_code == 403
