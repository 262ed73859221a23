from django.urls import reverse

from orgs.integrity import tree_problems
from orgs.models import OrgUnit


def _create(api, user, **data):
    return api(user).post(reverse("api-unit-list"), data, format="json")


def test_it_creates_a_grid_under_a_community(world, api):
    response = _create(api, world.admin, name="四网格", kind="grid", code="04", parent=world.c1.id)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["path"] == ["测试区", "一街道", "一社区", "四网格"]
    unit = OrgUnit.objects.get(pk=body["id"])
    assert unit.parent_id == world.c1.id
    assert tree_problems() == []


def test_it_skips_a_level_where_allowed(world, api):
    response = _create(
        api, world.admin, name="直管网格", kind="grid", code="G9", parent=world.s1.id
    )
    assert response.status_code == 201


def test_it_rejects_an_illegal_parent_kind(world, api):
    before = OrgUnit.objects.count()
    response = _create(
        api, world.admin, name="错层社区", kind="community", code="009", parent=world.g1.id
    )
    assert response.status_code == 400
    assert "parent" in response.json()
    assert "社区" in response.json()["parent"][0]
    assert OrgUnit.objects.count() == before


def test_it_rejects_an_empty_name(world, api):
    before = OrgUnit.objects.count()
    response = _create(api, world.admin, name="   ", kind="grid", code="05", parent=world.c1.id)
    assert response.status_code == 400
    assert "name" in response.json()
    assert OrgUnit.objects.count() == before


def test_it_rejects_a_duplicate_code_among_siblings(world, api):
    before = OrgUnit.objects.count()
    response = _create(
        api, world.admin, name="重复网格", kind="grid", code="01", parent=world.c1.id
    )
    assert response.status_code == 400
    assert "code" in response.json()
    assert OrgUnit.objects.count() == before


def test_it_allows_the_same_code_under_another_parent(world, api):
    response = _create(
        api, world.admin, name="同码网格", kind="grid", code="02", parent=world.c2.id
    )
    assert response.status_code == 201


def test_it_reports_every_bad_field_at_once(world, api):
    response = _create(api, world.admin, name="", kind="moon", code="")
    assert response.status_code == 400
    assert {"name", "kind", "code"} <= set(response.json())


def test_it_treats_an_out_of_scope_parent_as_unknown(world, api):
    from orgs.kinds import Role
    from tests.world import make_user

    street_admin = make_user("s2admin", world.s2, Role.ADMIN)
    before = OrgUnit.objects.count()
    response = _create(
        api, street_admin, name="越界网格", kind="grid", code="07", parent=world.c1.id
    )
    assert response.status_code == 400
    assert "parent" in response.json()
    assert OrgUnit.objects.count() == before


def test_it_forbids_a_role_without_tree_rights(world, api):
    response = _create(api, world.street, name="新网格", kind="grid", code="08", parent=world.c1.id)
    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="08").exists()
