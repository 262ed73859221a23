"""Counter tables: rows of figures kept current by adding differences in the
writer's own transaction, and checked or rebuilt against a recount.

Each set of counter tables is a `Counters`: its tables (`Table`: a model, the
columns of its unique key, the counter columns) and a `recount()` that
computes every row from the source rows. The app that keeps the set says what
a change adds (a pure function of the rows it reads); this module does the
rest, the same way for every set:

- `add({table: {key: {counter: delta}}})`: one `INSERT … ON CONFLICT DO
  UPDATE SET c = c + EXCLUDED.c` per table, keys in sorted order, all tables
  in one round trip on PostgreSQL. Concurrent writers never lose an
  increment, and two transactions touching the same rows take them in the
  same order, so they cannot deadlock.
- `Counters.differences()`: the stored rows against a recount, one
  readable line per row that differs (a missing row counts as zeros); a set
  too large to recount in memory at once does it a part (`shards`) at a time.
- `Counters.rebuild()`: every row replaced by a recount, with writes to the
  source table held off on PostgreSQL while it runs.

The sets register themselves (`register`) when their app is ready;
`manage.py verify_counters [name …]` and `rebuild_counters [name …]` check and
rebuild them by name (`rollups`, `case_counts`, `people_counts`,
`member_points`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.management.base import CommandError
from django.db import connection, transaction

Rows = dict[tuple, dict[str, int]]


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: cheap as a dict key
class Table:
    """One counter table: `keys` are the attnames of its unique key, in order."""

    model: type
    keys: tuple[str, ...]
    counters: tuple[str, ...]
    label: str = ""  # how a difference line names the table

    def model_in(self, apps=None):
        return apps.get_model(self.model._meta.label) if apps is not None else self.model

    def describe(self, key: tuple) -> str:
        parts = [self.label] if self.label else []
        for column, value in zip(self.keys, key, strict=True):
            if value is None:
                continue
            if isinstance(value, bool):
                parts.append(column if value else f"not {column}")
            elif column.endswith("_id"):
                parts.append(f"{column.removesuffix('_id')} {value}")
            else:
                parts.append(str(value))
        return " ".join(parts)


def _order(key: tuple) -> tuple:
    # None sorts first, whatever the other values' type.
    return tuple((value is not None, value) for value in key)


def _upsert(table: Table, rows: Rows) -> tuple[str, list] | None:
    items = sorted(
        ((key, values) for key, values in rows.items() if any(values.values())),
        key=lambda item: _order(item[0]),
    )
    if not items:
        return None
    name = connection.ops.quote_name(table.model._meta.db_table)
    columns = [*table.keys, *table.counters]
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params = []
    for key, values in items:
        params.extend(key)
        params.extend(values.get(c, 0) for c in table.counters)
    sets = ", ".join(f"{c} = {name}.{c} + EXCLUDED.{c}" for c in table.counters)
    sql = (
        f"INSERT INTO {name} ({', '.join(columns)}) VALUES "
        + ", ".join([one] * len(items))
        + f" ON CONFLICT ({', '.join(table.keys)}) DO UPDATE SET {sets}"
    )
    return sql, params


def add(changes: dict[Table, Rows]) -> None:
    """Add each table's rows of differences to its stored rows (made where
    missing), tables in the order given. Rows of zeros are left out."""
    statements = [s for table, rows in changes.items() if (s := _upsert(table, rows))]
    if not statements:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(statements) > 1:
            cursor.execute(
                "; ".join(sql for sql, _ in statements),
                [p for _, params in statements for p in params],
            )
        else:
            for sql, params in statements:
                cursor.execute(sql, params)


def nonzero(rows: Rows) -> Rows:
    """`rows` without zero counters and rows of zeros (as stored rows compare)."""
    out = {}
    for key, values in rows.items():
        kept = {c: v for c, v in values.items() if v}
        if kept:
            out[key] = kept
    return out


def stored(table: Table, where=None) -> Rows:
    """Every row of `table` as stored (those matching the Q `where`), zeros
    left out."""
    out = {}
    rows = table.model.objects.all() if where is None else table.model.objects.filter(where)
    rows = rows.values_list(*table.keys, *table.counters).order_by()
    n = len(table.keys)
    for row in rows.iterator(chunk_size=5000):
        values = {c: v for c, v in zip(table.counters, row[n:], strict=True) if v}
        if values:
            out[tuple(row[:n])] = values
    return out


def diff(table: Table, expected: Rows, actual: Rows, default: int = 0) -> list[str]:
    """One line per key whose counters differ between `expected` (a recount)
    and `actual` (as stored); a missing row or counter counts as `default`."""
    problems = []
    for key in sorted(set(expected) | set(actual), key=_order):
        want, have = expected.get(key, {}), actual.get(key, {})
        detail = ", ".join(
            f"{c} stored {have.get(c, default)} counted {want.get(c, default)}"
            for c in table.counters
            if have.get(c, default) != want.get(c, default)
        )
        if detail:
            problems.append(f"{table.describe(key)}: {detail}")
    return problems


@dataclass
class Counters:
    """A set of counter tables kept from the same source rows.

    `recount()` returns {table: rows} computed from the source rows alone.
    A set too large to recount in memory at once gives `shards()`: parts
    that together cover every row, each with `q(table)` (a Q selecting its
    stored rows); `recount(shard)` then counts one part. A set filled by a
    migration takes `recount(apps)` (the migration's app registry).
    `source`: the model whose writes change these counters; a rebuild holds
    its writes off on PostgreSQL."""

    name: str
    noun: str  # "4 <noun> rows differ"
    tables: tuple[Table, ...]
    recount: Callable[..., dict[Table, Rows]]
    source: type | None = None
    shards: Callable[[], Iterable] | None = None
    help: str = field(default="")

    def _parts(self, apps=None) -> Iterable:
        if self.shards is None or apps is not None:
            return [None]
        return self.shards()

    def _recount(self, shard=None, apps=None) -> dict[Table, Rows]:
        if apps is not None:
            return self.recount(apps)
        return self.recount() if shard is None else self.recount(shard)

    def differences(self) -> list[str]:
        problems = []
        for shard in self._parts():
            counted = self._recount(shard)
            for table in self.tables:
                where = None if shard is None else shard.q(table)
                problems += diff(table, nonzero(counted.get(table, {})), stored(table, where))
        return problems

    def rebuild(self, apps=None) -> int:
        """Replace every row by a recount; returns the rows written."""
        written = 0
        with transaction.atomic():
            if self.source is not None and connection.vendor == "postgresql":
                name = connection.ops.quote_name(self.source._meta.db_table)
                with connection.cursor() as cursor:
                    cursor.execute(f"LOCK TABLE {name} IN SHARE MODE")
            # The parts are taken before the rows go: they may be bounded by them.
            parts = list(self._parts(apps))
            for table in self.tables:
                table.model_in(apps).objects.all().delete()
            for shard in parts:
                counted = self._recount(shard, apps)
                for table in self.tables:
                    model = table.model_in(apps)
                    rows = counted.get(table, {})
                    model.objects.bulk_create(
                        [
                            model(
                                **dict(zip(table.keys, key, strict=True)),
                                **{c: values.get(c, 0) for c in table.counters},
                            )
                            for key, values in rows.items()
                        ],
                        batch_size=2000,
                    )
                    written += len(rows)
        return written


_REGISTRY: dict[str, object] = {}


def register(counters):
    """Make a set known to `verify_counters` / `rebuild_counters`. Anything
    with `name`, `noun`, `help`, `differences()` and `rebuild()` will do."""
    _REGISTRY[counters.name] = counters
    return counters


def registered() -> dict[str, object]:
    return dict(sorted(_REGISTRY.items()))


def named(names) -> dict[str, object]:
    """The sets called `names` (every set when none), in the order given."""
    unknown = [n for n in names if n not in _REGISTRY]
    if unknown:
        raise CommandError(
            f"No counter set called {', '.join(unknown)}; the sets are {', '.join(registered())}."
        )
    return {n: _REGISTRY[n] for n in names} if names else registered()
