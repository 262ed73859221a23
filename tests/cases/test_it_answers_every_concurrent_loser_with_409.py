"""Many people acting on one case at once, with the version they all saw:
one wins, every other one gets 409 — whatever the winner did, including
moving the case to another unit (PostgreSQL, real concurrent transactions)."""

import threading
import time
from collections import Counter

import pytest
from django.db import connection, transaction
from knox.models import AuthToken
from rest_framework.test import APIClient

from cases import services
from cases.models import Case, CaseEvent
from tests.threads import join_all, start_line

from .conftest import make_case

THREADS = 30


def _requests(world):
    """Thirty mixed actions, each one its user may take on a case reported
    at the community C1."""
    bodies = {
        "accept": {},
        "escalate": {"note": "社区无法处置"},
        "dispatch": {"to_unit": world.g1b.id, "note": "请二网格处置"},
        "return": {"note": "请网格再核实"},
        "cancel": {"reason": "重复上报"},
        "urge": {"note": "请尽快处置"},
    }
    users = [world.community, world.street, world.admin]
    actions = list(bodies)
    return [
        (users[i % len(users)], actions[i % len(actions)], bodies[actions[i % len(actions)]])
        for i in range(THREADS)
    ]


def _post_all(case, version, requests, *, before_post=None):
    """POST every request from its own thread, all released at once."""
    tokens = {u.pk: AuthToken.objects.create(user=u)[1] for u in {u for u, _, _ in requests}}
    barrier = start_line(len(requests))
    answers, lock = [], threading.Lock()

    def post(user, action, body):
        try:
            # A server error comes back as the 500 a user would get.
            client = APIClient(raise_request_exception=False)
            client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[user.pk]}")
            barrier.wait(timeout=30)
            response = client.post(
                f"/api/v1/cases/{case.id}/{action}/", {**body, "version": version}, format="json"
            )
            is_json = response.get("Content-Type", "").startswith("application/json")
            with lock:
                answers.append((action, response.status_code, response.json() if is_json else None))
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=post, args=r) for r in requests]
    for t in threads:
        t.start()
    if before_post is not None:
        before_post()
    join_all(threads)
    return answers


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _assert_one_change(case, version, answers, *, wins):
    codes = Counter(code for _, code, _ in answers)
    expected = Counter({200: wins, 409: THREADS - wins})
    assert +codes == +expected, codes
    now = Case.objects.get(pk=case.pk)
    assert now.version == version + 1
    for _, code, body in answers:
        if code == 409:
            assert body["version"] == now.version and body["status"] == now.status, body
    assert CaseEvent.objects.filter(case=case).count() == 3  # file, escalate, the winner


@pytest.mark.parametrize("winner", ["escalate", "dispatch", "return"])
@pytest.mark.django_db(transaction=True)
def test_it_answers_409_to_everyone_waiting_while_the_case_moves(
    needs_postgres, world, cats, winner
):
    case = make_case(world, cats, at="c1")
    version = case.version
    moves = {
        "escalate": lambda c: services.case_escalate(
            case=c, user=world.street, version=version, note="转街道"
        ),
        "dispatch": lambda c: services.case_dispatch(
            case=c, user=world.street, version=version, to_unit=world.g1, note="派回网格"
        ),
        "return": lambda c: services.case_return(
            case=c, user=world.community, version=version, note="退回网格"
        ),
    }
    locked, release, failures = threading.Event(), threading.Event(), []

    def move():
        # The winner holds the row while the others queue behind it, then
        # commits a case that now sits at another unit.
        try:
            with transaction.atomic():
                moves[winner](case)
                locked.set()
                assert release.wait(timeout=30)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            locked.set()
            connection.close()

    mover = threading.Thread(daemon=True, target=move)
    mover.start()
    assert locked.wait(timeout=30) and not failures

    def release_when_all_wait():
        deadline = time.monotonic() + 30
        while _waiting_on_locks() < THREADS and time.monotonic() < deadline:
            time.sleep(0.05)
        release.set()

    answers = _post_all(case, version, _requests(world), before_post=release_when_all_wait)
    join_all([mover], timeout=30)
    assert not failures
    assert Case.objects.get(pk=case.pk).responsible_unit_id != world.c1.id
    _assert_one_change(case, version, answers, wins=0)


@pytest.mark.django_db(transaction=True)
def test_it_lets_one_of_thirty_mixed_actions_win(needs_postgres, world, cats):
    case = make_case(world, cats, at="c1")
    answers = _post_all(case, case.version, _requests(world))
    _assert_one_change(case, case.version, answers, wins=1)
