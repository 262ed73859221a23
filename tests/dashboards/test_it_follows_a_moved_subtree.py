"""Moving a grid to another community moves its cases' figures with it."""

from datetime import date

from django.core.management import call_command

from cases.models import Case
from dashboards.rollups import ROLLUPS
from dashboards.selectors import dashboard_figures
from tests.dashboards.helpers import at, categories, close_case, file_case


def test_it_moves_the_figures_with_the_grid(world):
    cats = categories()
    for day in (3, 4, 5):
        case = file_case(
            grid=world.g1b,
            category=cats["noise"],
            reporter=world.leader,
            reported_at=at(2025, 3, day),
        )
    close_case(case, closed_at=at(2025, 3, 9))
    file_case(
        grid=world.g2, category=cats["gas"], reporter=world.outsider, reported_at=at(2025, 3, 7)
    )
    period = {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 31)}
    assert dashboard_figures(unit=world.s1, **period)["cases"]["reported"] == 3

    world.g1b.parent = world.c2
    world.g1b.save()
    world.refresh()

    assert Case.objects.filter(grid=world.g1b, community=world.c2, street=world.s2).count() == 3
    assert ROLLUPS.differences() == []
    assert dashboard_figures(unit=world.s1, **period)["cases"]["reported"] == 0
    assert dashboard_figures(unit=world.c1, **period)["cases"]["reported"] == 0
    s2 = dashboard_figures(unit=world.s2, **period)["cases"]
    assert (s2["reported"], s2["closed"]) == (4, 1)
    assert dashboard_figures(unit=world.region, **period)["cases"]["reported"] == 4
    call_command("verify_counters", "rollups")
