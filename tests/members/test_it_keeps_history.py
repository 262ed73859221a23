"""Changes to people and households keep a history (who, what, when),
visible to administrators."""

from django.test import Client
from django.urls import reverse

from members import services

from .factories import household, member, resident


def test_it_records_who_changed_a_household_and_a_person(world):
    h = household(world.leader, world.g1, address="旧地址")
    services.household_update(household=h, user=world.community, address="新地址")
    records = list(h.history.order_by("history_date"))
    assert [(r.address, r.history_user, r.history_type) for r in records] == [
        ("旧地址", world.leader, "+"),
        ("新地址", world.community, "~"),
    ]
    r = resident(world.leader, h, name="甲")
    services.resident_update(resident=r, user=world.community, name="乙")
    assert [x.name for x in r.history.order_by("history_date")] == ["甲", "乙"]
    # Personal data stays out of the history tables; a change shows by its hash.
    assert not hasattr(r.history.first(), "id_number")
    m = member(world.leader, world.g1)
    services.member_update(member=m, user=world.leader, category="elderly")
    assert m.history.count() == 2


def test_administrators_read_the_history_in_the_admin(world):
    h = household(world.leader, world.g1, address="有历史的地址")
    services.household_update(household=h, user=world.community, note="改过")
    client = Client()
    client.force_login(world.admin)
    world.admin.is_superuser = True
    world.admin.save()
    page = client.get(reverse("admin:members_household_history", args=[h.id]))
    assert page.status_code == 200 and "community" in page.content.decode()
    other = Client()
    other.force_login(world.leader)
    assert other.get(reverse("admin:members_household_history", args=[h.id])).status_code == 302
