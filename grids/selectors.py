"""Reads about grids and the people in them, for pages and dashboards.

Every figure is for one unit's subtree and costs a handful of queries on
indexed columns (ancestor ids copied onto members and visits, the tree's
(tree_id, lft) index for positions and grids); none loops over grids with a
query each. Ratios are None when there is nothing to divide by.
"""

from bisect import bisect_right
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q

from grid_gov.figures import rate
from members.models import Category, PartyMember, Visit
from orgs.access import has_capability
from orgs.kinds import Capability, Role, UnitKind
from orgs.models import OrgUnit, Position
from orgs.scoping import subtree_q

from .models import PartyBranch

STAFF_SHARE_ROLES = (Role.GRID_LEADER, Role.GRID_WORKER)


def grids_below(unit):
    """Grid units in `unit`'s subtree (the unit itself when it is a grid)."""
    return OrgUnit.objects.filter(subtree_q(unit), kind=UnitKind.GRID)


def grids_in_scope(*, user, unit=None):
    if unit is not None:
        return grids_below(unit).order_by("tree_id", "lft")
    return OrgUnit.objects.visible_to(user).filter(kind=UnitKind.GRID).order_by("tree_id", "lft")


def _one_shoulder_q():
    """The grid's leader is the secretary of the grid's own branch (一肩挑):
    derived from positions and the member linked to the leader's account."""
    return Exists(
        PartyBranch.objects.filter(
            grid=OuterRef("pk"),
            secretary__user__positions__unit=OuterRef("pk"),
            secretary__user__positions__role=Role.GRID_LEADER,
        )
    )


def branch_coverage(*, unit) -> dict:
    row = grids_below(unit).aggregate(
        grids=Count("pk"),
        with_branch=Count("pk", filter=Q(party_branch__isnull=False)),
    )
    return {**row, "ratio": rate(row["with_branch"], row["grids"])}


def one_shoulder(*, unit) -> dict:
    grids = grids_below(unit)
    row = grids.aggregate(
        grids=Count("pk"),
        one_shoulder=Count("pk", filter=_one_shoulder_q()),
    )
    return {**row, "ratio": rate(row["one_shoulder"], row["grids"])}


def staff_party_shares(*, unit, roles=STAFF_SHARE_ROLES) -> dict:
    """Per role: positions in the subtree and how many are held by party
    members (a person with two positions counts in each)."""
    rows = (
        Position.objects.filter(subtree_q(unit, "unit"), role__in=roles)
        .values("role")
        .annotate(
            total=Count("pk"),
            members=Count("pk", filter=Q(user__party_member__isnull=False)),
        )
    )
    out = {role: {"total": 0, "members": 0, "share": None} for role in roles}
    for r in rows:
        out[r["role"]] = {
            "total": r["total"],
            "members": r["members"],
            "share": rate(r["members"], r["total"]),
        }
    return out


def members_by_category(*, unit) -> dict:
    rows = (
        PartyMember.objects.in_subtree(unit).values("category").annotate(n=Count("pk")).order_by()
    )
    by = {c.value: 0 for c in Category}
    for r in rows:
        by[r["category"]] = r["n"]
    total = sum(by.values())
    return {
        "total": total,
        "by_category": by,
        "floating_share": rate(by[Category.FLOATING], total),
    }


