"""The dashboards' rollup tables filled from the generated cases in SQL,
with the same contribution rules as dashboards.rollups.contribution: the
cohort part on the report's local day, the closing part on the close's."""

from django.db import connection

COHORT = """
SELECT grid_id, community_id, street_id, region_id, category_id,
       (reported_at AT TIME ZONE %(tz)s)::date AS day,
       (status <> 'cancelled')::int AS reported,
       (status = 'cancelled')::int AS cancelled,
       (status = 'closed' AND self_handled)::int AS self_handled,
       (status <> 'cancelled' AND escalated_level = 'community')::int AS escalated_community,
       (status <> 'cancelled' AND escalated_level = 'street')::int AS escalated_street,
       (status <> 'cancelled' AND escalated_level = 'district')::int AS escalated_district,
       (status = 'closed')::int AS cohort_closed,
       0 AS closed, 0 AS closed_on_time, 0::bigint AS close_seconds,
       (status = 'closed' AND satisfaction = 'satisfied')::int AS satisfied,
       (status = 'closed' AND satisfaction = 'basically_satisfied')::int AS basically_satisfied,
       (status = 'closed' AND satisfaction = 'unsatisfied')::int
         + CASE WHEN status <> 'cancelled' THEN reopen_count ELSE 0 END AS unsatisfied,
       0 AS reopened,
       0 AS finished_grid, 0 AS finished_community, 0 AS finished_street,
       0 AS finished_district, 0 AS finished_department
FROM cases_case
"""

CLOSING = """
SELECT grid_id, community_id, street_id, region_id, category_id,
       (closed_at AT TIME ZONE %(tz)s)::date AS day,
       0, 0, 0, 0, 0, 0, 0,
       1, coalesce(closed_on_time, false)::int,
       greatest(0, floor(extract(epoch FROM closed_at - reported_at)))::bigint,
       0, 0, 0, (reopen_count > 0)::int,
       (finished_at_level = 'grid')::int, (finished_at_level = 'community')::int,
       (finished_at_level = 'street')::int, (finished_at_level = 'district')::int,
       (finished_at_level = 'department')::int
FROM cases_case WHERE status = 'closed' AND closed_at IS NOT NULL
"""

COUNTERS = (
    "reported, cancelled, self_handled, escalated_community, escalated_street, "
    "escalated_district, cohort_closed, closed, closed_on_time, close_seconds, "
    "satisfied, basically_satisfied, unsatisfied, reopened, finished_grid, "
    "finished_community, finished_street, finished_district, finished_department"
)
SUMS = ", ".join(f"sum({c.strip()})" for c in COUNTERS.split(","))
LEVELS = ("grid_id", "community_id", "street_id", "region_id")
TABLES = (
    "casedayrollup",
    "casemonthrollup",
    "caseunitdayrollup",
    "caseunitmonthrollup",
    "caseweekrollup",
)


def fill(*, tz: str, log=print) -> None:
    with connection.cursor() as cur:
        for table in TABLES:
            cur.execute(f"TRUNCATE dashboards_{table}")
        # Per grid × day × category first; every level sums that.
        named = ", ".join(f"sum({c.strip()}) AS {c.strip()}" for c in COUNTERS.split(","))
        cur.execute(
            f"""
            CREATE TEMP TABLE bench_day AS
            SELECT grid_id, community_id, street_id, region_id, category_id, day, {named}
            FROM ({COHORT} UNION ALL {CLOSING}) p
            GROUP BY 1, 2, 3, 4, 5, 6
            """,
            {"tz": tz},
        )
        log("  rollups: grid days")
        for level in LEVELS:
            cur.execute(
                f"""
                INSERT INTO dashboards_casedayrollup (unit_id, day, category_id, {COUNTERS})
                SELECT {level}, day, category_id, {SUMS} FROM bench_day
                WHERE {level} IS NOT NULL GROUP BY 1, 2, 3
                """
            )
            cur.execute(
                f"""
                INSERT INTO dashboards_casemonthrollup (unit_id, month, category_id, {COUNTERS})
                SELECT {level}, date_trunc('month', day)::date, category_id, {SUMS} FROM bench_day
                WHERE {level} IS NOT NULL GROUP BY 1, 2, 3
                """
            )
            cur.execute(
                f"""
                INSERT INTO dashboards_caseunitdayrollup (unit_id, day, {COUNTERS})
                SELECT {level}, day, {SUMS} FROM bench_day
                WHERE {level} IS NOT NULL GROUP BY 1, 2
                """
            )
            cur.execute(
                f"""
                INSERT INTO dashboards_caseunitmonthrollup (unit_id, month, {COUNTERS})
                SELECT {level}, date_trunc('month', day)::date, {SUMS} FROM bench_day
                WHERE {level} IS NOT NULL GROUP BY 1, 2
                """
            )
            cur.execute(
                f"""
                INSERT INTO dashboards_caseweekrollup (unit_id, week, reported, closed)
                SELECT {level}, date_trunc('week', day)::date, sum(reported), sum(closed)
                FROM bench_day WHERE {level} IS NOT NULL GROUP BY 1, 2
                """
            )
            log(f"  rollups: {level[:-3]}")
        cur.execute("DROP TABLE bench_day")
        for table in TABLES:
            cur.execute(f"ANALYZE dashboards_{table}")
