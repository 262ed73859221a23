"""The backup procedure of docs/operations.md, end to end on PostgreSQL: a
`pg_dump -Fc` of a working database restored with `pg_restore` into a fresh
one holds the same rows, passes the counter checks, and reads its ID numbers
with the same personal-data key (and not without it)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from cases.models import CaseCategory, CaseDeadline
from cases.seed import seed_categories
from members.models import Resident
from tests.cases.conftest import make_case
from tests.members.factories import household, member, resident
from tests.world import build_world

ROOT = Path(__file__).resolve().parent.parent
# The counter sets `verify_counters` checks: it exits non-zero on any difference.
VERIFY = ["rollups", "case_counts", "people_counts", "member_points", "party_rollups"]


def _pg_env():
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432)}
    env["PGUSER"] = db["USER"] or "postgres"
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _counts(env, database) -> dict[str, int]:
    tables = _run(
        [
            "psql",
            "-d",
            database,
            "-Atc",
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        ],
        env=env,
    ).stdout.split()
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in sorted(tables))
    rows = _run(["psql", "-d", database, "-AtF", "\t", "-c", query], env=env).stdout.splitlines()
    return {name: int(count) for name, count in (row.split("\t") for row in rows)}


def _manage(database, *args):
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}"
    url += f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    url += f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "grid_gov.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _working_database():
    world = build_world()
    seed_categories(CaseCategory, CaseDeadline)
    cats = {c.code: c for c in CaseCategory.objects.all()}
    for at, status in [
        ("g1_new", "reported"),
        ("c1", "reported"),
        ("g1", "closed"),
        ("s1", "handling"),
    ]:
        make_case(world, cats, at=at, status=status)
    h = household(world.leader, world.g1, address="幸福路1号3栋2单元502室")
    resident(world.leader, h, name="欧阳建华")
    member(world.leader, world.g1, name="司马文静")


@pytest.mark.django_db(transaction=True)
def test_it_restores_a_dump_into_a_fresh_database(needs_postgres, tmp_path):
    _working_database()
    original = Resident.objects.get().id_number
    env = _pg_env()
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    dump = tmp_path / "gridgov.dump"

    _run(["pg_dump", "-Fc", "-d", source, "-f", str(dump)], env=env)
    _run(["pg_restore", "--list", str(dump)], env=env)
    subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
    _run(["createdb", restored], env=env)
    try:
        _run(["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, str(dump)], env=env)

        before, after = _counts(env, source), _counts(env, restored)
        assert after == before
        assert before["cases_case"] == 4 and before["members_resident"] == 1

        # One process: the counter checks (each raises on any difference),
        # then the ID number with the backup's key and with another one.
        script = (
            "from django.core.management import call_command\n"
            f"for name in {VERIFY!r}:\n"
            "    call_command('verify_counters', name)\n"
            "from members.models import Resident\n"
            "from django.conf import settings\n"
            "print(Resident.objects.get().id_number)\n"
            "settings.PERSONAL_DATA_KEY = 'a-different-key-than-the-one-of-the-backup'\n"
            "try:\n"
            "    Resident.objects.get().id_number\n"
            "except Exception as exc:\n"
            "    print(type(exc).__name__)\n"
        )
        result = _manage(restored, "shell", "-v", "0", "-c", script)
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.count("0 differences") == len(VERIFY), result.stdout
        assert result.stdout.split()[-2:] == [original, "ImproperlyConfigured"]
    finally:
        connection.close()
        subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
