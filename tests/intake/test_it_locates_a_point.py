from orgs.models import OrgUnit

from .conftest import IN_G1, IN_G2, NOWHERE, square


def locate(api, user, lat, lng):
    return api(user).get("/api/v1/locate/", {"lat": lat, "lng": lng})


def test_it_finds_the_grid_that_holds_a_point(mapped, api):
    response = locate(api, mapped.leader, *IN_G1)
    assert response.status_code == 200
    assert response.json() == {
        "id": mapped.g1.id,
        "name": "一网格",
        "path": ["一网格"],
    }
    response = locate(api, mapped.street, *IN_G1)
    assert response.json()["path"] == ["一街道", "一社区", "一网格"]


def test_it_gives_a_point_on_a_shared_edge_to_the_lower_id(mapped, api):
    response = locate(api, mapped.street, "24.005", "118.01")
    assert response.status_code == 200
    assert response.json()["id"] == min(mapped.g1.id, mapped.g1b.id)


def test_it_answers_a_point_on_an_outer_edge_or_corner(mapped, api):
    assert locate(api, mapped.leader, "24.0", "118.005").json()["id"] == mapped.g1.id
    assert locate(api, mapped.leader, "24.0", "118.0").json()["id"] == mapped.g1.id


def test_it_answers_404_for_a_point_in_no_grid(mapped, api):
    response = locate(api, mapped.admin, *NOWHERE)
    assert response.status_code == 404
    assert response.json() == {"detail": "未找到。"}


def test_it_answers_404_for_a_grid_outside_the_callers_subtree(mapped, api):
    assert locate(api, mapped.leader, *IN_G2).status_code == 404
    assert locate(api, mapped.outsider, *IN_G2).json()["id"] == mapped.g2.id
    assert locate(api, mapped.outsider, *IN_G1).status_code == 404


def test_it_follows_a_changed_boundary(mapped, api):
    assert locate(api, mapped.leader, *NOWHERE).status_code == 404
    g1 = OrgUnit.objects.get(pk=mapped.g1.pk)
    g1.boundary = square(118.495, 24.495)
    g1.save()
    assert locate(api, mapped.leader, *NOWHERE).json()["id"] == mapped.g1.id
    assert locate(api, mapped.leader, *IN_G1).status_code == 404


def test_it_skips_a_boundary_that_is_not_a_polygon(mapped, api):
    g1b = OrgUnit.objects.get(pk=mapped.g1b.pk)
    g1b.boundary = {"type": "Point", "coordinates": [118.015, 24.005]}
    g1b.save()
    g2 = OrgUnit.objects.get(pk=mapped.g2.pk)
    g2.boundary = {"nonsense": True}
    g2.save()
    assert locate(api, mapped.leader, *IN_G1).json()["id"] == mapped.g1.id


def test_it_refuses_a_point_out_of_range_or_missing(mapped, api):
    client = api(mapped.leader)
    for params, field in [
        ({"lat": "91", "lng": "118"}, "lat"),
        ({"lat": "24", "lng": "-181"}, "lng"),
        ({"lat": "abc", "lng": "118"}, "lat"),
        ({"lng": "118"}, "lat"),
    ]:
        response = client.get("/api/v1/locate/", params)
        assert response.status_code == 400, params
        assert field in response.json(), response.json()
