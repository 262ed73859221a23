"""The participation figures of a unit over a period, as the dashboards read
them: activities held by kind, organizational-life attendance, volunteer
hours, the demands board, and dual-reported members with their services.

Each figure is summed from the participation rollup (participation.rollups:
per unit, day and activity kind, kept in the writes' own transactions), one
grouped query for a node and all its children whatever the size of the
subtree; the dual-reported members are counted from their reports. A party
group counts the activities it organized itself and the services done there.

A rate whose denominator is zero is None (no figure), never 0.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from grid_gov.figures import mean, one_place, rate
from members.models import DualReport
from orgs.kinds import UnitKind

from .models import ORG_LIFE_KINDS, ActivityKind
from .models.rollups import COUNTERS, PartyDayRollup

K = UnitKind
COLUMNS = {
    K.REGION: "region_id",
    K.STREET: "street_id",
    K.COMMUNITY: "community_id",
    K.GRID: "grid_id",
}
KEYS = (
    "activities_held",
    "org_life_held",
    "org_life_expected",
    "org_life_attended",
    "participations",
    "volunteer_hours",
    "demands_posted",
    "demands_claimed",
    "demands_done",
    "claim_seconds",
    "dual_reported",
    "dual_services",
    "dual_service_hours",
)


def bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """The period's local days as aware moments: [first midnight, after the last)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(date_from, time.min, tzinfo=tz)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


def _by_column(units, columns):
    groups = defaultdict(list)
    for u in units:
        column = columns.get(u.kind)
        if column:
            groups[column].append(u.pk)
    return groups


def counts_of(units, date_from: date, date_to: date) -> dict[int, dict]:
    """The raw counts per unit: {unit id: {key: n, "by_kind": {kind: n}}},
    summed from the rollup's days (participation.rollups)."""
    out = {u.pk: {**dict.fromkeys(KEYS, 0), "by_kind": {}} for u in units}
    sums = {c: Sum(c) for c in COUNTERS}
    rows = (
        PartyDayRollup.objects.filter(unit_id__in=list(out), day__gte=date_from, day__lte=date_to)
        .values("unit_id", "kind")
        .annotate(**{f"s_{c}": s for c, s in sums.items()})
        .order_by()
    )
    for r in rows:
        row = out[r["unit_id"]]
        kind = r["kind"]
        if kind:
            held = r["s_held"]
            if held:
                row["by_kind"][kind] = held
            row["activities_held"] += held
            row["participations"] += r["s_attended"] + r["s_residents"]
            if kind in ORG_LIFE_KINDS:
                row["org_life_held"] += held
                row["org_life_expected"] += r["s_expected"]
                row["org_life_attended"] += r["s_attended"]
        row["volunteer_hours"] += Decimal(r["s_volunteer_tenths"]) / 10
        row["dual_service_hours"] += Decimal(r["s_dual_tenths"]) / 10
        row["dual_services"] += r["s_dual_services"]
        for key in ("demands_posted", "demands_claimed", "demands_done", "claim_seconds"):
            row[key] += r[f"s_{key}"]

    for u in units:
        if u.kind not in COLUMNS or u.kind == K.GRID:
            out[u.pk]["dual_reported"] = None  # reports go to communities
    for column, ids in _by_column(units, COLUMNS).items():
        if column == "grid_id":
            continue
        reports = (
            DualReport.objects.filter(**{f"{column}__in": ids})
            .values(column)
            .annotate(n=Count("pk"))
            .values_list(column, "n")
            .order_by()
        )
        for unit_id, n in reports:
            out[unit_id]["dual_reported"] = n
    return out


def figures(c: dict) -> dict:
    """The figures a person reads, from a unit's counts."""
    by_kind = [
        {"kind": k.value, "label": str(k.label), "n": c["by_kind"].get(k.value, 0)}
        for k in ActivityKind
    ]
    claimed = c["demands_claimed"]
    return {
        "activities_held": c["activities_held"],
        "activities_by_kind": by_kind,
        "org_life_held": c["org_life_held"],
        "org_life_expected": c["org_life_expected"],
        "org_life_attended": c["org_life_attended"],
        "org_life_attendance_rate": rate(c["org_life_attended"], c["org_life_expected"]),
        "participations": c["participations"],
        "volunteer_hours": one_place(c["volunteer_hours"]),
        "demands_posted": c["demands_posted"],
        "demands_claimed": claimed,
        "demands_done": c["demands_done"],
        "mean_days_to_claim": mean(c["claim_seconds"], claimed, per=86400),
        "dual_reported_members": c["dual_reported"],
        "dual_services": c["dual_services"],
        "dual_service_hours": one_place(c["dual_service_hours"]),
    }


def participation_of(units, date_from: date, date_to: date) -> dict[int, dict]:
    return {pk: figures(c) for pk, c in counts_of(units, date_from, date_to).items()}


def assessment_counts(units, date_from: date, date_to: date) -> dict[int, dict]:
    """For the quarterly assessment: per grid or party group, the activities
    held and the organizational-life attendance (a percentage; missing when
    no organizational life was held)."""
    counts = counts_of(units, date_from, date_to)
    out = {}
    for pk, c in counts.items():
        row = {"activities": c["activities_held"]}
        share = rate(c["org_life_attended"], c["org_life_expected"])
        if share is not None:
            row["org_life_attendance"] = one_place(share * 100)
        out[pk] = row
    return out


__all__ = ["assessment_counts", "bounds", "counts_of", "figures", "participation_of", "rate"]
