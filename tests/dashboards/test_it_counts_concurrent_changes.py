"""Rollup increments from concurrent transactions are never lost: many
filings at once on the same grid, day and category (the same rollup rows)."""

import threading
from datetime import date

import pytest
from django.db import connection

from dashboards.rollups import differences
from dashboards.selectors import dashboard_figures
from tests.dashboards.helpers import at, categories, close_case, file_case
from tests.world import build_world

THREADS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_it_loses_no_increment_under_concurrent_filings(needs_postgres):
    world = build_world()
    fire = categories()["fire"]
    errors = []
    start = threading.Barrier(THREADS)

    def work(n):
        try:
            start.wait()
            for i in range(EACH):
                case = file_case(
                    grid=world.g1 if n % 2 else world.g1b,
                    category=fire,
                    reporter=world.leader,
                    reported_at=at(2025, 7, 1, 9, n * EACH + i),
                )
                if i % 2:
                    close_case(case, closed_at=at(2025, 7, 2, 9))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert differences() == []
    figures = dashboard_figures(
        unit=world.region, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
    )
    assert figures["cases"]["reported"] == THREADS * EACH
    assert figures["cases"]["closed"] == THREADS * (EACH // 2)
