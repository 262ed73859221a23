"""Two people acting on one case at once: one wins, the others get a clear
conflict, and no update is lost (PostgreSQL, real concurrent transactions)."""

import threading

import pytest
from django.db import connection
from knox.models import AuthToken
from rest_framework.test import APIClient

from cases.models import Case, CaseEvent
from tests.threads import join_all, start_line

from .conftest import file_case

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_eight_concurrent_accepts_win(needs_postgres, world, cats):
    case = file_case(world, cats)
    tokens = [AuthToken.objects.create(user=u)[1] for u in (world.leader, world.teammate)]
    barrier = start_line(THREADS)
    answers: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def accept(i):
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[i % 2]}")
            barrier.wait(timeout=30)
            response = client.post(
                f"/api/v1/cases/{case.id}/accept/", {"version": 1}, format="json"
            )
            with lock:
                answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=accept, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    join_all(threads)

    codes = sorted(code for code, _ in answers)
    assert codes == [200] + [409] * (THREADS - 1), answers
    for code, body in answers:
        if code == 409:
            assert body["version"] == 2 and body["status"] == "handling"
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.version) == ("handling", 2)
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1
