"""What a dashboard shows, read from the rollups and the org tree.

Case figures come from the rollup tables only: whole months from the month
table, the partial months at a period's edges from the day table, and the
weekly trend from the week table (days again for partial weeks). A node reads
its own rows and its children's rows: never the cases themselves.
"""

from collections import defaultdict
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

from cases.models import CaseCategory
from grid_gov.figures import mean, rate
from grids import counts
from orgs.kinds import ANCESTOR_KINDS, UnitKind
from orgs.models import OrgUnit
from participation.figures import participation_of
from participation.figures_deliberation import deliberation_of

from . import people
from .models import (
    COUNTERS,
    CaseDayRollup,
    CaseMonthRollup,
    CaseUnitDayRollup,
    CaseUnitMonthRollup,
    CaseWeekRollup,
)
from .periods import split
from .rollups import week_start

K = UnitKind
# Children shown in the ranking, in the order the tree nests them.
RANKED_KINDS = (K.STREET, K.COMMUNITY, K.GRID, K.PARTY_GROUP)
STRUCTURE_KEYS = {
    K.STREET: "streets",
    K.COMMUNITY: "communities",
    K.GRID: "grids",
    K.PARTY_GROUP: "party_groups",
    K.MEMBER_HOUSEHOLD: "member_households",
}


# --- cases ----------------------------------------------------------------

FINISHED = (
    "finished_grid",
    "finished_community",
    "finished_street",
    "finished_district",
    "finished_department",
)


_SUMS = ", ".join(f"SUM({c})" for c in COUNTERS)


def _rollup_sums(group: str, unit_ids, date_from: date, date_to: date) -> dict:
    """Counters summed per `group` ("unit_id" or "category_id"). Per unit
    reads the tables without categories: one row per unit and month (or day).
    Plain SQL: building fourteen Sum() expressions per query cost more than
    running it."""
    out: dict = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    unit_ids = list(unit_ids)
    if not unit_ids:
        return out
    parts = split(date_from, date_to)
    by_unit = group == "unit_id"
    months = CaseUnitMonthRollup if by_unit else CaseMonthRollup
    days = CaseUnitDayRollup if by_unit else CaseDayRollup
    queries = []
    if parts.months:
        queries.append((months, "month BETWEEN %s AND %s", list(parts.months)))
    if parts.day_ranges:
        where = " OR ".join(["day BETWEEN %s AND %s"] * len(parts.day_ranges))
        queries.append((days, where, [d for r in parts.day_ranges for d in r]))
    units = ", ".join(["%s"] * len(unit_ids))
    with connection.cursor() as cursor:
        for model, when, params in queries:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT {group}, {_SUMS} FROM {table} "
                f"WHERE unit_id IN ({units}) AND ({when}) GROUP BY {group}",
                [*unit_ids, *params],
            )
            for key, *values in cursor.fetchall():
                acc = out[key]
                # PostgreSQL sums a bigint column as numeric: every counter
                # is a whole number, so read them all as int.
                for c, v in zip(COUNTERS, values, strict=True):
                    acc[c] += int(v or 0)
    return out


def case_figures(c: dict) -> dict:
    """The figures a person reads, from summed counters: a rate without a
    denominator, and the mean time to close without a closed case, are None."""
    reported = c["reported"]
    closed = c["closed"]
    answered = c["satisfied"] + c["basically_satisfied"] + c["unsatisfied"]
    return {
        "reported": reported,
        "cancelled": c["cancelled"],
        "self_handled": c["self_handled"],
        "self_handled_share": rate(c["self_handled"], reported),
        # The highest level each case was escalated to (a dispatch is no
        # escalation), counted over the period's reported cases…
        "escalated_community": c["escalated_community"],
        "escalated_street": c["escalated_street"],
        "escalated_district": c["escalated_district"],
        # …and where the period's closed cases were finished.
        **{key: c[key] for key in FINISHED},
        "closed_of_reported": c["cohort_closed"],
        "closure_rate": rate(c["cohort_closed"], reported),
        "closed": closed,
        "closed_on_time": c["closed_on_time"],
        "on_time_rate": rate(c["closed_on_time"], closed),
        "mean_hours_to_close": mean(c["close_seconds"], closed, per=3600),
        "satisfied": c["satisfied"],
        "basically_satisfied": c["basically_satisfied"],
        "unsatisfied": c["unsatisfied"],
        "satisfaction_rate": rate(c["satisfied"] + c["basically_satisfied"], answered),
        "reopened": c["reopened"],
        "reopen_rate": rate(c["reopened"], closed),
    }


