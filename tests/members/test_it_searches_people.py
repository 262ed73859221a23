"""Search households and people by name, address, phone or full ID number,
inside the caller's subtree; numbers match through their keyed hash."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.personal import search_hash

from .factories import household, id_number, member, resident

PERSON_ID = id_number("19660606")


@pytest.fixture
def people(world):
    world.h1 = household(world.leader, world.g1, address="向阳路6号")
    world.r1 = resident(
        world.leader, world.h1, name="孙向阳", id_number=PERSON_ID, phone="13711112222"
    )
    world.m1 = member(world.leader, world.g1, name="孙党员", id_number=PERSON_ID)
    world.h2 = household(world.outsider, world.g2, address="向阳路7号")
    world.r2 = resident(world.outsider, world.h2, name="孙别人")
    return world


def search(user, q):
    client = Client()
    client.force_login(user)
    return client.get(reverse("household-search"), {"q": q}).context["results"]


def test_it_finds_a_person_by_the_full_id_number_through_the_keyed_hash(people):
    w = people
    with CaptureQueriesContext(connection) as queries:
        results = search(w.leader, PERSON_ID.lower())
    assert results["mode"] == "id_number"
    assert results["residents"] == [w.r1] and results["households"] == [w.h1]
    assert results["members"] == [w.m1]
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert search_hash(PERSON_ID) in sql and PERSON_ID not in sql


def test_it_finds_by_phone_name_and_address_within_the_subtree(people):
    w = people
    assert search(w.leader, "137 1111 2222")["residents"] == [w.r1]
    assert search(w.leader, "孙")["residents"] == [w.r1]
    assert search(w.leader, "向阳路")["households"] == [w.h1]
    assert search(w.outsider, "向阳路")["households"] == [w.h2]
    assert search(w.outsider, PERSON_ID)["residents"] == []


def test_it_does_not_pretend_to_match_a_fragment_of_a_number(people):
    results = search(people.leader, PERSON_ID[:10])
    assert results["mode"] == "fragment" and results["residents"] == []


def test_it_hides_party_members_from_positions_without_that_permission(people):
    results = search(people.teammate, PERSON_ID)
    assert results["residents"] == [people.r1] and results["members"] is None


def test_it_searches_through_the_api(people, api):
    w = people
    data = api(w.community).get(reverse("api-people-search"), {"q": PERSON_ID}).json()
    assert [r["id"] for r in data["residents"]] == [w.r1.id]
    assert data["residents"][0]["id_number_masked"] == w.r1.id_number_masked
    assert api(w.community).get(reverse("api-people-search")).status_code == 400
