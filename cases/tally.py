"""The case tally: how many cases lie below each unit, by status, urgency and
category (`CaseTally`), so the subtree case list answers its `count` from a
few hundred rows whatever the size of the subtree.

A case adds one to the row of its grid, community, street and district (the
ancestor columns it copies). The receiver of `case_changed` adds the
difference between the case before and after an action, in the action's own
transaction, with one `INSERT … ON CONFLICT DO UPDATE SET n = n + delta`
written in key order (concurrent actions never lose an increment and cannot
deadlock on these rows). A moved subtree re-copies its cases' ancestors and
moves their counts with them (`tally_move_grid`).
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Count, Sum

from orgs.kinds import UnitKind

from .models import Case, CaseCategory, CaseTally

UNIT_COLUMNS = ("grid_id", "community_id", "street_id", "region_id")
# The case fields the tally reads: anything else may change without a write.
FIELDS = (*UNIT_COLUMNS, "status", "urgency", "category_id")


def _add(values, sign: int, out: dict, columns=UNIT_COLUMNS) -> None:
    for column in columns:
        unit = values[column]
        if unit is not None:
            out[(unit, values["status"], values["urgency"], values["category_id"])] += sign


def apply(rows: dict) -> None:
    """Add {(unit, status, urgency, category): delta} to the tally."""
    rows = {key: n for key, n in rows.items() if n}
    if not rows:
        return
    table = connection.ops.quote_name(CaseTally._meta.db_table)
    params = []
    for key in sorted(rows):
        params.extend((*key, rows[key]))
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, status, urgency, category_id, n) VALUES {values} "
            f"ON CONFLICT (unit_id, status, urgency, category_id) "
            f"DO UPDATE SET n = {table}.n + EXCLUDED.n",
            params,
        )


def on_case_changed(sender, case, event=None, before=None, **kwargs):
    """Receiver of `cases.signals.case_changed`, inside the action's transaction."""
    after = {f: getattr(case, f) for f in FIELDS}
    out: dict = defaultdict(int)
    if before is not None:
        before = {f: before[f] for f in FIELDS}
        if before == after:
            return
        _add(before, -1, out)
    _add(after, +1, out)
    apply(out)


def tally_move_grid(*, grid_id: int, ids: dict) -> None:
    """Before the cases of `grid_id` get the ancestor ids `ids` (kind -> id):
    their counts leave the old community, street and district rows and join
    the new ones. The grid's own rows stay."""
    out: dict = defaultdict(int)
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
    apply(out)


def tally_count(*, units, status=None, urgency=None, category=None) -> int:
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


# --- recount and rebuild -------------------------------------------------


def recount() -> dict:
    """Every tally row recomputed from the cases: {(unit, status, urgency, category): n}."""
    out: dict = defaultdict(int)
    for column in UNIT_COLUMNS:
        rows = (
            Case.objects.filter(**{f"{column}__isnull": False})
            .order_by()
            .values_list(column, "status", "urgency", "category_id")
            .annotate(n=Count("pk"))
        )
        for unit, status, urgency, category, n in rows:
            out[(unit, status, urgency, category)] += n
    return dict(out)


def stored() -> dict:
    return {
        (unit, status, urgency, category): n
        for unit, status, urgency, category, n in CaseTally.objects.filter(n__gt=0).values_list(
            "unit_id", "status", "urgency", "category_id", "n"
        )
    }


def differences() -> list[str]:
    """Human-readable differences between the stored tally and a recount."""
    expected, actual = recount(), stored()
    problems = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key, 0) != actual.get(key, 0):
            unit, status, urgency, category = key
            problems.append(
                f"unit {unit} {status} {urgency} category {category}: "
                f"stored {actual.get(key, 0)} counted {expected.get(key, 0)}"
            )
    return problems


def rebuild() -> int:
    """Replace every tally row by a recount; returns the rows written. Runs
    in the caller's transaction, with case writes held off on PostgreSQL."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Case._meta.db_table} IN SHARE MODE")
    rows = recount()
    CaseTally.objects.all().delete()
    CaseTally.objects.bulk_create(
        [
            CaseTally(unit_id=unit, status=status, urgency=urgency, category_id=category, n=n)
            for (unit, status, urgency, category), n in rows.items()
        ],
        batch_size=2000,
    )
    return len(rows)
