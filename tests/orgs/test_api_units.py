from django.urls import reverse


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_it_lists_only_the_callers_subtree(world, api):
    response = api(world.community).get(reverse("api-unit-list"))
    assert response.status_code == 200
    assert _ids(response) == {world.c1.id, world.g1.id, world.g1b.id, world.p1.id}
    assert response.json()["count"] == 4


def test_it_lists_the_whole_district_for_the_orgdept(world, api):
    response = api(world.orgdept).get(reverse("api-unit-list"))
    assert world.g2.id in _ids(response) and world.region.id in _ids(response)


def test_it_filters_by_parent_and_kind(world, api):
    client = api(world.street)
    by_parent = client.get(reverse("api-unit-list"), {"parent": world.s1.id})
    assert _ids(by_parent) == {world.c1.id, world.d1.id}
    grids = client.get(reverse("api-unit-list"), {"kind": "grid"})
    assert _ids(grids) == {world.g1.id, world.g1b.id}


def test_it_rejects_an_unknown_kind_filter(world, api):
    response = api(world.street).get(reverse("api-unit-list"), {"kind": "planet"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_it_shows_a_unit_with_its_path(world, api):
    response = api(world.leader).get(reverse("api-unit-detail", args=[world.g1.id]))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "一网格"
    assert body["kind"] == "grid"
    assert body["code"] == "01"
    assert body["parent"] == world.c1.id
    assert body["path"] == ["测试区", "一街道", "一社区", "一网格"]


def test_it_hides_a_sibling_unit_as_not_found(world, api):
    client = api(world.leader)
    outside = client.get(reverse("api-unit-detail", args=[world.g2.id]))
    missing = client.get(reverse("api-unit-detail", args=[999999]))
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()


def test_it_hides_the_parent_of_the_callers_unit(world, api):
    response = api(world.leader).get(reverse("api-unit-detail", args=[world.c1.id]))
    assert response.status_code == 404


def test_it_asks_for_credentials(world, api):
    assert api().get(reverse("api-unit-list")).status_code == 401