def visits_by_grid(*, unit, start, end) -> dict[int, int]:
    """Visits made between `start` and `end` (dates, inclusive) per grid."""
    rows = (
        Visit.objects.in_subtree(unit)
        .filter(visited_on__gte=start, visited_on__lte=end)
        .values("grid_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["grid_id"]: r["n"] for r in rows}


def people_stats(*, unit, start=None, end=None) -> dict:
    """The people figures of one node: branch coverage, staff party shares,
    一肩挑, members by category, and visits in the period when given."""
    stats = {
        "branches": branch_coverage(unit=unit),
        "staff": staff_party_shares(unit=unit),
        "one_shoulder": one_shoulder(unit=unit),
        "members": members_by_category(unit=unit),
    }
    if start is not None and end is not None:
        stats["visits"] = sum(visits_by_grid(unit=unit, start=start, end=end).values())
    return stats


def people_stats_by_child(*, unit, start=None, end=None) -> dict[int, dict]:
    """The same figures for each child of `unit`, for drill-down tables:
    per-grid rows from a few grouped queries, binned into children by lft."""
    children = list(unit.get_children())
    if not children:
        return {}
    lefts = [c.lft for c in children]

    def child_of(lft):
        c = children[bisect_right(lefts, lft) - 1]
        return c.pk if c.lft <= lft <= c.rght else None

    out = {
        c.pk: {
            "grids": 0,
            "with_branch": 0,
            "one_shoulder": 0,
            "leaders": 0,
            "leaders_members": 0,
            "workers": 0,
            "workers_members": 0,
            "members": 0,
            "floating": 0,
            "visits": 0,
        }
        for c in children
    }
    grids = grids_below(unit).annotate(
        has_branch=Exists(PartyBranch.objects.filter(grid=OuterRef("pk"))),
        is_one=_one_shoulder_q(),
    )
    grid_child = {}
    for pk, lft, has_branch, is_one in grids.values_list("pk", "lft", "has_branch", "is_one"):
        child = child_of(lft)
        if child is None:
            continue
        grid_child[pk] = child
        out[child]["grids"] += 1
        out[child]["with_branch"] += has_branch
        out[child]["one_shoulder"] += is_one
    staff = (
        Position.objects.filter(subtree_q(unit, "unit"), role__in=STAFF_SHARE_ROLES)
        .values("unit__lft", "role")
        .annotate(
            total=Count("pk"), members=Count("pk", filter=Q(user__party_member__isnull=False))
        )
    )
    for r in staff:
        child = child_of(r["unit__lft"])
        if child is None:
            continue
        key = "leaders" if r["role"] == Role.GRID_LEADER else "workers"
        out[child][key] += r["total"]
        out[child][key + "_members"] += r["members"]
    members = (
        PartyMember.objects.in_subtree(unit)
        .values("grid_id")
        .annotate(n=Count("pk"), floating=Count("pk", filter=Q(category=Category.FLOATING)))
        .order_by()
    )
    for r in members:
        child = grid_child.get(r["grid_id"])
        if child is not None:
            out[child]["members"] += r["n"]
            out[child]["floating"] += r["floating"]
    if start is not None and end is not None:
        for grid_id, n in visits_by_grid(unit=unit, start=start, end=end).items():
            child = grid_child.get(grid_id)
            if child is not None:
                out[child]["visits"] += n
    return out


def grid_overview_rows(*, grids, user) -> list[dict]:
    """One row per grid of a page: branch, secretary, leaders and workers
    with their party members, 一肩挑, members, households. Party figures are
    None where the user may not see party membership."""
    if not grids:
        return []
    ids = [g.pk for g in grids]
    branches = {
        b.grid_id: b
        for b in PartyBranch.objects.filter(grid_id__in=ids).select_related("secretary")
    }
    staff = defaultdict(lambda: {"leaders": [], "workers": []})
    for p in (
        Position.objects.filter(unit_id__in=ids, role__in=STAFF_SHARE_ROLES)
        .select_related("user", "user__party_member")
        .order_by("pk")
    ):
        try:
            member = p.user.party_member
        except PartyMember.DoesNotExist:
            member = None
        key = "leaders" if p.role == Role.GRID_LEADER else "workers"
        staff[p.unit_id][key].append({"user": p.user, "member": member})
    members = dict(
        PartyMember.objects.filter(grid_id__in=ids)
        .values("grid_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("grid_id", "n")
    )
    rows = []
    for g in grids:
        branch = branches.get(g.pk)
        s = staff[g.pk]
        visible = has_capability(user, Capability.VIEW_PARTY_MEMBERS, g)
        secretary = branch.secretary if branch else None
        leader_members = [x["member"] for x in s["leaders"] if x["member"]]
        rows.append(
            {
                "id": g.pk,
                "unit": g,
                "name": g.name,
                "branch": branch.name if branch else "",
                "has_branch": branch is not None,
                "secretary": (secretary.name if secretary else "") if visible else "",
                "leaders": "、".join(
                    x["user"].first_name or x["user"].username for x in s["leaders"]
                ),
                "leaders_members": len(leader_members) if visible else None,
                "workers": len(s["workers"]),
                "workers_members": sum(1 for x in s["workers"] if x["member"]) if visible else None,
                "one_shoulder": bool(secretary and secretary in leader_members),
                "members": members.get(g.pk, 0) if visible else None,
                "households": g.households,
            }
        )
    return rows


def grid_staff(*, grid) -> list[dict]:
    positions = (
        Position.objects.filter(subtree_q(grid, "unit"))
        .select_related("user", "user__party_member", "unit")
        .order_by("unit__lft", "role", "user__username")
    )
    out = []
    for p in positions:
        try:
            member = p.user.party_member
        except PartyMember.DoesNotExist:
            member = None
        out.append({"position": p, "user": p.user, "member": member})
    return out
