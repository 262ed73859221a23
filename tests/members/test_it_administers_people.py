"""The admin shows people masked, scoped to the administrator's subtree,
with their change history; people are added through pages and Excel."""

from django.test import Client
from django.urls import reverse

from .factories import household, member, resident


def test_the_admin_shows_people_masked_and_scoped(world):
    m = member(world.leader, world.g1, name="管理页党员", phone="13812345678")
    h = household(world.leader, world.g1)
    r = resident(world.leader, h)
    member(world.outsider, world.g2, name="别处党员")
    world.admin.is_superuser = True
    world.admin.save()
    client = Client()
    client.force_login(world.admin)
    page = client.get(reverse("admin:members_partymember_changelist")).content.decode()
    assert "管理页党员" in page and m.id_number_masked in page and m.id_number not in page
    change = client.get(reverse("admin:members_partymember_change", args=[m.id])).content.decode()
    assert m.id_number not in change and "138****5678" in change
    resident_page = client.get(
        reverse("admin:members_resident_change", args=[r.id])
    ).content.decode()
    assert r.id_number not in resident_page
    assert client.get(reverse("admin:members_partymember_add")).status_code == 403


def test_a_district_admin_without_superuser_sees_only_the_district(world):
    from orgs.kinds import Role
    from tests.world import make_unit, make_user

    other = make_unit(None, "region", "外区", "WQ")
    outside = make_unit(make_unit(other, "street", "外街道", "01"), "grid", "外网格", "01")
    boss = make_user("boss", other, Role.ADMIN, is_staff=True, is_superuser=False)
    member(boss, outside, name="外区党员")
    member(world.leader, world.g1, name="本区党员")
    world.admin.is_superuser = True
    world.admin.save()
    client = Client()
    client.force_login(world.admin)
    # A superuser sees every tree; the other district's admin would see only theirs.
    page = client.get(reverse("admin:members_partymember_changelist")).content.decode()
    assert "外区党员" in page and "本区党员" in page
    from members.models import PartyMember

    assert list(PartyMember.objects.visible_to(boss).values_list("name", flat=True)) == ["外区党员"]