EMPTY_COUNTERS = dict.fromkeys(COUNTERS, 0)


def case_figures_of(units, date_from: date, date_to: date) -> dict[int, dict]:
    """Case figures per unit (units without rollups get zeros)."""
    ids = [u.pk for u in units if u.kind in ANCESTOR_KINDS]
    sums = _rollup_sums("unit_id", ids, date_from, date_to) if ids else {}
    return {u.pk: case_figures(sums.get(u.pk, EMPTY_COUNTERS)) for u in units}


def _top_categories() -> dict[int, CaseCategory]:
    """Leaf category id -> its top-level category (the tree is small: one query)."""
    categories = list(CaseCategory.objects.only("id", "name", "tree_id", "level"))
    roots = {c.tree_id: c for c in categories if c.level == 0}
    return {c.pk: roots[c.tree_id] for c in categories if c.tree_id in roots}


def by_category(unit, date_from: date, date_to: date) -> list[dict]:
    """Reported and closed per top-level category, most reported first."""
    if unit.kind not in ANCESTOR_KINDS:
        return []
    sums = _rollup_sums("category_id", [unit.pk], date_from, date_to)
    tops = _top_categories()
    merged: dict = {}
    for category_id, c in sums.items():
        top = tops.get(category_id)
        if top is None:
            continue
        row = merged.setdefault(
            top.pk, {"id": top.pk, "name": top.name, "reported": 0, "closed": 0}
        )
        row["reported"] += c["reported"]
        row["closed"] += c["closed"]
    rows = [r for r in merged.values() if r["reported"] or r["closed"]]
    return sorted(rows, key=lambda r: (-r["reported"], -r["closed"], r["name"]))


def weekly_trend(unit, date_from: date, date_to: date) -> list[dict]:
    """Reported and closed per week (Monday first) within the period; the
    partial weeks at its edges count only their days inside it."""
    first, last = week_start(date_from), week_start(date_to)
    weeks = []
    w = first
    while w <= last:
        weeks.append(w)
        w += timedelta(days=7)
    points = {w: {"reported": 0, "closed": 0} for w in weeks}
    if unit.kind in ANCESTOR_KINDS and weeks:
        whole = [w for w in weeks if w >= date_from and w + timedelta(days=6) <= date_to]
        if whole:
            for w, reported, closed in CaseWeekRollup.objects.filter(
                unit_id=unit.pk, week__range=(whole[0], whole[-1])
            ).values_list("week", "reported", "closed"):
                points[w]["reported"] += reported
                points[w]["closed"] += closed
        edges = [
            (max(w, date_from), min(w + timedelta(days=6), date_to))
            for w in weeks
            if not (w >= date_from and w + timedelta(days=6) <= date_to)
        ]
        if edges:
            days = reduce(or_, (Q(day__range=r) for r in edges))
            rows = CaseUnitDayRollup.objects.filter(days, unit_id=unit.pk).values_list(
                "day", "reported", "closed"
            )
            for day, reported, closed in rows:
                point = points[week_start(day)]
                point["reported"] += reported
                point["closed"] += closed
    return [{"week": w.isoformat(), **points[w]} for w in weeks]


# --- structure ------------------------------------------------------------


