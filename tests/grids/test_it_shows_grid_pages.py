"""The grid pages: overview with the headline figures, one grid's branch
and staff, the branch form; party membership shown only to positions that
may see it."""

import pytest
from django.test import Client
from django.urls import reverse

from grids import services
from grids.models import PartyBranch
from tests.members.factories import member


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def branch(world):
    world.secretary = member(world.leader, world.g1, name="李书记")
    world.secretary.user = world.leader
    world.secretary.save()
    services.branch_set(
        grid=world.g1, user=world.leader, name="一网格党支部", secretary=world.secretary
    )
    return world


def test_the_overview_shows_branch_coverage_and_shares(branch):
    response = client_for(branch.street).get(reverse("grid-overview"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["branches"] == {"grids": 2, "with_branch": 1, "ratio": 0.5}
    assert stats["one_shoulder"]["one_shoulder"] == 1
    page = response.content.decode()
    assert "一网格党支部" in page and "50.0%" in page


def test_the_grid_page_shows_staff_with_party_membership_to_those_allowed(branch):
    leader_page = client_for(branch.leader).get(reverse("grid-detail", args=[branch.g1.id]))
    staff = {s["user"].username: s["member"] for s in leader_page.context["staff"]}
    assert staff["leader"] == branch.secretary and staff["teammate"] is None
    assert "李书记" in leader_page.content.decode()
    worker_page = client_for(branch.teammate).get(reverse("grid-detail", args=[branch.g1.id]))
    assert worker_page.status_code == 200 and "李书记" not in worker_page.content.decode()
    assert worker_page.context["may_see_party"] is False


def test_the_branch_form_is_for_positions_that_edit_people_and_see_members(branch):
    url = reverse("grid-branch-edit", args=[branch.g1.id])
    assert client_for(branch.teammate).get(url).status_code == 403
    assert client_for(branch.street).get(url).status_code == 403
    response = client_for(branch.community).post(url, {"name": "一网格第一党支部", "secretary": ""})
    assert response.status_code == 302
    assert PartyBranch.objects.get(grid=branch.g1).secretary is None


def test_the_staff_list_hides_party_membership_without_the_permission(branch):
    rows = client_for(branch.teammate).get(reverse("grid-staff-list")).context["rows"]
    assert {r["is_member"] for r in rows} == {None}
    rows = client_for(branch.leader).get(reverse("grid-staff-list")).context["rows"]
    assert {r["position"].user.username: r["is_member"] for r in rows} == {
        "leader": True,
        "teammate": False,
    }


def test_the_api_gives_grids_and_people_figures(branch, api):
    data = api(branch.community).get(reverse("api-grid-list")).json()
    rows = {r["id"]: r for r in data["results"]}
    assert rows[branch.g1.id]["one_shoulder"] is True and rows[branch.g1b.id]["has_branch"] is False
    stats = api(branch.orgdept).get(reverse("api-grid-stats"), {"unit": branch.region.id}).json()
    assert stats["branches"]["with_branch"] == 1 and str(branch.s1.id) in stats["children"]
    assert (
        api(branch.outsider).get(reverse("api-grid-stats"), {"unit": branch.c1.id}).status_code
        == 404
    )
