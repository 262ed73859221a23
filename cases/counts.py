"""The case counts: how many cases lie below each unit, by status, urgency and
category (`CaseTally`), so the subtree case list answers its `count` from a
few hundred rows whatever the size of the subtree.

A case adds one to the row of its grid, community, street and district (the
ancestor columns it copies). The receiver of `case_changed` adds the
difference between the case before and after an action, in the action's own
transaction, with one `INSERT … ON CONFLICT DO UPDATE SET n = n + delta`
written in key order (concurrent actions never lose an increment and cannot
deadlock on these rows; `grid_gov.counters.add`). A moved subtree re-copies
its cases' ancestors and moves their counts with them (`move_grid_counts`).
`CASE_COUNTS` is the set `verify_counters case_counts` checks.
"""

from collections import defaultdict

from django.db.models import Count, Sum

from grid_gov import counters
from grid_gov.counters import Table
from orgs.kinds import UnitKind

from .models import Case, CaseCategory, CaseTally

UNIT_COLUMNS = ("grid_id", "community_id", "street_id", "region_id")
# The case fields the counts read: anything else may change without a write.
FIELDS = (*UNIT_COLUMNS, "status", "urgency", "category_id")
TABLE = Table(CaseTally, ("unit_id", "status", "urgency", "category_id"), ("n",))


def _add(values, sign: int, out: dict, columns=UNIT_COLUMNS) -> None:
    for column in columns:
        unit = values[column]
        if unit is not None:
            key = (unit, values["status"], values["urgency"], values["category_id"])
            out[key]["n"] += sign


def _rows() -> dict:
    return defaultdict(lambda: defaultdict(int))


def on_case_changed(sender, case, event=None, before=None, **kwargs):
    """Receiver of `cases.signals.case_changed`, inside the action's transaction."""
    after = {f: getattr(case, f) for f in FIELDS}
    out = _rows()
    if before is not None:
        before = {f: before[f] for f in FIELDS}
        if before == after:
            return
        _add(before, -1, out)
    _add(after, +1, out)
    counters.add({TABLE: out})


def move_grid_counts(*, grid_id: int, ids: dict) -> None:
    """Before the cases of `grid_id` get the ancestor ids `ids` (kind -> id):
    their counts leave the old community, street and district rows and join
    the new ones. The grid's own rows stay."""
    out = _rows()
    rows = (
        Case.objects.filter(grid_id=grid_id)
        .order_by()
        .values("community_id", "street_id", "region_id", "status", "urgency", "category_id")
        .annotate(n=Count("pk"))
    )
    new_columns = {
        "community_id": ids.get(UnitKind.COMMUNITY),
        "street_id": ids.get(UnitKind.STREET),
        "region_id": ids.get(UnitKind.REGION),
    }
    for row in rows:
        n = row.pop("n")
        _add(row, -n, out, columns=tuple(new_columns))
        _add({**row, **new_columns}, +n, out, columns=tuple(new_columns))
    counters.add({TABLE: out})


def count_cases(*, units, status=None, urgency=None, category=None) -> int:
    """The number of cases below `units` (of ANCESTOR_KINDS, none inside
    another) matching the filters; `category` takes its whole subtree."""
    qs = CaseTally.objects.filter(unit_id__in=[u.pk for u in units])
    if status:
        qs = qs.filter(status=status)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if category is not None:
        qs = qs.filter(
            category_id__in=CaseCategory.objects.filter(
                tree_id=category.tree_id, lft__gte=category.lft, lft__lte=category.rght
            ).values("pk")
        )
    return qs.aggregate(total=Sum("n"))["total"] or 0


def recount() -> dict:
    """Every row recomputed from the cases."""
    out = _rows()
    for column in UNIT_COLUMNS:
        rows = (
            Case.objects.filter(**{f"{column}__isnull": False})
            .order_by()
            .values_list(column, "status", "urgency", "category_id")
            .annotate(n=Count("pk"))
        )
        for unit, status, urgency, category, n in rows:
            out[(unit, status, urgency, category)]["n"] += n
    return {TABLE: out}


CASE_COUNTS = counters.register(
    counters.Counters(
        name="case_counts",
        noun="case count",
        help="the case lists' counts per unit, status, urgency and category",
        tables=(TABLE,),
        recount=recount,
        source=Case,
    )
)