def _descendant_counts(units) -> dict[int, dict]:
    """Per unit: its descendants by kind, and its grids' households and
    population, in one grouped query over the tree (for the small units the
    people counts do not keep: party groups and below)."""
    out = {u.pk: _empty_structure() for u in units}
    if not units:
        return out
    table = connection.ops.quote_name(OrgUnit._meta.db_table)
    placeholders = ", ".join(["%s"] * len(units))
    kinds = list(STRUCTURE_KEYS)
    sql = (
        f"SELECT u.id, d.kind, COUNT(*), SUM(d.households), SUM(d.population) "
        f"FROM {table} u JOIN {table} d ON d.tree_id = u.tree_id "
        f"AND d.lft > u.lft AND d.lft < u.rght "
        f"WHERE u.id IN ({placeholders}) AND d.kind IN ({', '.join(['%s'] * len(kinds))}) "
        f"GROUP BY u.id, d.kind"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [u.pk for u in units] + kinds)
        for unit_id, kind, n, households, population in cursor.fetchall():
            row = out[unit_id]
            row[STRUCTURE_KEYS[kind]] = n
            if kind == K.GRID:
                row["households"] = int(households or 0)
                row["population"] = int(population or 0)
    return out


def _empty_structure() -> dict:
    return {**dict.fromkeys(STRUCTURE_KEYS.values(), 0), "households": 0, "population": 0}


def structure_of(node, children, rows=None) -> tuple[dict, dict[int, dict]]:
    """The node's structure counts and each child's: units of each kind below
    it, and households and population of its grids (a grid counts itself).
    Districts, streets, communities and grids read their people counts rows
    (which count the unit itself too); smaller units are counted."""
    units = [node, *children]
    if rows is None:
        rows = counts.rows_of([u.pk for u in units if u.kind in ANCESTOR_KINDS])
    counted = _descendant_counts([u for u in units if u.pk not in rows])
    out = {}
    for unit in units:
        if unit.pk in rows:
            row = {k: rows[unit.pk][k] for k in _empty_structure()}
            own_key = STRUCTURE_KEYS.get(unit.kind)
            if own_key and unit.kind != K.GRID:
                row[own_key] -= 1
        else:
            row = counted[unit.pk]
            if unit.kind == K.GRID:
                row["grids"] = 1
                row["households"], row["population"] = unit.households, unit.population
        out[unit.pk] = row
    return out[node.pk], {c.pk: out[c.pk] for c in children}


# --- the whole dashboard ----------------------------------------------------


def ranked_children(node) -> list[OrgUnit]:
    return list(node.get_children().filter(kind__in=RANKED_KINDS))


def unit_brief(unit) -> dict:
    return {"id": unit.pk, "name": unit.name, "kind": unit.kind, "kind_label": unit.kind_label}


def dashboard_figures(*, unit, date_from: date, date_to: date) -> dict:
    """Every figure of `unit`'s dashboard over [date_from, date_to] (both
    included, local dates), and each ranked child's. The caller checks scope."""
    from .assessment import scores_for_ranking

    children = ranked_children(unit)
    # The people counts rows of the node and its children, read once for the
    # structure and the people figures.
    rows = counts.rows_of([u.pk for u in (unit, *children) if u.kind in ANCESTOR_KINDS])
    structure, child_structure = structure_of(unit, children, rows)
    cases = case_figures_of([unit, *children], date_from, date_to)
    people_node, people_children = people.people_figures(unit, children, rows)
    # Branch coverage belongs with the structure (一网格一支部).
    for row, figures in [(structure, people_node)] + [
        (child_structure[c.pk], people_children.get(c.pk)) for c in children
    ]:
        if figures is not None:
            row["grids_with_branch"] = figures["grids_with_branch"]
            row["branch_coverage"] = figures["branch_coverage"]
    scores = scores_for_ranking(unit, children, date_to)
    party = participation_of([unit, *children], date_from, date_to)
    talks = deliberation_of([unit, *children], date_from, date_to)
    child_rows = []
    for child in children:
        child_rows.append(
            {
                **unit_brief(child),
                "structure": child_structure[child.pk],
                "people": people_children.get(child.pk),
                "cases": cases[child.pk] if child.kind in ANCESTOR_KINDS else None,
                "assessment": scores.get(child.pk),
                "participation": party[child.pk],
                "deliberation": talks[child.pk],
            }
        )
    return {
        "unit": unit_brief(unit),
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "structure": structure,
        "people": people_node,
        "cases": cases[unit.pk],
        "by_category": by_category(unit, date_from, date_to),
        "trend": weekly_trend(unit, date_from, date_to),
        "participation": party[unit.pk],
        "deliberation": talks[unit.pk],
        "children": child_rows,
    }
