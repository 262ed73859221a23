"""Keeping the rollup tables current as cases move.

A case's contribution to the rollups is a pure function of its own fields
(`contribution`). When a case changes, the receiver computes the contribution
before and after, and adds the difference to the rows of the case's grid,
community, street and district with one `INSERT … ON CONFLICT DO UPDATE SET
x = x + delta` per table, in the action's own transaction. Concurrent actions
never lose an increment, and rows are written in key order so two
transactions touching the same rows cannot deadlock.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from cases.models import Level, Satisfaction, Status

from .models import (
    COUNTERS,
    WEEK_COUNTERS,
    CaseDayRollup,
    CaseMonthRollup,
    CaseUnitDayRollup,
    CaseUnitMonthRollup,
    CaseWeekRollup,
)

UNIT_FIELDS = ("grid_id", "community_id", "street_id", "region_id")
# The fields `contribution` reads: anything else may change without a write.
CASE_FIELDS = (
    *UNIT_FIELDS,
    "category_id",
    "status",
    "reported_at",
    "closed_at",
    "self_handled",
    "escalated_level",
    "finished_at_level",
    "closed_on_time",
    "satisfaction",
    "reopen_count",
)

ESCALATED = {
    Level.COMMUNITY: "escalated_community",
    Level.STREET: "escalated_street",
    Level.DISTRICT: "escalated_district",
}
SATISFACTION = {
    Satisfaction.SATISFIED: "satisfied",
    Satisfaction.BASICALLY: "basically_satisfied",
    Satisfaction.UNSATISFIED: "unsatisfied",
}


def local_day(moment) -> date:
    return timezone.localtime(moment).date()


def month_start(day: date) -> date:
    return day.replace(day=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def contribution(values) -> list[tuple[date, dict]]:
    """What one case adds to the rollups of its units and category: a list of
    (local day, counters). `values` maps attnames to values (a snapshot)."""
    status = values["status"]
    cohort = defaultdict(int)
    if status == Status.CANCELLED:
        cohort["cancelled"] = 1
    else:
        cohort["reported"] = 1
        closed = status == Status.CLOSED
        if closed:
            cohort["cohort_closed"] = 1
            if values["self_handled"]:
                cohort["self_handled"] = 1
            # The resident's answer that closed it…
            answer = SATISFACTION.get(values["satisfaction"])
            if answer:
                cohort[answer] += 1
        # …and every earlier "unsatisfied" that reopened it. Counted with the
        # case's report date so an unhappy answer shows at once, not only
        # when (if ever) the case is closed again.
        if values["reopen_count"]:
            cohort["unsatisfied"] += values["reopen_count"]
        # The highest level it was escalated to (a dispatch is no escalation).
        escalated = ESCALATED.get(values["escalated_level"])
        if escalated:
            cohort[escalated] = 1
    parts = [(local_day(values["reported_at"]), dict(cohort))]

    closed_at = values["closed_at"]
    if status == Status.CLOSED and closed_at is not None:
        closing = defaultdict(int)
        closing["closed"] = 1
        if values["closed_on_time"]:
            closing["closed_on_time"] = 1
        closing["close_seconds"] = max(0, int((closed_at - values["reported_at"]).total_seconds()))
        if values["reopen_count"]:
            closing["reopened"] = 1
        if values["finished_at_level"]:
            closing[f"finished_{values['finished_at_level']}"] = 1
        parts.append((local_day(closed_at), dict(closing)))
    return parts


def _rows(values, sign: int, out: dict):
    """Add `sign` × the case's contribution into `out`, keyed by
    (table, unit, date, category)."""
    units = [values[f] for f in UNIT_FIELDS if values[f] is not None]
    category = values["category_id"]
    for day, counters in contribution(values):
        month, week = month_start(day), week_start(day)
        for unit in units:
            for key in (
                ("month", unit, month, category),
                ("day", unit, day, category),
                ("unit_month", unit, month, None),
                ("unit_day", unit, day, None),
            ):
                row = out[key]
                for name, n in counters.items():
                    row[name] += sign * n
            row = out[("week", unit, week, None)]
            for name in WEEK_COUNTERS:
                if name in counters:
                    row[name] += sign * counters[name]


def delta(before, after) -> dict:
    """The rows to add when a case goes from `before` to `after` (either may
    be None), zero rows left out."""
    out: dict = defaultdict(lambda: defaultdict(int))
    if before is not None:
        _rows(before, -1, out)
    if after is not None:
        _rows(after, +1, out)
    return {key: dict(c) for key, c in out.items() if any(c.values())}


# In the fixed order every writer follows, so two transactions touching the
# same rows cannot deadlock.
TABLES = {
    "month": (CaseMonthRollup, ("unit_id", "month", "category_id"), COUNTERS),
    "day": (CaseDayRollup, ("unit_id", "day", "category_id"), COUNTERS),
    "unit_month": (CaseUnitMonthRollup, ("unit_id", "month"), COUNTERS),
    "unit_day": (CaseUnitDayRollup, ("unit_id", "day"), COUNTERS),
    "week": (CaseWeekRollup, ("unit_id", "week"), WEEK_COUNTERS),
}


def apply(rows: dict):
    """Add `rows` (as from `delta`) to the tables: one upsert per table, sent
    together in one round trip where the database takes several statements."""
    by_table = defaultdict(list)
    for (table, unit, day, category), counters in rows.items():
        by_table[table].append(((unit, day, category), counters))
    statements = []
    for table in TABLES:
        items = by_table.get(table)
        if not items:
            continue
        model, key_cols, counters = TABLES[table]
        items.sort(key=lambda item: (item[0][0], item[0][1], item[0][2] or 0))
        name = connection.ops.quote_name(model._meta.db_table)
        cols = [*key_cols, *counters]
        one = "(" + ", ".join(["%s"] * len(cols)) + ")"
        params = []
        for key, values in items:
            params.extend(key[: len(key_cols)])
            params.extend(values.get(c, 0) for c in counters)
        sets = ", ".join(f"{c} = {name}.{c} + EXCLUDED.{c}" for c in counters)
        statements.append(
            (
                f"INSERT INTO {name} ({', '.join(cols)}) VALUES "
                + ", ".join([one] * len(items))
                + f" ON CONFLICT ({', '.join(key_cols)}) DO UPDATE SET {sets}",
                params,
            )
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(statements) > 1:
            cursor.execute(
                "; ".join(sql for sql, _ in statements),
                [p for _, params in statements for p in params],
            )
        else:
            for sql, params in statements:
                cursor.execute(sql, params)


def snapshot(case) -> dict:
    return {f: getattr(case, f) for f in CASE_FIELDS}


def on_case_changed(sender, case, event=None, before=None, **kwargs):
    """Receiver of `cases.signals.case_changed`, inside the action's transaction."""
    after = snapshot(case)
    if before is not None:
        before = {f: before[f] for f in CASE_FIELDS}
        if before == after:
            return
    rows = delta(before, after)
    if rows:
        apply(rows)


