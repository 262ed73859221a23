from django.urls import reverse

from orgs.models import OrgUnit


def _superuser_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(root)
    return client


def test_it_shows_a_form_error_for_an_illegal_parent_kind(world, client, django_user_model):
    admin_client = _superuser_client(client, django_user_model)
    before = OrgUnit.objects.count()
    response = admin_client.post(
        reverse("admin:orgs_orgunit_add"),
        {
            "name": "错层街道",
            "kind": "street",
            "code": "99",
            "parent": world.g1.id,
            "households": 0,
            "population": 0,
            "positions-TOTAL_FORMS": 0,
            "positions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "不能放在" in response.content.decode()
    assert OrgUnit.objects.count() == before


def test_it_moves_a_subtree_by_changing_the_parent(world, client, django_user_model):
    admin_client = _superuser_client(client, django_user_model)
    response = admin_client.post(
        reverse("admin:orgs_orgunit_change", args=[world.g1b.id]),
        {
            "name": world.g1b.name,
            "kind": "grid",
            "code": world.g1b.code,
            "parent": world.c2.id,
            "households": 200,
            "population": 500,
            "positions-TOTAL_FORMS": 0,
            "positions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.g1b.refresh_from_db()
    assert world.g1b.parent_id == world.c2.id
    from orgs.integrity import tree_problems

    assert tree_problems() == []


def test_it_grants_a_position_on_the_user_page(world, client, django_user_model):
    admin_client = _superuser_client(client, django_user_model)
    page = admin_client.get(reverse("admin:auth_user_change", args=[world.teammate.id]))
    assert page.status_code == 200
    assert "positions-TOTAL_FORMS" in page.content.decode()
