"""Two members claiming one demand at once, two offices booking one venue
at once: one wins, the other gets a conflict (PostgreSQL, real concurrent
transactions)."""

import threading

import pytest
from django.db import connection
from knox.models import AuthToken
from rest_framework.test import APIClient

from participation.models import Activity, Demand, DemandEvent
from tests.threads import join_all, start_line
from tests.world import make_user

from .helpers import at, demand, link, party

THREADS = 2


def race(calls):
    barrier = start_line(len(calls))
    answers, lock = [], threading.Lock()

    def run(token, path, body):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait(timeout=30)
            response = client.post(path, body, format="json")
            with lock:
                answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=run, args=call) for call in calls]
    for t in threads:
        t.start()
    join_all(threads)
    return answers


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_two_members_claim_a_demand(needs_postgres, world):
    w = party(world)
    d = demand(w)
    second = make_user("member2")
    link(w.m2, second)
    tokens = [AuthToken.objects.create(user=u)[1] for u in (w.me_user, second)]
    answers = race([(t, f"/api/v1/demands/{d.pk}/claim/", {"version": 1}) for t in tokens])
    assert sorted(code for code, _ in answers) == [200, 409], answers
    loser = next(body for code, body in answers if code == 409)
    assert (loser["status"], loser["version"]) == ("claimed", 2)
    d = Demand.objects.get(pk=d.pk)
    assert (d.status, d.version) == ("claimed", 2)
    assert DemandEvent.objects.filter(demand=d, action="claim").count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_books_a_venue_once_when_two_offices_book_it_at_once(needs_postgres, world):
    w = party(world)
    tokens = [AuthToken.objects.create(user=u)[1] for u in (w.leader, w.community)]
    bodies = [
        {
            "title": f"会议{i}",
            "kind": "branch_meeting",
            "organizer": unit.pk,
            "venue": w.venue.pk,
            "starts_at": at(2, minutes=30 * i).isoformat(),
            "ends_at": at(2, hours=2).isoformat(),
        }
        for i, unit in enumerate((w.g1, w.g1b))
    ]
    answers = race([(t, "/api/v1/activities/", b) for t, b in zip(tokens, bodies, strict=True)])
    assert sorted(code for code, _ in answers) == [201, 409], answers
    assert Activity.objects.filter(venue=w.venue).count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_has_the_database_refuse_an_overlap_the_service_did_not_see(needs_postgres, world):
    from django.db import IntegrityError, transaction

    w = party(world)
    Activity.objects.create(
        title="a",
        kind="study",
        organizer=w.g1,
        venue=w.venue,
        starts_at=at(3),
        ends_at=at(3, hours=2),
        created_by=w.leader,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            title="b",
            kind="study",
            organizer=w.g1,
            venue=w.venue,
            starts_at=at(3, hours=1),
            ends_at=at(3, hours=3),
            created_by=w.leader,
        )
