"""Keeping the participation rollup current as party life is recorded.

A row's contribution is a pure function of its own fields: a held activity
adds to the day it started (held, members expected and attending, residents),
a service to its day (volunteer or dual-report hours), a demand to the days
it was posted, claimed and done. Each write takes a snapshot before and after
and adds the difference to the rows of every unit the record counts for (its
region, street, community and grid, and the party group that organized or
hosted it) with `grid_gov.counters.add`, in the write's own transaction.
`PARTY_ROLLUPS` is the set `verify_counters party_rollups` checks against a
recount from the raw rows and `rebuild_counters party_rollups` rebuilds.
"""

from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from grid_gov import counters
from grid_gov.counters import Table

from .models import Activity, ActivityStatus, Demand, ServiceKind, ServiceRecord
from .models.rollups import COUNTERS, PartyDayRollup

UNIT_FIELDS = ("region_id", "street_id", "community_id", "grid_id")
ACTIVITY_FIELDS = (*UNIT_FIELDS, "organizer_id", "status", "kind", "starts_at", "expected")
ACTIVITY_FIELDS = (*ACTIVITY_FIELDS, "attended", "residents")
SERVICE_FIELDS = (*UNIT_FIELDS, "unit_id", "kind", "on", "hours")
DEMAND_FIELDS = (*UNIT_FIELDS, "posted_at", "claimed_at", "done_at")
VOLUNTEER = (ServiceKind.VOLUNTEER, ServiceKind.PIONEER)

DAY = Table(PartyDayRollup, ("unit_id", "day", "kind"), COUNTERS, "party")


def _day(moment):
    return timezone.localtime(moment).date()


def _tenths(hours) -> int:
    return int(Decimal(hours) * 10)


def _units(values, anchor):
    ids = [values[f] for f in UNIT_FIELDS if values[f] is not None]
    if values.get(anchor) is not None and values[anchor] not in ids:
        ids.append(values[anchor])
    return ids


def activity_parts(v):
    if v["status"] != ActivityStatus.HELD:
        return []
    figures = {
        "held": 1,
        "expected": v["expected"],
        "attended": v["attended"],
        "residents": v["residents"],
    }
    return [(_units(v, "organizer_id"), _day(v["starts_at"]), v["kind"], figures)]


def service_parts(v):
    tenths = _tenths(v["hours"])
    if v["kind"] in VOLUNTEER:
        figures = {"volunteer_tenths": tenths}
    elif v["kind"] == ServiceKind.PLEDGE:
        figures = {"dual_services": 1, "dual_tenths": tenths}
    else:
        return []
    return [(_units(v, "unit_id"), v["on"], "", figures)]


def demand_parts(v):
    units = _units(v, "grid_id")
    parts = [(units, _day(v["posted_at"]), "", {"demands_posted": 1})]
    if v["claimed_at"] is not None:
        wait = max(0, int((v["claimed_at"] - v["posted_at"]).total_seconds()))
        parts.append(
            (units, _day(v["claimed_at"]), "", {"demands_claimed": 1, "claim_seconds": wait})
        )
    if v["done_at"] is not None:
        parts.append((units, _day(v["done_at"]), "", {"demands_done": 1}))
    return parts


KINDS = {
    "Activity": (ACTIVITY_FIELDS, activity_parts),
    "ServiceRecord": (SERVICE_FIELDS, service_parts),
    "Demand": (DEMAND_FIELDS, demand_parts),
}


def snapshot(row) -> dict:
    fields, _parts = KINDS[type(row).__name__]
    return {f: getattr(row, f) for f in fields}


def _add(out, model, values, sign):
    _fields, parts = KINDS[model.__name__]
    for units, day, kind, figures in parts(values):
        for unit in units:
            row = out[(unit, day, kind)]
            for name, n in figures.items():
                row[name] += sign * n


def changed(model, before=(), after=()) -> None:
    """Add the difference between the snapshots `before` and `after` (lists
    of rows of `model` as `snapshot` took them) to the rollup."""
    out = defaultdict(lambda: defaultdict(int))
    for values in before:
        _add(out, model, values, -1)
    for values in after:
        _add(out, model, values, +1)
    rows = counters.nonzero(out)
    if rows:
        counters.add({DAY: rows})


def recount(apps=None) -> dict:
    """Every rollup row from the raw rows (`apps`: a migration's registry)."""
    get = apps.get_model if apps is not None else None
    activity = get("participation", "Activity") if get else Activity
    service = get("participation", "ServiceRecord") if get else ServiceRecord
    demand = get("participation", "Demand") if get else Demand
    out = defaultdict(lambda: defaultdict(int))
    sources = (
        (activity, activity.objects.filter(status=ActivityStatus.HELD)),
        (service, service.objects.all()),
        (demand, demand.objects.all()),
    )
    for model, qs in sources:
        fields, _parts = KINDS[model.__name__]
        for values in qs.values(*fields).order_by().iterator(chunk_size=5000):
            _add(out, model, values, +1)
    return {DAY: counters.nonzero(out)}


PARTY_ROLLUPS = counters.register(
    counters.Counters(
        name="party_rollups",
        noun="participation rollup",
        help="the dashboards' participation figures, recounted from activities, services "
        "and demands",
        tables=(DAY,),
        recount=recount,
    )
)
