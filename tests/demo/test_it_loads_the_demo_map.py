from shapely.geometry import Point, shape

from intake.locate import grid_id_at
from intake.models import IntakeReport
from orgs.models import OrgUnit


def test_it_gives_every_demo_grid_a_boundary_that_holds_its_centre(demo, db, client):
    grids = list(OrgUnit.objects.filter(kind="grid"))
    assert len(grids) == 493 and all(g.boundary for g in grids)
    area = 0.0
    for grid in grids:
        polygon = shape(grid.boundary)
        assert polygon.contains(Point(float(grid.longitude), float(grid.latitude))), grid.name
        assert grid_id_at(grid.latitude, grid.longitude) == grid.pk
        area += polygon.area
    assert round(area, 6) == round(0.1 * 0.1, 6)  # they tile the district's box
    pending = IntakeReport.objects.filter(status="pending")
    assert pending.filter(grid__isnull=False).count() == 3
    assert pending.filter(grid__isnull=True).count() == 1
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": "gridgov-demo-open311",
            "service_code": "0401",
            "lat": str(grids[0].latitude),
            "long": str(grids[0].longitude),
            "description": "演示客户端的上报",
        },
    )
    assert response.status_code == 200
    assert IntakeReport.objects.get(receipt=response.json()[0]["service_request_id"]).grid_id == (
        grids[0].pk
    )
