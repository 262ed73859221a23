"""Millions of cases straight into PostgreSQL with INSERT … SELECT.

Going through the services would take hours at city scale; the benchmark
measures reads and filings, so the rows only need the shape the services give
them: ancestors copied, statuses, levels, deadlines, satisfaction.
"""

from django.db import connection

CHUNK = 1_000_000

# Status mix of a running district: most closed, a tail of open work.
INSERT = """
INSERT INTO cases_case (
    number, title, description, category_id, urgency, source, status,
    grid_id, community_id, street_id, region_id, address,
    responsible_unit_id, highest_level, reporter_id, resident_name, resident_phone,
    version, reported_at, accepted_at, resolved_at, closed_at, due_at,
    result, satisfaction, feedback, reopen_count, self_handled, closed_on_time,
    escalated_level, finished_at_level, was_overdue
)
SELECT
    'BM-' || lpad(i::text, 9, '0'), '基准事件 ' || i, '基准数据', cat.id,
    CASE WHEN r1 < 0.02 THEN 'emergency' WHEN r1 < 0.15 THEN 'urgent' ELSE 'normal' END,
    (ARRAY['grid_patrol','resident','hotline','online','visit'])[1 + (i %% 5)],
    st.status,
    g.grid_id, g.community_id, g.street_id, g.region_id, '基准地址',
    CASE lvl.level WHEN 'grid' THEN g.grid_id WHEN 'community' THEN g.community_id
         WHEN 'street' THEN g.street_id ELSE g.region_id END,
    lvl.level, %(reporter)s, '', '',
    1, rep.at, rep.at + interval '2 hours',
    CASE WHEN st.status IN ('resolved', 'closed') THEN rep.at + rep.took END,
    CASE WHEN st.status = 'closed' THEN rep.at + rep.took + interval '1 day' END,
    rep.at + interval '3 days',
    CASE WHEN st.status IN ('resolved', 'closed') THEN '已处理' ELSE '' END,
    CASE WHEN st.status <> 'closed' THEN ''
         WHEN r2 < 0.85 THEN 'satisfied' WHEN r2 < 0.97 THEN 'basically_satisfied'
         ELSE 'unsatisfied' END,
    '', CASE WHEN r2 > 0.97 THEN 1 ELSE 0 END,
    st.status = 'closed' AND lvl.level = 'grid',
    CASE WHEN st.status = 'closed' THEN rep.took + interval '1 day' <= interval '3 days' END,
    lvl.level, CASE WHEN st.status = 'closed' THEN lvl.level ELSE '' END,
    st.status = 'closed' AND rep.took + interval '1 day' > interval '3 days'
FROM (
    SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
    FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS i
) s
JOIN bench_grid g ON g.n = (s.i::bigint * 7919) %% %(grids)s
JOIN bench_category cat ON cat.n = (s.i::bigint * 31) %% %(categories)s
CROSS JOIN LATERAL (
    SELECT CASE WHEN s.r3 < 0.80 THEN 'closed' WHEN s.r3 < 0.86 THEN 'resolved'
                WHEN s.r3 < 0.93 THEN 'handling' WHEN s.r3 < 0.98 THEN 'reported'
                ELSE 'cancelled' END AS status
) st
CROSS JOIN LATERAL (
    SELECT CASE WHEN s.r4 < 0.71 THEN 'grid' WHEN s.r4 < 0.97 THEN 'community'
                WHEN s.r4 < 0.995 THEN 'street' ELSE 'district' END AS level
) lvl
CROSS JOIN LATERAL (
    SELECT %(now)s::timestamptz - (s.r5 * %(days)s) * interval '1 day' AS at,
           (random() * 96) * interval '1 hour' AS took
) rep
"""


def generate(*, count: int, reporter_id: int, now, days: int = 730, log=print) -> None:
    with connection.cursor() as cur:
        cur.execute(
            """
            CREATE TEMP TABLE IF NOT EXISTS bench_grid AS
            SELECT row_number() OVER (ORDER BY g.id) - 1 AS n, g.id AS grid_id,
                   c.id AS community_id, s.id AS street_id, s.parent_id AS region_id
            FROM orgs_orgunit g
            JOIN orgs_orgunit c ON c.id = g.parent_id
            JOIN orgs_orgunit s ON s.id = c.parent_id
            WHERE g.kind = 'grid' AND c.kind = 'community' AND s.kind = 'street'
            """
        )
        cur.execute("CREATE UNIQUE INDEX IF NOT EXISTS bench_grid_n ON bench_grid (n)")
        cur.execute(
            """
            CREATE TEMP TABLE bench_category AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id
            FROM cases_casecategory c
            WHERE NOT EXISTS (SELECT 1 FROM cases_casecategory k WHERE k.parent_id = c.id)
            """
        )
        cur.execute("SELECT count(*) FROM bench_grid")
        grids = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM bench_category")
        categories = cur.fetchone()[0]
        for start in range(1, count + 1, CHUNK):
            stop = min(count, start + CHUNK - 1)
            cur.execute(
                INSERT,
                {
                    "start": start,
                    "stop": stop,
                    "grids": grids,
                    "categories": categories,
                    "reporter": reporter_id,
                    "now": now,
                    "days": days,
                },
            )
            log(f"  cases {stop:,}/{count:,}")
        cur.execute("DROP TABLE bench_grid")
        cur.execute("DROP TABLE bench_category")
        cur.execute("ANALYZE cases_case")