# --- recount and rebuild -------------------------------------------------


def recount() -> dict:
    """Every rollup row recomputed from the cases: {(table, unit, date, category): counters}."""
    from cases.models import Case

    out: dict = defaultdict(lambda: defaultdict(int))
    for values in Case.objects.values(*CASE_FIELDS).order_by().iterator(chunk_size=5000):
        _rows(values, +1, out)
    return {key: dict(c) for key, c in out.items() if any(c.values())}


def stored() -> dict:
    """Every rollup row as stored, keyed like `recount`."""
    out = {}
    for table, (model, key_cols, counters) in TABLES.items():
        for row in model.objects.values_list(*key_cols, *counters).iterator(chunk_size=5000):
            key = row[: len(key_cols)]
            values = dict(zip(counters, row[len(key_cols) :], strict=True))
            if not any(values.values()):
                continue
            category = key[2] if len(key) == 3 else None
            out[(table, key[0], key[1], category)] = {k: v for k, v in values.items() if v}
    return out


def differences() -> list[str]:
    """Human-readable differences between the stored rollups and a recount."""
    expected, actual = recount(), stored()
    problems = []
    for key in sorted(set(expected) | set(actual), key=_sort_key):
        want = {k: v for k, v in expected.get(key, {}).items() if v}
        have = actual.get(key, {})
        if want != have:
            table, unit, day, category = key
            names = sorted(set(want) | set(have))
            detail = ", ".join(
                f"{n} stored {have.get(n, 0)} counted {want.get(n, 0)}"
                for n in names
                if have.get(n, 0) != want.get(n, 0)
            )
            where = f"{table} unit {unit} {day}" + (f" category {category}" if category else "")
            problems.append(f"{where}: {detail}")
    return problems


