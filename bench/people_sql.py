"""Households, party members and party branches at scale, straight into
PostgreSQL. Encrypted columns get placeholder ciphertext: the benchmark never
decrypts, it counts and filters."""

from django.db import connection

HOUSEHOLDS = """
INSERT INTO members_household (
    region_id, street_id, community_id, grid_id, address,
    is_elderly_alone, is_low_income, is_disabled, is_floating, is_key_care,
    note, created_at, updated_at
)
SELECT g.region_id, g.street_id, g.community_id, g.grid_id, '基准小区' || i || '号',
       random() < 0.08, random() < 0.05, random() < 0.03, random() < 0.2, random() < 0.04,
       '', now(), now()
FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS i
JOIN bench_grid g ON g.n = (i * 7919) %% %(grids)s
"""

MEMBERS = """
INSERT INTO members_partymember (
    region_id, street_id, community_id, grid_id, unit_id, id_number, id_number_hash,
    phone, phone_hash, name, gender, category, joined_on, score, created_at, updated_at,
    transfer_pending
)
SELECT g.region_id, g.street_id, g.community_id, g.grid_id, g.grid_id,
       'x', md5('id' || i), 'x', md5('ph' || i), '党员' || i,
       (ARRAY['male','female'])[1 + (i %% 2)],
       (ARRAY['ordinary','ordinary','in_service','floating','unemployed','elderly'])[1 + (i %% 6)],
       date '2000-01-01' + (i %% 9000)::int, 100, now(), now(), false
FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS i
JOIN bench_grid g ON g.n = (i * 104729) %% %(grids)s
"""

BRANCHES = """
INSERT INTO grids_partybranch (grid_id, name, updated_at)
SELECT grid_id, '第' || n || '网格党支部', now() FROM bench_grid WHERE n % 50 <> 0
"""

CHUNK = 1_000_000


def _grid_table(cur):
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
    cur.execute("SELECT count(*) FROM bench_grid")
    return cur.fetchone()[0]


def generate(*, households: int, members: int, log=print) -> None:
    with connection.cursor() as cur:
        grids = _grid_table(cur)
        for sql, total, label in (
            (HOUSEHOLDS, households, "households"),
            (MEMBERS, members, "members"),
        ):
            for start in range(1, total + 1, CHUNK):
                stop = min(total, start + CHUNK - 1)
                cur.execute(sql, {"start": start, "stop": stop, "grids": grids})
                log(f"  {label} {stop:,}/{total:,}")
        cur.execute(BRANCHES)
        cur.execute("DROP TABLE bench_grid")
        cur.execute("ANALYZE members_household")
        cur.execute("ANALYZE members_partymember")
        cur.execute("ANALYZE grids_partybranch")
