"""Keeping the rollup tables current as cases move.

A case's contribution to the rollups is a pure function of its own fields
(`contribution`). When a case changes, the receiver computes the contribution
before and after, and adds the difference to the rows of the case's grid,
community, street and district with one `INSERT … ON CONFLICT DO UPDATE SET
x = x + delta` per table (`grid_gov.counters.add`), in the action's own
transaction. `ROLLUPS` is the set `verify_counters rollups` checks against a
recount and `rebuild_counters rollups` rebuilds.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Max, Min, Q
from django.utils import timezone

from cases.models import Case, Level, Satisfaction, Status
from grid_gov import counters
from grid_gov.counters import Table

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


# In the fixed order every writer follows, so two transactions touching the
# same rows cannot deadlock.
MONTH = Table(CaseMonthRollup, ("unit_id", "month", "category_id"), COUNTERS, "month")
DAY = Table(CaseDayRollup, ("unit_id", "day", "category_id"), COUNTERS, "day")
UNIT_MONTH = Table(CaseUnitMonthRollup, ("unit_id", "month"), COUNTERS, "unit_month")
UNIT_DAY = Table(CaseUnitDayRollup, ("unit_id", "day"), COUNTERS, "unit_day")
WEEK = Table(CaseWeekRollup, ("unit_id", "week"), WEEK_COUNTERS, "week")
TABLES = (MONTH, DAY, UNIT_MONTH, UNIT_DAY, WEEK)


def _empty() -> dict:
    return {table: defaultdict(lambda: defaultdict(int)) for table in TABLES}


def _rows(values, sign: int, out: dict, period=None):
    """Add `sign` × the case's contribution into `out` ({table: {key:
    counters}}); with a `period`, only the rows whose date falls in it."""
    units = [values[f] for f in UNIT_FIELDS if values[f] is not None]
    category = values["category_id"]
    for day, figures in contribution(values):
        month, week = month_start(day), week_start(day)
        keyed = (
            (MONTH, month, (month, category)),
            (DAY, day, (day, category)),
            (UNIT_MONTH, month, (month,)),
            (UNIT_DAY, day, (day,)),
        )
        if period is not None:
            keyed = tuple(k for k in keyed if period.holds(k[1]))
        for unit in units:
            for table, _, key in keyed:
                row = out[table][(unit, *key)]
                for name, n in figures.items():
                    row[name] += sign * n
            if period is not None and not period.holds(week):
                continue
            row = out[WEEK][(unit, week)]
            for name in WEEK_COUNTERS:
                if name in figures:
                    row[name] += sign * figures[name]


def delta(before, after) -> dict:
    """The rows to add when a case goes from `before` to `after` (either may
    be None): {table: {key: counters}}, zero rows left out."""
    out = _empty()
    if before is not None:
        _rows(before, -1, out)
    if after is not None:
        _rows(after, +1, out)
    return {table: counters.nonzero(rows) for table, rows in out.items()}


def snapshot(case) -> dict:
    return {f: getattr(case, f) for f in CASE_FIELDS}


def on_case_changed(sender, case, event=None, before=None, **kwargs):
    """Receiver of `cases.signals.case_changed`, inside the action's transaction."""
    after = snapshot(case)
    if before is not None:
        before = {f: before[f] for f in CASE_FIELDS}
        if before == after:
            return
    counters.add(delta(before, after))


@dataclass(frozen=True)
class Period:
    """The rollup rows dated from `start` to before `end` (month starts): a
    part of the recount small enough to hold in memory at city scale."""

    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day < self.end

    def q(self, table) -> Q:
        column = table.keys[1]
        return Q(**{f"{column}__gte": self.start, f"{column}__lt": self.end})

    def cases(self):
        """The cases that add to these rows: reported or closed on a day whose
        month or week starts inside the period."""
        since = _local_midnight(self.start)
        until = _local_midnight(self.end + timedelta(days=7))
        return Case.objects.filter(
            Q(reported_at__gte=since, reported_at__lt=until)
            | Q(closed_at__gte=since, closed_at__lt=until)
        )


def _local_midnight(day: date):
    return timezone.make_aware(datetime.combine(day, time.min))


def periods(months: int = 3) -> list[Period]:
    """Periods of `months` months covering every date the cases give and
    every date stored."""
    days = []
    found = Case.objects.aggregate(
        first=Min("reported_at"), last_report=Max("reported_at"), last_close=Max("closed_at")
    )
    for moment in found.values():
        if moment is not None:
            day = local_day(moment)
            days += [day, week_start(day)]
    for table in TABLES:
        column = table.keys[1]
        days += [
            d for d in table.model.objects.aggregate(a=Min(column), b=Max(column)).values() if d
        ]
    if not days:
        return []
    out = []
    start, last = month_start(min(days)), max(days)
    while start <= last:
        end = start
        for _ in range(months):
            end = (end + timedelta(days=31)).replace(day=1)
        out.append(Period(start, end))
        start = end
    return out


def recount(period: Period | None = None) -> dict:
    """The rollup rows recomputed from the cases (those of `period`, else
    every row): {table: {key: counters}}."""
    out = _empty()
    cases = Case.objects.all() if period is None else period.cases()
    for values in cases.values(*CASE_FIELDS).order_by().iterator(chunk_size=5000):
        _rows(values, +1, out, period)
    return {table: counters.nonzero(rows) for table, rows in out.items()}


ROLLUPS = counters.register(
    counters.Counters(
        name="rollups",
        noun="rollup",
        help="the dashboards' case figures, recounted from the cases",
        tables=TABLES,
        recount=recount,
        source=Case,
        shards=periods,
    )
)


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
        for t in TABLES:
            table = connection.ops.quote_name(t.model._meta.db_table)
            keys = t.keys[1:]  # the date (and category): unit_id is the summing one
            for unit in units:
                t.model.objects.filter(unit_id=unit.pk).delete()
                cursor.execute(
                    f"INSERT INTO {table} (unit_id, {', '.join(keys)}, {', '.join(t.counters)}) "
                    f"SELECT %s, {', '.join('r.' + k for k in keys)}, "
                    f"{', '.join(f'SUM(r.{c})' for c in t.counters)} "
                    f"FROM {table} r JOIN {org} g ON g.id = r.unit_id "
                    f"WHERE g.kind = %s AND g.tree_id = %s AND g.lft > %s AND g.lft < %s "
                    f"GROUP BY {', '.join('r.' + k for k in keys)}",
                    [unit.pk, "grid", unit.tree_id, unit.lft, unit.rght],
                )
