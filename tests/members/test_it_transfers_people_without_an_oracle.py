"""No answer tells a caller that a person is registered outside their area.

Filing a person whose ID number is registered elsewhere is answered exactly
like filing a new person (the API, the page, both import sheets); the lowest
office covering both places decides a transfer (人员迁移) that only it sees;
approving moves the registered record, refusing removes the new entry and
tells the requester."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from members.models import (
    ImportStatus,
    PartyMember,
    PersonTransfer,
    Resident,
    TransferStatus,
)
from members.personal import search_hash
from orgs.kinds import Role
from tests.world import make_user

from .excel import HOUSEHOLD_HEADERS, MEMBER_HEADERS, upload, upload_and_apply
from .factories import household, id_number, member, resident, xlsx

G1 = "TQ/01/001/01"
G2 = "TQ/02/001/01"
LEAKS = re.compile(r"outside|elsewhere|unique_person|管辖范围|以外|already registered|已登记")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def registered(world):
    """A resident and a party member registered in G1 (street 1)."""
    h = household(world.leader, world.g1, address="幸福路1号")
    world.registered_resident = resident(world.leader, h, name="张居民", phone="13812345678")
    world.registered_member = member(world.leader, world.g1, name="李党员")
    return world


def _shape(data):
    """What a caller can compare between two answers: every key, and every
    value that does not come from what they sent or a fresh id."""
    return sorted(data)


def test_it_answers_the_residents_api_the_same_for_a_number_registered_elsewhere(registered, api):
    w = registered
    h2 = household(w.outsider, w.g2, address="三网格2号")
    answers = []
    for number in (w.registered_resident.id_number, id_number("19660606")):
        response = api(w.outsider).post(
            reverse("api-resident-list"),
            {"household": h2.id, "name": "新人", "relation": "head", "id_number": number},
            format="json",
        )
        answers.append(response)
    assert [r.status_code for r in answers] == [201, 201]
    assert _shape(answers[0].json()) == _shape(answers[1].json())
    assert not any(LEAKS.search(r.content.decode()) for r in answers)
    # The caller sees both people in their household, like any others.
    listed = api(w.outsider).get(reverse("api-resident-list") + f"?household={h2.id}").json()
    assert listed["count"] == 2


def test_it_answers_the_members_api_the_same_for_a_number_registered_elsewhere(registered, api):
    w = registered
    answers = [
        api(w.outsider).post(
            reverse("api-member-list"),
            {"name": "新党员", "category": "ordinary", "unit": w.g2.id, "id_number": number},
            format="json",
        )
        for number in (w.registered_member.id_number, id_number("19770707"))
    ]
    assert [r.status_code for r in answers] == [201, 201]
    assert _shape(answers[0].json()) == _shape(answers[1].json())
    assert not any(LEAKS.search(r.content.decode()) for r in answers)


def test_it_still_refuses_a_number_already_filed_in_the_callers_own_area(registered, api):
    w = registered
    h = household(w.leader, w.g1, address="幸福路2号")
    response = api(w.leader).post(
        reverse("api-resident-list"),
        {
            "household": h.id,
            "name": "重复",
            "relation": "head",
            "id_number": w.registered_resident.id_number,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "幸福路1号" in str(response.json()["id_number"])
    assert PersonTransfer.objects.count() == 0


@pytest.mark.parametrize("sheet", ["members", "households"])
def test_it_checks_an_import_the_same_for_a_number_registered_elsewhere(registered, sheet):
    w = registered
    if sheet == "members":
        taken = w.registered_member.id_number
        rows = [
            ["甲", taken, "", "普通党员", G2, "", ""],
            ["乙", id_number("19880808"), "", "普通党员", G2, "", ""],
        ]
        content = xlsx(MEMBER_HEADERS, rows)
    else:
        taken = w.registered_resident.id_number
        rows = [
            [G2, "三网格9号", "", "", "", "甲", "户主", taken, "", ""],
            [G2, "三网格9号", "", "", "", "乙", "配偶", id_number("19880808"), "", ""],
        ]
        content = xlsx(HOUSEHOLD_HEADERS, rows)
    response = upload(w.outsider, sheet, content)
    assert response.status_code == 302  # the dry run found nothing to say
    follow = client_for(w.outsider).get(response["Location"]).content.decode()
    assert not LEAKS.search(follow)
    job = upload_and_apply(w.outsider, sheet, content)
    assert job.status == ImportStatus.DONE and job.summary["created"] == 2
    model = PartyMember if sheet == "members" else Resident
    mine = model.objects.filter(grid=w.g2)
    assert sorted(mine.values_list("name", flat=True)) == ["乙", "甲"]
    # One transfer, to the district (the lowest office over both streets),
    # that the requester does not see while it waits.
    transfer = PersonTransfer.objects.get()
    assert (transfer.office, transfer.from_unit, transfer.status) == (
        w.region,
        w.g1,
        TransferStatus.PENDING,
    )
    page = client_for(w.outsider).get(reverse("transfer-list")).content.decode()
    assert f'data-transfer="{transfer.id}"' not in page
    # The registered record is untouched meanwhile.
    registered = model.objects.get(id_number_hash=search_hash(taken), transfer_pending=False)
    assert registered.grid_id == w.g1.id


def _claim_in_g2(w, api):
    h2 = household(w.outsider, w.g2, address="三网格2号")
    response = api(w.outsider).post(
        reverse("api-resident-list"),
        {
            "household": h2.id,
            "name": "张居民",
            "relation": "head",
            "id_number": w.registered_resident.id_number,
            "phone": "13900001111",
        },
        format="json",
    )
    assert response.status_code == 201
    return h2, PersonTransfer.objects.get()


def test_it_lets_the_district_approve_and_moves_the_record(registered, api):
    w = registered
    h2, transfer = _claim_in_g2(w, api)
    # Street offices do not cover the district's decision.
    assert f'data-transfer="{transfer.id}"' not in (
        client_for(w.street).get(reverse("transfer-list")).content.decode()
    )
    assert (
        client_for(w.street)
        .post(reverse("transfer-decide", args=[transfer.id]), {"decision": "approve"})
        .status_code
        == 404
    )
    page = client_for(w.orgdept).get(reverse("transfer-list")).content.decode()
    assert f'data-transfer="{transfer.id}"' in page and w.registered_resident.id_number not in page
    client_for(w.orgdept).post(
        reverse("transfer-decide", args=[transfer.id]), {"decision": "approve"}
    )
    moved = Resident.objects.get(id_number_hash=search_hash(w.registered_resident.id_number))
    assert moved.pk == w.registered_resident.pk  # the registered record, moved
    assert (moved.household_id, moved.grid_id, moved.street_id) == (h2.id, w.g2.id, w.s2.id)
    assert moved.phone == "13900001111" and not moved.transfer_pending
    assert Resident.objects.filter(grid=w.g1).count() == 0
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (TransferStatus.APPROVED, w.orgdept)
    page = client_for(w.outsider).get(reverse("transfer-list")).content.decode()
    assert f'data-transfer="{transfer.id}" data-status="approved"' in page


def test_it_lets_the_community_refuse_with_a_reason_the_requester_reads(registered, api):
    w = registered
    neighbour = make_user("neighbour", w.g1b, Role.GRID_LEADER)
    h = household(neighbour, w.g1b, address="二网格1号")
    response = api(neighbour).post(
        reverse("api-resident-list"),
        {
            "household": h.id,
            "name": "张居民",
            "relation": "head",
            "id_number": w.registered_resident.id_number,
        },
        format="json",
    )
    assert response.status_code == 201
    transfer = PersonTransfer.objects.get()
    assert transfer.office == w.c1  # both grids are in the same community
    url = reverse("transfer-decide", args=[transfer.id])
    client_for(w.community).post(url, {"decision": "refuse", "note": ""})
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.PENDING  # a refusal needs a reason
    client_for(w.community).post(url, {"decision": "refuse", "note": "此人仍在一网格居住"})
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (TransferStatus.REFUSED, w.community)
    assert not Resident.objects.filter(household=h).exists()  # the claim is gone
    assert Resident.objects.get(pk=w.registered_resident.pk).grid_id == w.g1.id
    page = client_for(neighbour).get(reverse("transfer-list")).content.decode()
    assert f'data-transfer="{transfer.id}" data-status="refused"' in page
    assert "此人仍在一网格居住" in page
