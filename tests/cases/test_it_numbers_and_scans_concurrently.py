"""Concurrent filings get distinct, gapless numbers, and concurrent deadline
scans take each step once (PostgreSQL, real concurrent transactions)."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from cases.deadlines import deadlines_scan
from cases.models import Case, CaseEvent
from tests.threads import join_all, start_line

from .conftest import file_case

THREADS = 8


def _run_together(target, n=THREADS):
    barrier = start_line(n)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=30)
            results.append(target(i))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    join_all(threads)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_it_hands_out_distinct_numbers_to_concurrent_filings(needs_postgres, world, cats):
    numbers = _run_together(lambda i: file_case(world, cats, title=f"并发{i}").number)
    assert len(set(numbers)) == THREADS
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, THREADS + 1))


@pytest.mark.django_db(transaction=True)
def test_it_takes_each_deadline_step_once_under_concurrent_scans(needs_postgres, world, cats):
    t0 = datetime(2026, 7, 1, tzinfo=UTC)
    with time_machine.travel(t0, tick=False):
        for _ in range(30):
            file_case(world, cats)
    with time_machine.travel(t0 + timedelta(hours=100), tick=False):
        results = _run_together(lambda i: deadlines_scan(), n=4)
    assert sum(r["overdue"] for r in results) == 30
    assert sum(r["supervised"] for r in results) == 30
    assert CaseEvent.objects.filter(action="overdue").count() == 30
    assert CaseEvent.objects.filter(action="supervise").count() == 30
    # Supervision leaves each case with its handler and names the unit above.
    assert set(Case.objects.values_list("responsible_unit_id", flat=True)) == {world.g1.id}
    assert set(Case.objects.values_list("supervising_unit_id", flat=True)) == {world.c1.id}
    assert set(Case.objects.values_list("version", flat=True)) == {2}
