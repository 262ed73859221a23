"""Every dashboard figure, for several nodes and periods, equals a recount
from the raw rows. Randomized: cases filed and moved at random through the
case services, party members, grid staff and branches created through the
people services."""

import random
from datetime import date, timedelta

import pytest

from cases import rules
from cases import services as s
from dashboards.rollups import ROLLUPS
from dashboards.selectors import dashboard_figures
from grids import services as branches
from members import services as people
from members.models import Category, PartyMember
from orgs.kinds import Role, UnitKind
from orgs.models import OrgUnit
from tests.dashboards import recount
from tests.dashboards.helpers import at, seeded_categories
from tests.members.factories import id_number
from tests.world import make_unit, make_user

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
# How often the random walk picks each action the rules allow.
WEIGHTS = {
    "accept": 3,
    "resolve": 3,
    "close": 4,
    "escalate": 1,
    "dispatch": 1,
    "return": 0.5,
    "reopen": 0.4,
    "cancel": 0.3,
}


def _tree(world):
    """More shape than the shared world: a second grid in C2, a grid straight
    under a street (a skipped level), member households, party groups."""
    g3 = make_unit(world.c2, K.GRID, "四网格", "02", households=180, population=400)
    gs = make_unit(world.s2, K.GRID, "街道直管网格", "09", households=90, population=210)
    make_unit(world.p1, K.MEMBER_HOUSEHOLD, "王建国党员中心户", "01")
    make_unit(g3, K.PARTY_GROUP, "四网格党小组", "01")
    world.refresh()
    g3.refresh_from_db()
    gs.refresh_from_db()
    return [world.g1, world.g1b, world.g2, g3, gs]


def _people(world, rng, grids):
    def member(by, unit, **fields):
        return people.member_create(user=by, unit=unit, id_number=id_number(), **fields)

    categories = list(Category.values)
    for i, grid in enumerate(grids):
        for role, n in (
            (Role.GRID_LEADER, rng.choice([0, 1, 1, 2])),
            (Role.GRID_WORKER, rng.randrange(4)),
        ):
            for k in range(n):
                staff = make_user(f"staff-{i}-{role}-{k}", grid, role)
                if rng.random() < 0.5:
                    m = member(
                        world.admin, grid, name=f"网格党员{i}{k}", category=rng.choice(categories)
                    )
                    # member_create's own `user` is the acting user: link the account
                    # here, saved as the staff import links it.
                    m.user = staff
                    m.save(update_fields=["user", "updated_at"])
        for k in range(rng.randrange(6)):
            member(world.admin, grid, name=f"党员{i}-{k}", category=rng.choice(categories))
        if rng.random() < 0.75:
            candidates = list(PartyMember.objects.filter(grid=grid))
            secretary = rng.choice(candidates) if candidates and rng.random() < 0.8 else None
            branches.branch_set(
                grid=grid, user=world.admin, name=f"{grid.name}党支部", secretary=secretary
            )
    member(world.admin, world.p1, name="党小组党员", category=rng.choice(categories))


def _actors(world, grids):
    dr_handler = make_user("dr_handler", world.dr, Role.DEPARTMENT_HANDLER)
    g3, gs = grids[3], grids[4]
    return {
        world.g1.pk: world.leader,
        world.g1b.pk: world.community,
        world.g2.pk: world.outsider,
        g3.pk: world.street2,
        gs.pk: world.street2,
        world.p1.pk: world.leader,
        world.c1.pk: world.community,
        world.c2.pk: world.street2,
        world.s1.pk: world.street,
        world.s2.pk: world.street2,
        world.region.pk: world.admin,
        world.d1.pk: world.handler,
        world.dr.pk: dr_handler,
        # Whoever resolved a case leaves the resident's answer to someone else.
        "follow_up": world.admin,
    }


