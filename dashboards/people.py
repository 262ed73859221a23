"""People figures of a dashboard (party members, grid staff, branch
coverage, visits), read through the people apps' selectors."""

from django.db.models import Count

from grid_gov.figures import rate
from grids import counts, selectors
from members.models import Category, Visit
from orgs.kinds import ANCESTOR_KINDS, Role, UnitKind


def _by_category(by: dict) -> list[dict]:
    return [{"key": c.value, "label": str(c.label), "n": by.get(c.value, 0)} for c in Category]


def _node_figures(stats) -> dict:
    members = stats["members"]
    leaders = stats["staff"][Role.GRID_LEADER]
    workers = stats["staff"][Role.GRID_WORKER]
    branches = stats["branches"]
    return {
        "members": members["total"],
        "members_by_category": _by_category(members["by_category"]),
        "floating_share": members["floating_share"],
        "leaders": leaders["total"],
        "leaders_members": leaders["members"],
        "leaders_member_share": leaders["share"],
        "workers": workers["total"],
        "workers_members": workers["members"],
        "workers_member_share": workers["share"],
        "dual_role": stats["one_shoulder"]["one_shoulder"],
        "dual_role_share": stats["one_shoulder"]["ratio"],
        "grids_with_branch": branches["with_branch"],
        "branch_coverage": branches["ratio"],
    }


def _child_figures(row) -> dict:
    return {
        "members": row["members"],
        "floating_share": rate(row["floating"], row["members"]),
        "leaders": row["leaders"],
        "leaders_members": row["leaders_members"],
        "leaders_member_share": rate(row["leaders_members"], row["leaders"]),
        "workers": row["workers"],
        "workers_members": row["workers_members"],
        "workers_member_share": rate(row["workers_members"], row["workers"]),
        "dual_role": row["one_shoulder"],
        "dual_role_share": rate(row["one_shoulder"], row["grids"]),
        "grids_with_branch": row["with_branch"],
        "branch_coverage": rate(row["with_branch"], row["grids"]),
    }


def _tallied_row(row) -> dict:
    """A people counts row in the shape of `people_stats_by_child`'s rows."""
    return {
        "grids": row["grids"],
        "with_branch": row["grids_with_branch"],
        "one_shoulder": row["grids_one_shoulder"],
        "leaders": row["leaders"],
        "leaders_members": row["leaders_members"],
        "workers": row["workers"],
        "workers_members": row["workers_members"],
        "members": sum(row[f"members_{c}"] for c in Category.values),
        "floating": row[f"members_{Category.FLOATING}"],
    }


def _tallied_node_figures(row) -> dict:
    figures = _child_figures(_tallied_row(row))
    by = {c: row[f"members_{c}"] for c in Category.values}
    return {
        "members": figures["members"],
        "members_by_category": _by_category(by),
        **{k: v for k, v in figures.items() if k != "members"},
    }


def people_figures(node, children, rows=None) -> tuple[dict | None, dict[int, dict]]:
    """The node's people figures and each child's: districts, streets,
    communities and grids from their rows of the people counts (one query,
    whatever the size of the subtree); the few party groups of a grid, and
    other small units, counted from their rows."""
    if rows is None:
        tallied = [u.pk for u in (node, *children) if u.kind in ANCESTOR_KINDS]
        rows = counts.rows_of(tallied) if tallied else {}
    if node.pk in rows:
        node_figures = _tallied_node_figures(rows[node.pk])
    else:
        node_figures = _node_figures(selectors.people_stats(unit=node))
    by_unit = {}
    for child in children:
        if child.pk in rows:
            by_unit[child.pk] = _child_figures(_tallied_row(rows[child.pk]))
        else:
            figures = _node_figures(selectors.people_stats(unit=child))
            del figures["members_by_category"]
            by_unit[child.pk] = figures
    return node_figures, by_unit


def counted_sources() -> set[str]:
    """The record-scored sources the people apps keep records for: visits,
    and from party life the activities held and the organizational-life
    attendance (a percentage, whose target is the rate that earns full points)."""
    return {"visits", "activities", "org_life_attendance"}


def assessment_counts(units, date_from, date_to) -> dict[int, dict]:
    """Per unit, the counts record-scored items use: {"visits": n}; a source
    missing from a unit's dict has no records to count from."""
    if not units:
        return {}
    from participation.figures import assessment_counts as party_counts

    out = {u.pk: dict(row) for u, row in zip(units, [{}] * len(units), strict=True)}
    for pk, row in party_counts(units, date_from, date_to).items():
        out[pk].update(row)
    grids = [u.pk for u in units if u.kind == UnitKind.GRID]
    groups = [u.pk for u in units if u.kind == UnitKind.PARTY_GROUP]
    period = {"visited_on__gte": date_from, "visited_on__lte": date_to}
    for ids, field in ((grids, "grid_id"), (groups, "household__party_group_id")):
        if not ids:
            continue
        visits = dict(
            Visit.objects.filter(**{f"{field}__in": ids}, **period)
            .values(field)
            .annotate(n=Count("pk"))
            .order_by()
            .values_list(field, "n")
        )
        for pk in ids:
            out[pk]["visits"] = visits.get(pk, 0)
    return out
