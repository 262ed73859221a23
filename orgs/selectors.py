"""Reads of the tree, always scoped to the caller."""

from bisect import bisect_right

from django.db.models import Sum

from .kinds import UnitKind
from .models import OrgUnit, Position
from .scoping import subtree_q


def unit_children_with_counts(*, unit: OrgUnit) -> list[dict]:
    """The unit's children, each with the grids and households in its subtree.

    One query for the children and one for the grids below `unit`: the grids
    are binned into children by their lft instead of a query per child.
    """
    children = list(unit.get_children())
    if not children:
        return []
    grids = list(
        OrgUnit.objects.filter(
            tree_id=unit.tree_id, lft__gt=unit.lft, rght__lt=unit.rght, kind=UnitKind.GRID
        ).values_list("lft", "households")
    )
    lefts = [c.lft for c in children]
    counts = {c.pk: {"grids": 0, "households": 0} for c in children}
    for lft, households in grids:
        child = children[bisect_right(lefts, lft) - 1]
        if lft <= child.rght:
            counts[child.pk]["grids"] += 1
            counts[child.pk]["households"] += households
    return [
        {
            "unit": c,
            "grids": counts[c.pk]["grids"],
            "households": counts[c.pk]["households"],
            "has_children": c.rght - c.lft > 1,
        }
        for c in children
    ]


def unit_totals(*, unit: OrgUnit) -> dict:
    below = OrgUnit.objects.filter(subtree_q(unit))
    grids = below.filter(kind=UnitKind.GRID)
    return {
        "grids": grids.count(),
        "households": grids.aggregate(n=Sum("households"))["n"] or 0,
    }


def user_positions(*, user) -> list[Position]:
    return list(user.positions.select_related("unit").order_by("unit__tree_id", "unit__lft"))