def _sort_key(key):
    table, unit, day, category = key
    return (table, unit, day, category or 0)


def rebuild() -> int:
    """Replace every rollup row by a recount; returns the rows written. Runs
    in the caller's transaction, with case writes held off on PostgreSQL."""
    from cases.models import Case

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Case._meta.db_table} IN SHARE MODE")
    rows = recount()
    for model, _, _ in TABLES.values():
        model.objects.all().delete()
    for table, (model, key_cols, counters) in TABLES.items():
        objs = []
        for (t, unit, day, category), values in rows.items():
            if t != table:
                continue
            kwargs = {"unit_id": unit, key_cols[1]: day}
            if category is not None:
                kwargs["category_id"] = category
            objs.append(model(**kwargs, **{c: values.get(c, 0) for c in counters}))
        model.objects.bulk_create(objs, batch_size=2000)
    return len(rows)


# --- moves of the tree ----------------------------------------------------

# Units whose rows sum their subtree's grids (a grid's own rows never change
# when the tree moves: its cases stay its cases).
SUMMED_KINDS = ("region", "street", "community")
OLD_ANCESTORS_ATTR = "_dashboards_old_ancestors"


def remember_old_ancestors(sender, instance, raw=False, **kwargs):
    """pre_save of OrgUnit: before a unit changes parent, note the units whose
    rows held its cases, so `on_subtree_moved` can recompute them."""
    if raw or instance.pk is None:
        return
    from orgs.models import OrgUnit

    old_parent = OrgUnit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    if old_parent is None or old_parent == instance.parent_id:
        return
    parent = OrgUnit.objects.get(pk=old_parent)
    setattr(
        instance,
        OLD_ANCESTORS_ATTR,
        [a.pk for a in parent.get_ancestors(include_self=True) if a.kind in SUMMED_KINDS],
    )


def on_subtree_moved(sender, unit, **kwargs):
    """Receiver of `orgs.signals.subtree_moved`, inside the tree lock: the
    rows of the old and the new ancestors are recomputed from their grids'."""
    old = getattr(unit, OLD_ANCESTORS_ATTR, [])
    new = [a.pk for a in unit.get_ancestors() if a.kind in SUMMED_KINDS]
    resum(sorted(set(old) | set(new)))


def resum(unit_ids):
    """Replace the rows of `unit_ids` by the sums of their subtrees' grid rows."""
    from orgs.models import OrgUnit

    units = list(OrgUnit.objects.filter(pk__in=unit_ids).order_by("pk"))
    org = connection.ops.quote_name(OrgUnit._meta.db_table)
    with connection.cursor() as cursor:
        for model, key_cols, counters in TABLES.values():
            table = connection.ops.quote_name(model._meta.db_table)
            keys = key_cols[1:]  # the date (and category): unit_id is the summing one
            for unit in units:
                model.objects.filter(unit_id=unit.pk).delete()
                cursor.execute(
                    f"INSERT INTO {table} (unit_id, {', '.join(keys)}, {', '.join(counters)}) "
                    f"SELECT %s, {', '.join('r.' + k for k in keys)}, "
                    f"{', '.join(f'SUM(r.{c})' for c in counters)} "
                    f"FROM {table} r JOIN {org} g ON g.id = r.unit_id "
                    f"WHERE g.kind = %s AND g.tree_id = %s AND g.lft > %s AND g.lft < %s "
                    f"GROUP BY {', '.join('r.' + k for k in keys)}",
                    [unit.pk, "grid", unit.tree_id, unit.lft, unit.rght],
                )
