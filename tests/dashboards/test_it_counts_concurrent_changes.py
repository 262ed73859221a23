"""Rollup increments from concurrent transactions are never lost: many
filings and closings at once, through the case services, on the same grid,
day and category (the same rollup rows)."""

import threading
from datetime import date

import pytest
from django.db import connection

from cases import services
from dashboards.rollups import ROLLUPS
from dashboards.selectors import dashboard_figures
from tests.dashboards.helpers import at, seeded_categories
from tests.threads import join_all, start_line
from tests.world import build_world

THREADS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_it_loses_no_increment_under_concurrent_filings(needs_postgres):
    world = build_world()
    leaf = seeded_categories()["0204"]
    errors = []
    start = start_line(THREADS)

    def work(n):
        try:
            start.wait()
            user, grid = (world.leader, world.g1) if n % 2 else (world.community, world.g1b)
            for i in range(EACH):
                t = at(2025, 7, 1, 9, n * EACH + i)
                case = services.case_file(
                    user=user, grid=grid, category=leaf, title="同时上报", description="并发", at=t
                )
                if i % 2:
                    # The satisfaction is recorded by someone else than the resolver.
                    closer = world.teammate if user == world.leader else world.street
                    for step, by, extra in (
                        (services.case_accept, user, {}),
                        (services.case_resolve, user, {"result": "已处理"}),
                        (services.case_close, closer, {"satisfaction": "satisfied"}),
                    ):
                        case = step(case=case, user=by, version=case.version, at=t, **extra)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    join_all(threads)
    assert errors == [], [str(e) for e in errors]
    assert ROLLUPS.differences() == []
    figures = dashboard_figures(
        unit=world.region, date_from=date(2025, 7, 1), date_to=date(2025, 7, 31)
    )
    assert figures["cases"]["reported"] == THREADS * EACH
    assert figures["cases"]["closed"] == THREADS * (EACH // 2)
