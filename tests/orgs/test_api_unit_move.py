from django.urls import reverse

from orgs.integrity import tree_problems


def _patch(api, user, unit, **data):
    return api(user).patch(reverse("api-unit-detail", args=[unit.id]), data, format="json")


def test_it_moves_a_subtree_to_another_parent(world, api):
    response = _patch(api, world.admin, world.g1, parent=world.s2.id)
    assert response.status_code == 200, response.content
    assert response.json()["path"] == ["测试区", "二街道", "一网格"]
    world.p1.refresh_from_db()
    assert world.p1.get_ancestors().filter(pk=world.s2.pk).exists()
    assert tree_problems() == []


def test_it_refuses_a_move_that_would_duplicate_a_code(world, api):
    response = _patch(api, world.admin, world.g1, parent=world.c2.id)  # g2 there is "01" too
    assert response.status_code == 400
    assert "code" in response.json()
    world.g1.refresh_from_db()
    assert world.g1.parent_id == world.c1.id


def test_it_takes_the_moved_subtree_out_of_the_old_scope(world, api):
    _patch(api, world.admin, world.g1, parent=world.s2.id)
    response = api(world.community).get(reverse("api-unit-detail", args=[world.p1.id]))
    assert response.status_code == 404
    assert api(world.street2).get(reverse("api-unit-detail", args=[world.p1.id])).status_code == 200


def test_it_refuses_a_move_under_its_own_descendant(world, api):
    response = _patch(api, world.admin, world.c1, parent=world.g1.id)
    assert response.status_code == 400
    assert "parent" in response.json()
    world.c1.refresh_from_db()
    assert world.c1.parent_id == world.s1.id
    assert tree_problems() == []


def test_it_refuses_a_move_under_an_illegal_kind(world, api):
    response = _patch(api, world.admin, world.g1, parent=world.d1.id)
    assert response.status_code == 400
    world.g1.refresh_from_db()
    assert world.g1.parent_id == world.c1.id


def test_it_renames_a_unit(world, api):
    response = _patch(api, world.admin, world.g1, name="一网格（东）")
    assert response.status_code == 200
    assert response.json()["name"] == "一网格（东）"


def test_it_hides_an_out_of_scope_unit_from_editing(world, api):
    from orgs.kinds import Role
    from tests.world import make_user

    street_admin = make_user("s2admin", world.s2, Role.ADMIN)
    response = _patch(api, street_admin, world.g1, name="越权")
    assert response.status_code == 404
