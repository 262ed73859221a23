"""Household files through the pages: file a household, add residents,
record visits, and open the case form prefilled from a visit."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from members.links import case_from_visit_url
from members.models import Household, Resident, Visit

from .factories import household, id_number

TODAY = datetime.date.today()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_grid_worker_files_a_household_with_a_resident_and_a_visit(world):
    client = client_for(world.teammate)
    response = client.post(
        reverse("household-new"),
        {
            "address": "春风路1号",
            "grid": world.g1.id,
            "party_group": world.p1.id,
            "tags": ["elderly_alone"],
        },
    )
    assert response.status_code == 302
    h = Household.objects.get()
    assert (h.grid, h.party_group, h.tags, h.community_id) == (
        world.g1,
        world.p1,
        ["elderly_alone"],
        world.c1.pk,
    )
    number = id_number("19400505")
    response = client.post(
        reverse("resident-new", args=[h.id]),
        {"name": "吴奶奶", "relation": "head", "id_number": number, "phone": ""},
    )
    assert response.status_code == 302
    assert Resident.objects.get().birth_date == datetime.date(1940, 5, 5)
    response = client.post(
        reverse("visit-new", args=[h.id]),
        {"visited_on": TODAY, "notes": "身体尚好", "problems": "楼道灯坏了"},
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.visitor, visit.grid_id, visit.community_id) == (
        world.teammate,
        world.g1.pk,
        world.c1.pk,
    )


def test_it_answers_bad_input_per_field_and_writes_nothing(world, settings):
    settings.LANGUAGE_CODE = "en"
    client = client_for(world.leader)
    h = household(world.leader, world.g1, address="春风路2号")
    response = client.post(
        reverse("resident-new", args=[h.id]),
        {"name": "某", "relation": "head", "id_number": "440402199001011230", "phone": "123"},
    )
    errors = response.context["form"].errors
    assert "check digit" in errors["id_number"][0] and "mobile" in errors["phone"][0]
    response = client.post(reverse("household-new"), {"address": "春风路2号", "grid": world.g1.id})
    assert "already filed" in response.context["form"].errors["address"][0]
    response = client.post(
        reverse("visit-new", args=[h.id]), {"visited_on": TODAY + datetime.timedelta(days=2)}
    )
    assert set(response.context["form"].errors) == {"visited_on", "notes"}
    assert Resident.objects.count() == Visit.objects.count() == 0
    assert Household.objects.count() == 1


def test_positions_without_edit_rights_cannot_change_households(world):
    h = household(world.leader, world.g1)
    assert client_for(world.street).get(reverse("household-edit", args=[h.id])).status_code == 403
    assert client_for(world.street).get(reverse("household-detail", args=[h.id])).status_code == 200


def _visit_with_problem(world):
    h = household(world.leader, world.g1, address="春风路3号")
    client_for(world.leader).post(
        reverse("visit-new", args=[h.id]),
        {"visited_on": TODAY, "notes": "走访", "problems": "下水道堵塞"},
    )
    return h, Visit.objects.get()


@pytest.mark.urls("tests.members.urls_with_case_form")
def test_it_links_a_visit_to_the_case_form_prefilled(world):
    h, visit = _visit_with_problem(world)
    url = case_from_visit_url(visit)
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == reverse("case-new")
    assert query["grid"] == [str(world.g1.id)] and query["address"] == ["春风路3号"]
    assert query["source"] == ["visit"] and query["description"] == ["下水道堵塞"]
    assert "春风路3号" in query["title"][0]
    page = client_for(world.leader).get(reverse("household-detail", args=[h.id])).content.decode()
    assert reverse("case-new") in page


def test_it_leaves_the_link_out_while_no_case_form_is_installed(world):
    h, visit = _visit_with_problem(world)
    try:
        reverse("case-new")
    except NoReverseMatch:
        assert case_from_visit_url(visit) is None
        page = client_for(world.leader).get(reverse("household-detail", args=[h.id]))
        assert page.status_code == 200 and "下水道堵塞" in page.content.decode()
    else:
        assert "source=visit" in case_from_visit_url(visit)


def test_the_link_opens_the_case_form_prefilled_from_the_visit(world):
    h, visit = _visit_with_problem(world)
    page = client_for(world.leader).get(case_from_visit_url(visit))
    assert page.status_code == 200
    body = page.content.decode()
    assert "春风路3号" in body and "下水道堵塞" in body
