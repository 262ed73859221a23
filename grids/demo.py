"""Demo party branches: one per grid for nearly all grids (Liuhe: 819 of
819), with the grid leader as secretary (一肩挑) in 35.2% of grids and
another member of the grid elsewhere."""

from members.models import Category, PartyMember
from orgs.kinds import Role, UnitKind
from orgs.models import OrgUnit, Position

from .counts import PEOPLE_COUNTS
from .models import PartyBranch

BRANCH_SHARE = 0.99
ONE_SHOULDER_SHARE = 0.352


def load(*, region, users, rng):
    grids = list(
        OrgUnit.objects.filter(
            tree_id=region.tree_id, lft__gt=region.lft, rght__lt=region.rght, kind=UnitKind.GRID
        ).order_by("lft")
    )
    leader_of = dict(
        Position.objects.filter(unit__in=grids, role=Role.GRID_LEADER).values_list(
            "unit_id", "user_id"
        )
    )
    members = {}
    for m in PartyMember.objects.filter(grid__in=grids).only(
        "pk", "grid_id", "user_id", "category"
    ):
        members.setdefault(m.grid_id, []).append(m)
    demo_grid = users["demo_grid"].positions.first().unit_id if "demo_grid" in users else None
    without = set(
        rng.sample([g.pk for g in grids if g.pk != demo_grid], int(len(grids) * (1 - BRANCH_SHARE)))
    )
    # 一肩挑 needs a leader who is a party member; the demo leader's grid shows it.
    eligible = [
        g.pk
        for g in grids
        if g.pk not in without
        and any(m.user_id == leader_of.get(g.pk) for m in members.get(g.pk, []))
    ]
    target = round(len(grids) * ONE_SHOULDER_SHARE)
    one_shoulder = set(rng.sample(eligible, min(target, len(eligible))))
    if demo_grid in eligible and demo_grid not in one_shoulder and one_shoulder:
        one_shoulder.pop()
        one_shoulder.add(demo_grid)
    branches = []
    for grid in grids:
        if grid.pk in without:
            continue
        pool = members.get(grid.pk, [])
        if grid.pk in one_shoulder:
            secretary = next(m for m in pool if m.user_id == leader_of.get(grid.pk))
        else:
            others = [
                m
                for m in pool
                if m.user_id != leader_of.get(grid.pk) and m.category != Category.FLOATING
            ]
            secretary = rng.choice(others) if others else None
        branches.append(
            PartyBranch(
                grid=grid,
                name=f"{grid.name}党支部",
                secretary=secretary,
                founded_on=None,
            )
        )
    PartyBranch.objects.bulk_create(branches, batch_size=1000)
    # The demo's units, staff, members and branches went in by bulk inserts,
    # which send no signals: count the dashboards' people figures once.
    PEOPLE_COUNTS.rebuild()
