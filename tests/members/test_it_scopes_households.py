"""A community sees its own grids' households and nothing of the next one;
a street sees its communities'; out of scope is 404."""

from django.test import Client
from django.urls import reverse

from members.models import Household, Resident, Visit

from .factories import household, resident


def _setup(w):
    w.h1 = household(w.leader, w.g1, address="一网格1号")
    w.h1b = household(w.community, w.g1b, address="二网格1号")
    w.h2 = household(w.outsider, w.g2, address="三网格1号")
    resident(w.leader, w.h1)
    resident(w.outsider, w.h2)
    return w


def test_it_shows_a_community_only_its_households(world, api):
    w = _setup(world)
    assert set(Household.objects.visible_to(w.community)) == {w.h1, w.h1b}
    assert set(Household.objects.visible_to(w.street2)) == {w.h2}
    assert set(Household.objects.visible_to(w.leader)) == {w.h1}
    assert Household.objects.visible_to(w.handler).count() == 0
    ids = {h["id"] for h in api(w.community).get(reverse("api-household-list")).json()["results"]}
    assert ids == {w.h1.id, w.h1b.id}
    assert Resident.objects.visible_to(w.community).count() == 1


def test_it_filters_a_subtree_and_answers_404_outside_it(world, api):
    w = _setup(world)
    client = Client()
    client.force_login(w.community)
    page = client.get(reverse("household-list"), {"unit": w.g1b.id}).content.decode()
    assert "二网格1号" in page and "一网格1号" not in page
    assert client.get(reverse("household-list"), {"unit": w.g2.id}).status_code == 404
    assert client.get(reverse("household-detail", args=[w.h2.id])).status_code == 404
    assert api(w.community).get(reverse("api-household-detail", args=[w.h2.id])).status_code == 404
    data = api(w.street).get(reverse("api-household-list"), {"unit": w.g1b.id}).json()
    assert [h["id"] for h in data["results"]] == [w.h1b.id]


def test_it_scopes_a_building_to_its_own_households(world):
    from orgs.kinds import Role
    from tests.world import make_user

    w = _setup(world)
    in_building = household(w.leader, w.g1, address="一网格2号", party_group=w.p1)
    building_leader = make_user("building", w.p1, Role.BUILDING_LEADER)
    assert list(Household.objects.visible_to(building_leader)) == [in_building]
    assert Visit.objects.visible_to(building_leader).count() == 0
