"""The people API: create and change through the same rules as the pages,
400 with field messages for bad input, 403 for a role that may not, 404
outside the subtree."""

from django.urls import reverse

from members.models import Household, PartyMember, Resident, ScoreRule, Visit

from .factories import bad_check_digit, ensure_catalogue, household, id_number, member


def test_it_creates_a_member_and_reads_it_back_masked(world, api):
    number = id_number()
    response = api(world.leader).post(
        reverse("api-member-list"),
        {
            "name": "新党员",
            "category": "floating",
            "unit": world.p1.id,
            "id_number": number,
            "phone": "13812345678",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["id_number_masked"] == number[0] + "*" * 16 + number[-1]
    assert data["phone_masked"] == "138****5678" and number not in str(data)
    assert PartyMember.objects.get().grid_id == world.g1.pk


def test_it_answers_bad_input_per_field(world, api, settings):
    settings.LANGUAGE_CODE = "en"
    response = api(world.leader).post(
        reverse("api-member-list"),
        {
            "name": "坏",
            "category": "ordinary",
            "unit": world.c1.id,
            "id_number": bad_check_digit(id_number()),
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "check digit" in body["id_number"][0] and "unit" in body
    unknown = api(world.leader).post(
        reverse("api-member-list"),
        {"name": "外", "category": "ordinary", "unit": world.g2.id, "id_number": id_number()},
        format="json",
    )
    assert unknown.status_code == 400 and "unit" in unknown.json()
    assert PartyMember.objects.count() == 0


def test_a_role_without_party_access_gets_403(world, api):
    assert api(world.teammate).get(reverse("api-member-list")).status_code == 403
    assert api(world.handler).get(reverse("api-member-list")).status_code == 403


def test_it_files_households_residents_and_visits(world, api):
    client = api(world.teammate)
    response = client.post(
        reverse("api-household-list"),
        {"address": "接口路1号", "grid": world.g1.id, "tags": ["floating", "key_care"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    hid = response.json()["id"]
    response = client.post(
        reverse("api-resident-list"),
        {"household": hid, "name": "钱", "relation": "head", "id_number": id_number(), "phone": ""},
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = client.post(
        reverse("api-visit-list"),
        {"household": hid, "visited_on": "2020-01-01", "notes": "太久以前"},
        format="json",
    )
    assert response.status_code == 400 and "visited_on" in response.json()
    h = Household.objects.get()
    assert h.tags == ["floating", "key_care"] and Resident.objects.get().household == h
    data = client.get(reverse("api-household-detail", args=[hid])).json()
    assert data["residents"][0]["name"] == "钱"
    assert Visit.objects.count() == 0


def test_it_changes_a_resident_without_retyping_the_id(world, api):
    h = household(world.leader, world.g1)
    r = (
        api(world.leader)
        .post(
            reverse("api-resident-list"),
            {"household": h.id, "name": "旧", "relation": "head", "id_number": id_number()},
            format="json",
        )
        .json()
    )
    response = api(world.leader).patch(
        reverse("api-resident-detail", args=[r["id"]]), {"name": "新"}, format="json"
    )
    assert response.status_code == 200 and response.json()["name"] == "新"


def test_writes_outside_the_subtree_are_refused(world, api):
    h = household(world.outsider, world.g2)
    response = api(world.leader).post(
        reverse("api-resident-list"),
        {"household": h.id, "name": "某", "relation": "head", "id_number": id_number()},
        format="json",
    )
    assert response.status_code == 400 and "household" in response.json()
    m = member(world.outsider, world.g2)
    assert (
        api(world.leader)
        .patch(reverse("api-member-detail", args=[m.id]), {"name": "改"}, format="json")
        .status_code
        == 404
    )
    assert (
        api(world.street)
        .post(
            reverse("api-household-list"), {"address": "街道", "grid": world.g1.id}, format="json"
        )
        .status_code
        == 403
    )


def test_it_keeps_the_score_ledger_over_the_api(world, api):
    m = member(world.leader, world.g1)
    url = reverse("api-member-scores", args=[m.id])
    ensure_catalogue()
    patrol = ScoreRule.objects.get(item="参与网格巡查")
    r = api(world.leader).post(url, {"rule": patrol.pk, "reason": "夜间巡查"}, format="json")
    assert r.status_code == 201, r.content
    bad = api(world.leader).post(url, {"rule": patrol.pk, "points": 0}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"points"}
    ledger = api(world.leader).get(url).json()
    assert (ledger["base"], ledger["total"], ledger["rank"], ledger["members_ranked"]) == (
        100,
        101,
        1,
        1,
    )
    assert [(e["rule"], e["points"], e["source"]) for e in ledger["entries"]] == [
        (patrol.pk, 1, None)
    ]
    assert api(world.leader).get(reverse("api-member-detail", args=[m.id])).json()["score"] == 101