def _walk(rng, case, actors, t):
    """Random actions the rules allow, each by someone who may take it."""
    for _step in range(rng.randrange(8)):
        user = actors[case.responsible_unit_id]
        if case.status == "resolved" and case.resolved_by_id == user.pk:
            user = actors["follow_up"]
        allowed = [a for a in rules.actions_for_user(user, case) if a in WEIGHTS]
        if not allowed:
            return
        action = rng.choices(allowed, [WEIGHTS[a] for a in allowed])[0]
        t += timedelta(hours=rng.randrange(1, 24 * 12), minutes=rng.randrange(60))
        kw = {"case": case, "user": user, "version": case.version, "at": t}
        if action == "accept":
            case = s.case_accept(**kw)
        elif action == "escalate":
            case = s.case_escalate(note="需上级协调", **kw)
        elif action == "dispatch":
            targets = [u for u in rules.dispatch_targets(case) if u.pk in actors]
            if not targets:
                continue
            case = s.case_dispatch(to_unit=rng.choice(targets), note="请处理", **kw)
        elif action == "return":
            case = s.case_return(note="不属本单位职责", **kw)
        elif action == "resolve":
            case = s.case_resolve(result="已处理", **kw)
        elif action == "close":
            answer = rng.choice(["satisfied", "satisfied", "basically_satisfied", "unsatisfied"])
            case = s.case_close(satisfaction=answer, **kw)
        elif action == "reopen":
            case = s.case_reopen(note="群众再次反映", **kw)
        elif action == "cancel":
            case = s.case_cancel(reason="重复上报", **kw)


def _cases(world, rng, grids, actors, n):
    cats = seeded_categories()
    leaves = [c for c in cats.values() if c.is_leaf_node()]
    for _ in range(n):
        grid = rng.choice(grids)
        t = at(2024, 12, 1, 0) + timedelta(
            days=rng.randrange(0, 400), hours=rng.randrange(0, 24), minutes=rng.randrange(60)
        )
        case = s.case_file(
            user=actors[grid.pk],
            grid=grid,
            category=rng.choice(leaves),
            title="随机事件",
            description="随机生成的事件",
            urgency=rng.choice(["normal", "normal", "urgent", "emergency"]),
            at=t,
        )
        _walk(rng, case, actors, t)


def _check(unit, date_from, date_to):
    figures = dashboard_figures(unit=unit, date_from=date_from, date_to=date_to)
    where = f"{unit.name} {date_from}–{date_to}"
    assert figures["cases"] == recount.cases(unit, date_from, date_to), where
    assert {r["id"]: (r["reported"], r["closed"]) for r in figures["by_category"]} == (
        recount.by_category(unit, date_from, date_to)
    ), where
    assert figures["trend"] == recount.trend(unit, date_from, date_to), where
    assert figures["structure"] == recount.structure(unit), where
    assert figures["people"] == recount.people(unit), where
    for child in figures["children"]:
        child_unit = OrgUnit.objects.get(pk=child["id"])
        label = f"{where} child {child_unit.name}"
        if child["cases"] is not None:
            assert child["cases"] == recount.cases(child_unit, date_from, date_to), label
        assert child["structure"] == recount.structure(child_unit), label
        people_row = recount.people(child_unit)
        del people_row["members_by_category"]  # the node's chart only
        assert child["people"] == people_row, label
    return figures


@pytest.mark.parametrize("seed", [7, 2026])
def test_it_matches_a_recount_for_every_node_and_period(world, seed):
    rng = random.Random(seed)
    grids = _tree(world)
    _people(world, rng, grids)
    actors = _actors(world, grids)
    _cases(world, rng, grids, actors, 110)
    assert ROLLUPS.differences() == []
    nodes = [world.region, world.s1, world.s2, world.c1, world.c2, world.g1, grids[4], world.p1]
    seen = {"reported": 0, "closed": 0, "escalated_street": 0, "reopened": 0, "cancelled": 0}
    for unit in nodes:
        for date_from, date_to in PERIODS:
            figures = _check(unit, date_from, date_to)
            for key in seen:
                seen[key] += figures["cases"][key]
    # The random walks did reach every kind of outcome the figures count.
    assert all(seen.values()), seen
    district = dashboard_figures(
        unit=world.region, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
    )
    p = district["people"]
    assert p["members"] and p["leaders_members"] and p["grids_with_branch"], p
