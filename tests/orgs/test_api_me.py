from django.urls import reverse


def test_it_shows_the_caller_with_positions(world, api):
    response = api(world.leader).get(reverse("api-me"))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "leader"
    assert body["positions"] == [
        {
            "id": world.leader.positions.get().id,
            "unit": {"id": world.g1.id, "name": "一网格", "kind": "grid"},
            "role": "grid_leader",
        }
    ]


def test_it_lists_several_positions(world, api):
    from orgs.kinds import Role
    from orgs.models import Position

    Position.objects.create(user=world.leader, unit=world.p1, role=Role.BUILDING_LEADER)
    roles = {p["role"] for p in api(world.leader).get(reverse("api-me")).json()["positions"]}
    assert roles == {"grid_leader", "building_leader"}
