"""The raw-SQL floor of each measured piece of work: the same rows read or
written by hand-written SQL, with no ORM, serializer or view in between."""

from django.db import connection, transaction
from django.utils import timezone

from dashboards.models import COUNTERS
from dashboards.periods import split
from orgs.models import OrgUnit

SUMS = ", ".join(f"sum({c})" for c in COUNTERS)

LIST_COLUMNS = (
    "id, number, title, status, urgency, category_id, grid_id, responsible_unit_id, "
    "reported_at, due_at, version"
)


def dashboard_floor(unit: OrgUnit, date_from, date_to):
    parts = split(date_from, date_to)

    def run():
        with connection.cursor() as cur:
            cur.execute("SELECT id FROM orgs_orgunit WHERE parent_id = %s", [unit.pk])
            ids = [unit.pk] + [r[0] for r in cur.fetchall()]
            # Per unit from the tables without categories, per category from
            # the node's own rows by category.
            for group, only, prefix in (
                ("unit_id", ids, "dashboards_caseunit"),
                ("category_id", [unit.pk], "dashboards_case"),
            ):
                if parts.months:
                    cur.execute(
                        f"SELECT {group}, {SUMS} FROM {prefix}monthrollup "
                        f"WHERE unit_id = ANY(%s) AND month BETWEEN %s AND %s GROUP BY {group}",
                        [only, *parts.months],
                    )
                    cur.fetchall()
                for first, last in parts.day_ranges:
                    cur.execute(
                        f"SELECT {group}, {SUMS} FROM {prefix}dayrollup "
                        f"WHERE unit_id = ANY(%s) AND day BETWEEN %s AND %s GROUP BY {group}",
                        [only, first, last],
                    )
                    cur.fetchall()
            cur.execute(
                "SELECT week, reported, closed FROM dashboards_caseweekrollup "
                "WHERE unit_id = %s AND week BETWEEN %s AND %s",
                [unit.pk, date_from, date_to],
            )
            cur.fetchall()

    return run


def _scope_column(unit_id: int) -> str:
    kind = OrgUnit.objects.values_list("kind", flat=True).get(pk=unit_id)
    return {"region": "region_id", "street": "street_id", "community": "community_id"}.get(
        kind, "grid_id"
    )


def case_list_floor(params: dict, page: int, size: int = 50):
    column = _scope_column(params["unit"])
    where = [f"{column} = %s"]
    args = [params["unit"]]
    for key in ("status", "urgency"):
        if key in params:
            where.append(f"{key} = %s")
            args.append(params[key])
    cond = " AND ".join(where)
    after = None
    if page > 1:
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT reported_at, id FROM cases_case WHERE {cond} "
                f"ORDER BY reported_at DESC, id DESC OFFSET %s LIMIT 1",
                [*args, (page - 1) * size - 1],
            )
            after = cur.fetchone()

    def run():
        with connection.cursor() as cur:
            if after:
                cur.execute(
                    f"SELECT {LIST_COLUMNS} FROM cases_case WHERE {cond} "
                    f"AND (reported_at, id) < (%s, %s) ORDER BY reported_at DESC, id DESC LIMIT %s",
                    [*args, *after, size + 1],
                )
            else:
                cur.execute(
                    f"SELECT {LIST_COLUMNS} FROM cases_case WHERE {cond} "
                    f"ORDER BY reported_at DESC, id DESC LIMIT %s",
                    [*args, size + 1],
                )
            cur.fetchall()

    return run


def filing_floor(payload: dict):
    grid = OrgUnit.objects.get(pk=payload["grid"])
    ancestors = {a.kind: a.pk for a in grid.get_ancestors()}

    def run():
        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(
                "INSERT INTO cases_casecounter (prefix, last) VALUES ('FLOOR', 1) "
                "ON CONFLICT (prefix) DO UPDATE SET last = cases_casecounter.last + 1 "
                "RETURNING last"
            )
            n = cur.fetchone()[0]
            cur.execute(
                "INSERT INTO cases_case (number, title, description, category_id, urgency, "
                "source, status, grid_id, community_id, street_id, region_id, address, "
                "responsible_unit_id, highest_level, reporter_id, resident_name, resident_phone, "
                "version, reported_at, due_at, result, satisfaction, feedback, reopen_count, "
                "self_handled, escalated_level, finished_at_level) "
                "VALUES (%s, %s, %s, %s, 'normal', 'grid_patrol', 'reported', "
                "%s, %s, %s, %s, %s, %s, 'grid', "
                "(SELECT id FROM auth_user WHERE username = 'bench_grid'), '', '', 1, %s, %s, "
                "'', '', '', 0, false, 'grid', '') RETURNING id",
                [
                    f"FLOOR-{n}",
                    payload["title"],
                    payload["description"],
                    payload["category"],
                    grid.pk,
                    ancestors.get("community"),
                    ancestors.get("street"),
                    ancestors.get("region"),
                    payload["address"],
                    grid.pk,
                    now,
                    now,
                ],
            )
            case_id = cur.fetchone()[0]
            cur.execute(
                "INSERT INTO cases_caseevent (case_id, action, at, from_unit_id, to_unit_id, "
                "from_status, to_status, note) VALUES (%s, 'file', %s, %s, %s, '', 'reported', '') "
                "RETURNING id",
                [case_id, now, grid.pk, grid.pk],
            )
            event_id = cur.fetchone()[0]
            # The notification, as an outbox message in the same transaction.
            cur.execute(
                "INSERT INTO grid_gov_outboxmessage (kind, key, payload, created_at, "
                "next_attempt_at, attempts, last_error) VALUES ('cases.notify', %s, %s, %s, %s, "
                "0, '') ON CONFLICT (key) DO NOTHING",
                [
                    f"cases.notify:{event_id}:new",
                    f'{{"event": {event_id}, "kind": "new"}}',
                    now,
                    now,
                ],
            )

    return run
