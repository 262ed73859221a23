"""One size of the benchmark, in its own process and its own database.

    python -m bench.run --size district [--reuse] [--repeat 40] --out result.json

Builds the data on first use (or with no --reuse), then measures, through the
same API the pages and clients use, in-process (server time, no network):
the dashboard of a district, street, community and grid over three periods;
subtree case lists at pages 1, 10 and 50; filing a case; filings per second
from several processes. Each figure comes with the raw-SQL floor of the
same work measured in the same run. With REDIS_URL set, filing is also
measured with its notifications sent to the broker after commit, as before
the outbox, interleaved with the outbox path.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime
from urllib.parse import urlparse

NOW = datetime(2026, 6, 30, 12, 0, 0)
PERIODS = {
    "year": (date(2025, 1, 1), date(2025, 12, 31)),
    "odd": (date(2025, 2, 11), date(2025, 11, 19)),
    "month": (date(2026, 5, 3), date(2026, 6, 2)),
}


def _setup(size: str) -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"postgres://postgres@127.0.0.1:5432/gridgov_bench_{size}"
    )
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "grid_gov.settings.local"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    # The throughput run files far faster than any person: no rate limit.
    os.environ.setdefault("GRIDGOV_THROTTLE_WRITES", "100000000/minute")
    return url


def _recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _populated() -> bool:
    from django.db import connection

    try:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM cases_case")
            return cur.fetchone()[0] > 0
    except Exception:  # noqa: BLE001 - no tables yet
        return False


def build(size_name: str, log) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from grid_gov.counters import registered
    from orgs.kinds import Role, UnitKind
    from orgs.models import OrgUnit, Position

    from . import cases_sql, people_sql
    from .tree import SIZES, build_tree

    size = SIZES[size_name]
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    region = build_tree(size)
    log(f"  tree: {region.get_descendant_count() + 1:,} units")
    User = get_user_model()
    street = region.get_children().filter(kind=UnitKind.STREET).first()
    community = street.get_children().first()
    grid = community.get_children().first()
    for username, unit, role in (
        ("bench_orgdept", region, Role.ORGDEPT_REVIEWER),
        ("bench_street", street, Role.STREET_DISPATCHER),
        ("bench_grid", grid, Role.GRID_LEADER),
    ):
        user = User.objects.create_user(username=username, password="bench-password")
        Position.objects.create(user=user, unit=unit, role=role)
    reporter = User.objects.get(username="bench_grid")
    cases_sql.generate(
        count=size["cases"], reporter_id=reporter.pk, now=timezone.make_aware(NOW), log=log
    )
    people_sql.generate(households=size["households"], members=size["members"], log=log)
    # The counter tables from the generated rows, by the project's own rules.
    for name, counters in registered().items():
        counters.rebuild()
        log(f"  {name}")
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    log(f"  built in {time.perf_counter() - started:.0f} s")
    assert OrgUnit.objects.filter(kind=UnitKind.GRID).count() == size["grids"]
    check_counters(log)


def check_counters(log) -> None:
    """Every counter set equals a recount of the data (what `verify_counters`
    checks); the benchmark measures nothing on data that is off."""
    from grid_gov.counters import registered

    for name, counters in registered().items():
        problems = counters.differences()
        if problems:
            raise SystemExit(f"{name}: {len(problems)} rows differ from a recount: {problems[:5]}")
        log(f"  {name}: 0 differences")


def _client(username):
    from django.contrib.auth import get_user_model
    from knox.models import AuthToken
    from rest_framework.test import APIClient

    user = get_user_model().objects.get(username=username)
    _, key = AuthToken.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _ok(response):
    if response.status_code >= 300:
        raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")
    return response


def measure_dashboard(repeat: int) -> dict:
    from orgs.kinds import UnitKind
    from orgs.models import OrgUnit

    from .floors import dashboard_floor
    from .timing import sample, summary

    client = _client("bench_orgdept")
    region = OrgUnit.objects.get(parent__isnull=True, code="BM")
    street = region.get_children().filter(kind=UnitKind.STREET).first()
    community = street.get_children().first()
    grid = community.get_children().first()
    out = {}
    for label, unit in (
        ("district", region),
        ("street", street),
        ("community", community),
        ("grid", grid),
    ):
        api, floor = [], []
        for date_from, date_to in PERIODS.values():
            url = f"/api/v1/dashboard/?unit={unit.pk}&from={date_from}&to={date_to}"
            api += sample(lambda url=url: _ok(client.get(url)), repeat=repeat)
            floor += sample(dashboard_floor(unit, date_from, date_to), repeat=repeat)
        out[label] = {"api": summary(api), "floor": summary(floor)}
    return out


def measure_case_list(repeat: int) -> dict:
    from orgs.kinds import UnitKind
    from orgs.models import OrgUnit

    from .floors import case_list_floor
    from .timing import sample, summary

    region = OrgUnit.objects.get(parent__isnull=True, code="BM")
    street = region.get_children().filter(kind=UnitKind.STREET).first()
    scenarios = {
        "street, all": ("bench_street", {"unit": street.pk}),
        "street, handling+normal": (
            "bench_street",
            {"unit": street.pk, "status": "handling", "urgency": "normal"},
        ),
        "district, closed": ("bench_orgdept", {"unit": region.pk, "status": "closed"}),
    }
    out = {}
    for label, (username, params) in scenarios.items():
        client = _client(username)
        query = "&".join(f"{k}={v}" for k, v in params.items())
        # Walk to the pages measured, remembering each page's URL.
        urls, url = {}, f"/api/v1/cases/?{query}"
        for page in range(1, 51):
            if page in (1, 10, 50):
                urls[page] = url
            body = _ok(client.get(url)).json()
            if not body.get("next"):
                break
            url = body["next"].replace("http://testserver", "")
        api, floor = [], []
        for page, page_url in urls.items():
            api += sample(lambda u=page_url, c=client: _ok(c.get(u)), repeat=repeat)
            floor += sample(case_list_floor(params, page), repeat=repeat)
        out[label] = {"api": summary(api), "floor": summary(floor), "pages": sorted(urls)}
    return out


def _filing_payload(i=0):
    from cases.models import CaseCategory
    from orgs.models import Position

    grid = Position.objects.get(user__username="bench_grid").unit
    leaf = CaseCategory.objects.filter(children__isnull=True).order_by("id").first()
    return {
        "title": f"基准上报 {i}",
        "description": "楼道堆放杂物，影响消防通道。",
        "category": leaf.pk,
        "grid": grid.pk,
        "urgency": "normal",
        "source": "grid_patrol",
        "address": "基准小区1栋",
    }


def measure_filing(repeat: int) -> dict:
    from .floors import filing_floor
    from .timing import sample, summary

    client = _client("bench_grid")
    payload = _filing_payload()
    api = sample(
        lambda: _ok(client.post("/api/v1/cases/", payload, format="json")), repeat=repeat * 3
    )
    floor = sample(filing_floor(payload), repeat=repeat * 3)
    return {"api": summary(api), "floor": summary(floor)}


def _notify_through_the_broker(*, event, kind):
    """How filing told people before the outbox: a task sent to the broker
    once the transaction commits (the request waits on the publish)."""
    from cases.tasks import notify_event

    notify_event.delay_on_commit(event.pk, kind)


@contextmanager
def _notifications(path: str):
    """File with the notifications written to the "outbox" (this code) or
    sent to the "broker" after commit (the code before it)."""
    from cases import services

    current = services.notify_later
    if path == "broker":
        services.notify_later = _notify_through_the_broker
    try:
        yield
    finally:
        services.notify_later = current


def measure_filing_paths(repeat: int) -> dict:
    """Filing p95 with the outbox and with the earlier broker publish, in
    the same run on the same data, the two interleaved request by request so
    that both see the same machine."""
    from .timing import summary

    client = _client("bench_grid")
    payload = _filing_payload()
    times = {"outbox": [], "broker": []}

    def once(path):
        with _notifications(path):
            start = time.perf_counter()
            _ok(client.post("/api/v1/cases/", payload, format="json"))
            return (time.perf_counter() - start) * 1000

    for path in times:  # warm-up
        for _ in range(3):
            once(path)
    for _ in range(repeat * 3):
        for path, values in times.items():
            values.append(once(path))
    return {path: summary(values) for path, values in times.items()}


def _filer(seconds, queue, path="outbox"):
    import django
    from django.db import connection

    django.setup()
    with _notifications(path):
        _file_for(seconds, queue)
    connection.close()


def _file_for(seconds, queue):
    client = _client("bench_grid")
    payload = _filing_payload()
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        _ok(client.post("/api/v1/cases/", payload, format="json"))
        done += 1
    queue.put(done)


def measure_throughput(processes: int, seconds: float, path="outbox") -> dict:
    from django.db import connections

    connections.close_all()
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_filer, args=(seconds, queue, path)) for _ in range(processes)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    total = sum(queue.get() for _ in workers)
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    return {
        "processes": processes,
        "seconds": round(elapsed, 1),
        "filings": total,
        "per_second": round(total / elapsed, 1),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=["district", "city", "tiny"], default="district")
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--build-only", action="store_true", help="build the data, measure nothing")
    parser.add_argument("--out")
    args = parser.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    url = _setup(args.size)
    if not url.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set BENCH_DATABASE_URL=postgres://…")
    import django

    if not args.reuse:
        _recreate_database(url)
    django.setup()
    if not (args.reuse and _populated()):
        log(f"building the {args.size} data set…")
        build(args.size, log)
    else:
        from django.core.management import call_command

        # Data kept from an earlier run gets the schema of this code.
        call_command("migrate", verbosity=0)
    if args.build_only:
        return
    from django.db import connection

    from .tree import SIZES

    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM cases_case")
        cases = cur.fetchone()[0]
    result = {
        "size": args.size,
        "data": {**SIZES[args.size], "cases_now": cases, "database": db_size},
    }
    log("measuring dashboards…")
    result["dashboard"] = measure_dashboard(args.repeat)
    log("measuring case lists…")
    result["case_list"] = measure_case_list(args.repeat)
    log("measuring filing…")
    result["filing"] = measure_filing(args.repeat)
    log("measuring filing throughput…")
    result["throughput"] = measure_throughput(args.processes, args.seconds)
    if os.environ.get("REDIS_URL"):
        # The comparison with the code before the outbox needs its broker.
        log("measuring filing, outbox against broker publish…")
        result["filing_paths"] = measure_filing_paths(args.repeat)
        result["throughput_broker"] = measure_throughput(
            args.processes, args.seconds, path="broker"
        )
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
