"""Personal data is masked on pages, in the API and in exports for a role
without VIEW_PERSONAL_DATA (a grid worker); revealing one is an explicit,
logged action for a role with it (the grid leader)."""

import pytest
from django.test import Client
from django.urls import reverse

from members.models import ExportRecord, Resident, RevealLog

from .factories import household, id_number, member, read_xlsx, resident

ID = id_number(birth="19750304")
PHONE = "13812345678"
MASKED_ID = ID[0] + "*" * 16 + ID[-1]
MASKED_PHONE = "138****5678"


@pytest.fixture
def people(world):
    world.member = member(world.leader, world.g1, name="王党员", id_number=ID, phone=PHONE)
    world.household = household(world.leader, world.g1, address="幸福路8号")
    world.resident = resident(
        world.leader, world.household, id_number=id_number(birth="19800202"), phone="13900001111"
    )
    return world


def page(user, name, *args):
    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_it_masks_the_household_page_for_a_grid_worker(people):
    w = people
    body = page(w.teammate, "household-detail", w.household.id).content.decode()
    assert w.resident.id_number_masked in body and "139****1111" in body
    assert w.resident.id_number not in body and "13900001111" not in body
    assert reverse("resident-reveal", args=[w.resident.id]) not in body


def test_it_masks_pages_by_default_even_for_the_leader(people):
    w = people
    body = page(w.leader, "member-detail", w.member.id).content.decode()
    assert MASKED_ID in body and ID not in body and PHONE not in body
    # The leader may reveal: the button is there.
    assert reverse("member-reveal", args=[w.member.id]) in body


def test_it_masks_the_api_for_everyone(people, api):
    w = people
    for user in (w.teammate, w.leader):
        data = api(user).get(reverse("api-resident-detail", args=[w.resident.id])).json()
        assert data["id_number_masked"] == w.resident.id_number_masked
        assert "id_number" not in data and w.resident.id_number not in str(data)
    data = api(w.leader).get(reverse("api-member-detail", args=[w.member.id])).json()
    assert data["id_number_masked"] == MASKED_ID and data["phone_masked"] == MASKED_PHONE
    assert ID not in str(data)
    nested = api(w.teammate).get(reverse("api-household-detail", args=[w.household.id])).json()
    assert nested["residents"][0]["id_number_masked"] == w.resident.id_number_masked
    assert w.resident.id_number not in str(nested)


def test_it_masks_exports_for_a_grid_worker_and_records_them(people):
    w = people
    client = Client()
    client.force_login(w.teammate)
    response = client.get(reverse("household-list") + "?format=xlsx")
    headers, rows = read_xlsx(response.content)
    cells = dict(zip(headers, rows[0], strict=True))
    assert cells["身份证号"] == w.resident.id_number_masked
    assert cells["手机号"] == "139****1111"
    record = ExportRecord.objects.get(user=w.teammate)
    assert (record.what, record.rows, record.unmasked) == ("households", 1, False)


def test_it_exports_in_full_for_the_leader_and_says_so(people):
    w = people
    client = Client()
    client.force_login(w.leader)
    response = client.get(reverse("member-list") + "?format=xlsx")
    headers, rows = read_xlsx(response.content)
    cells = dict(zip(headers, rows[0], strict=True))
    assert cells["身份证号"] == ID and cells["手机号"] == PHONE
    assert ExportRecord.objects.get(user=w.leader, what="members").unmasked is True


def test_it_refuses_to_reveal_to_a_grid_worker_and_logs_nothing(people, api):
    w = people
    client = Client()
    client.force_login(w.teammate)
    assert client.post(reverse("resident-reveal", args=[w.resident.id])).status_code == 403
    assert (
        api(w.teammate).post(reverse("api-resident-reveal", args=[w.resident.id])).status_code
        == 403
    )
    assert RevealLog.objects.count() == 0


def test_it_reveals_to_the_leader_and_logs_who_when_which(people, api):
    w = people
    client = Client()
    client.force_login(w.leader)
    response = client.post(
        reverse("member-reveal", args=[w.member.id]), headers={"Accept": "application/json"}
    )
    assert response.json() == {"id_number": ID, "phone": PHONE}
    data = api(w.leader).post(reverse("api-resident-reveal", args=[w.resident.id])).json()
    assert data["id_number"] == w.resident.id_number
    logs = list(RevealLog.objects.order_by("id"))
    assert [(log.user, log.record_type, log.record_id, log.via) for log in logs] == [
        (w.leader, "partymember", w.member.id, "page"),
        (w.leader, "resident", w.resident.id, "api"),
    ]
    assert all(log.at is not None for log in logs)


def test_it_answers_404_to_a_reveal_outside_the_subtree(people, api):
    w = people
    assert api(w.outsider).post(reverse("api-member-reveal", args=[w.member.id])).status_code == 404
    assert RevealLog.objects.count() == 0


def test_it_shows_no_birth_date_beside_a_masked_number_only_an_age(people, api):
    """The hidden middle of an ID number is the birth date: without the
    capability (a street office, a grid worker) no page, API answer or
    export shows it; an age stands in for it."""
    w = people
    number = w.resident.id_number
    masked = number[0] + "*" * 16 + number[-1]
    age = Resident.objects.get(pk=w.resident.pk).age
    for user in (w.street, w.teammate):
        body = page(user, "household-detail", w.household.id).content.decode()
        assert masked in body and "1980-02-02" not in body and "19800202" not in body
        assert f"{age}岁" in body
        data = api(user).get(reverse("api-resident-detail", args=[w.resident.id])).json()
        assert (data["birth_date"], data["age"], data["id_number_masked"]) == (None, age, masked)
        client = Client()
        client.force_login(user)
        headers, rows = read_xlsx(client.get(reverse("household-list") + "?format=xlsx").content)
        cells = dict(zip(headers, rows[0], strict=True))
        assert (cells["身份证号"], cells["出生日期"], cells["年龄"]) == (masked, None, age)
    # The grid leader may unmask: the birth date is there.
    body = page(w.leader, "household-detail", w.household.id).content.decode()
    assert "1980-02-02" in body
    data = api(w.leader).get(reverse("api-resident-detail", args=[w.resident.id])).json()
    assert data["birth_date"] == "1980-02-02"
