"""Every dashboard figure, for several nodes and periods, equals a recount
from the raw rows: randomized cases in every state, filed and moved through
the change signal like the case actions do."""

import random
from datetime import date, timedelta

import pytest

from cases.models import Level, Satisfaction, Status
from dashboards.rollups import differences
from dashboards.selectors import dashboard_figures
from orgs.kinds import UnitKind
from tests.dashboards import recount
from tests.dashboards.helpers import at, categories, change_case, file_case
from tests.world import make_unit

K = UnitKind
PERIODS = [
    (date(2025, 1, 1), date(2025, 12, 31)),  # whole months only
    (date(2025, 1, 15), date(2025, 3, 10)),  # partial months at both edges
    (date(2025, 2, 1), date(2025, 2, 17)),  # inside one month
    (date(2025, 3, 31), date(2025, 3, 31)),  # one day
    (date(2024, 12, 20), date(2025, 2, 5)),  # across a year
    (date(2025, 4, 1), date(2025, 6, 30)),  # a quarter
    (date(2030, 1, 1), date(2030, 1, 31)),  # nothing in it
]


def _build(world, rng):
    # More shape than the shared world: a grid straight under a street (a
    # skipped level), a second grid in C2, member households.
    g3 = make_unit(world.c2, K.GRID, "四网格", "02", households=180, population=400)
    gs = make_unit(world.s2, K.GRID, "街道直管网格", "09", households=90, population=210)
    make_unit(world.p1, K.MEMBER_HOUSEHOLD, "王建国党员中心户", "01")
    make_unit(g3, K.PARTY_GROUP, "四网格党小组", "01")
    world.refresh()
    grids = [world.g1, world.g1b, world.g2, g3, gs]
    cats = categories()
    leaves = [cats["fire"], cats["gas"], cats["trash"], cats["noise"]]
    for _ in range(160):
        grid = rng.choice(grids)
        reported_at = at(2024, 12, 1, 0) + timedelta(
            days=rng.randrange(0, 400), hours=rng.randrange(0, 24), minutes=rng.randrange(60)
        )
        case = file_case(
            grid=grid, category=rng.choice(leaves), reporter=world.leader, reported_at=reported_at
        )
        fate = rng.random()
        level = rng.choice(
            [Level.GRID] * 5 + [Level.COMMUNITY] * 3 + [Level.STREET, Level.DISTRICT]
        )
        if level != Level.GRID:
            case = change_case(case, action="escalate", highest_level=level)
        if fate < 0.1:
            change_case(case, action="cancel", status=Status.CANCELLED)
        elif fate < 0.25:
            change_case(case, action="accept", status=Status.HANDLING)
        elif fate < 0.35:
            change_case(case, action="resolve", status=Status.RESOLVED)
        elif fate >= 0.35:
            closed_at = reported_at + timedelta(hours=rng.randrange(1, 24 * 40))
            reopens = rng.choice([0, 0, 0, 1, 2])
            change_case(
                case,
                action="close",
                status=Status.CLOSED,
                closed_at=closed_at,
                closed_on_time=rng.random() < 0.8,
                satisfaction=rng.choice(list(Satisfaction.values)),
                self_handled=level == Level.GRID,
                reopen_count=reopens,
            )
    return grids


def _check(unit, date_from, date_to):
    figures = dashboard_figures(unit=unit, date_from=date_from, date_to=date_to)
    where = f"{unit.name} {date_from}–{date_to}"
    assert figures["cases"] == recount.cases(unit, date_from, date_to), where
    assert {r["name"]: (r["reported"], r["closed"]) for r in figures["by_category"]} == (
        recount.by_category(unit, date_from, date_to)
    ), where
    assert figures["trend"] == recount.trend(unit, date_from, date_to), where
    structure = {k: v for k, v in figures["structure"].items() if k in recount.structure(unit)}
    assert structure == recount.structure(unit), where
    for child in figures["children"]:
        from orgs.models import OrgUnit

        child_unit = OrgUnit.objects.get(pk=child["id"])
        if child["cases"] is not None:
            assert child["cases"] == recount.cases(child_unit, date_from, date_to), (
                f"{where} child {child_unit.name}"
            )
        child_structure = {
            k: v for k, v in child["structure"].items() if k in recount.structure(child_unit)
        }
        assert child_structure == recount.structure(child_unit), f"{where} child {child_unit.name}"
    return figures


@pytest.mark.parametrize("seed", [7, 2026])
def test_it_matches_a_recount_for_every_node_and_period(world, seed):
    rng = random.Random(seed)
    grids = _build(world, rng)
    assert differences() == []
    nodes = [world.region, world.s1, world.s2, world.c1, world.c2, world.g1, grids[4], world.p1]
    seen_cases = 0
    for unit in nodes:
        for date_from, date_to in PERIODS:
            figures = _check(unit, date_from, date_to)
            seen_cases += figures["cases"]["reported"]
    assert seen_cases > 100  # the periods did hold cases


def test_it_shows_zeros_for_an_empty_period(world):
    figures = dashboard_figures(
        unit=world.region, date_from=date(2030, 1, 1), date_to=date(2030, 3, 31)
    )
    assert figures["cases"]["reported"] == 0
    assert figures["cases"]["closure_rate"] == 0.0
    assert figures["by_category"] == []
    assert all(p["reported"] == 0 and p["closed"] == 0 for p in figures["trend"])
    assert len(figures["trend"]) == 13  # Mondays 2029-12-31 … 2030-03-25
