"""The resident's phone on a case is personal data like a resident's own:
encrypted at rest, masked by the one masking module on the page and in the
API for everyone, shown in full only through a logged reveal by a position
that may see personal data where the case lies."""

import pytest
from django.db import connection
from django.test import Client

from cases.models import Case
from members.models import RevealLog

from .conftest import make_case

PHONE = "13812345678"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(world, cats):
    return make_case(world, cats, at="g1", resident_name="张三", resident_phone=PHONE)


def test_it_stores_the_phone_encrypted(case):
    with connection.cursor() as cursor:
        cursor.execute("SELECT resident_phone FROM cases_case WHERE id = %s", [case.pk])
        (raw,) = cursor.fetchone()
    assert raw and PHONE not in raw and "5678" not in raw
    assert Case.objects.get(pk=case.pk).resident_phone == PHONE


def test_it_masks_the_phone_for_everyone_on_the_page_and_in_the_api(world, case, api):
    for user in (world.leader, world.community, world.street, world.teammate):
        page = _client(user).get(f"/cases/{case.id}/").content.decode()
        assert PHONE not in page and "138****5678" in page
        assert api(user).get(f"/api/v1/cases/{case.id}/").json()["resident_phone"] == (
            "138****5678"
        )
    assert RevealLog.objects.count() == 0


def test_it_offers_the_reveal_only_where_personal_data_may_be_seen(world, case):
    url = f"/cases/{case.id}/reveal/"
    assert url in _client(world.leader).get(f"/cases/{case.id}/").content.decode()
    assert url in _client(world.community).get(f"/cases/{case.id}/").content.decode()
    assert url not in _client(world.street).get(f"/cases/{case.id}/").content.decode()
    assert url not in _client(world.teammate).get(f"/cases/{case.id}/").content.decode()


def test_it_reveals_to_the_leader_and_logs_it(world, case, api):
    page = _client(world.leader).post(f"/cases/{case.id}/reveal/")
    assert page.status_code == 200 and PHONE in page.content.decode()
    data = api(world.community).post(f"/api/v1/cases/{case.id}/reveal/").json()
    assert data == {"resident_phone": PHONE}
    logs = [
        (log.user, log.record_type, log.record_id, log.fields, log.via)
        for log in RevealLog.objects.order_by("id")
    ]
    assert logs == [
        (world.leader, "case", case.id, "resident_phone", "page"),
        (world.community, "case", case.id, "resident_phone", "api"),
    ]


def test_it_refuses_the_reveal_without_the_capability_and_logs_nothing(world, case, api):
    assert _client(world.street).post(f"/cases/{case.id}/reveal/").status_code == 403
    assert api(world.teammate).post(f"/api/v1/cases/{case.id}/reveal/").status_code == 403
    assert RevealLog.objects.count() == 0


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("2123456", "*****56"),
        ("21234567", "******67"),
        ("0756-1234567", "********567"),
        ("0756-12345678", "********5678"),
        ("13912345678", "139****5678"),
    ],
)
def test_it_masks_short_numbers_and_landlines_for_a_street_office(world, cats, api, phone, shown):
    case = make_case(world, cats, at="s1", resident_phone=phone)
    page = _client(world.street).get(f"/cases/{case.id}/").content.decode()
    assert shown in page and phone not in page
    assert api(world.street).get(f"/api/v1/cases/{case.id}/").json()["resident_phone"] == shown
