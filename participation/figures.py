"""The participation figures of a unit over a period, as the dashboards read
them: activities held by kind, organizational-life attendance, volunteer
hours, the demands board, and dual-reported members with their services.

Each figure is counted per unit from the rows' copied ancestor columns (an
indexed equality, one grouped query per table and level), so a node and its
children cost a handful of queries whatever the size of the subtree. A
party group counts the activities it organized itself.

A rate whose denominator is zero is None (no figure), never 0.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from grid_gov.figures import mean, one_place, rate
from members.models import DualReport
from orgs.kinds import UnitKind

from .models import (
    ORG_LIFE_KINDS,
    Activity,
    ActivityKind,
    ActivityStatus,
    Demand,
    ServiceKind,
    ServiceRecord,
)

K = UnitKind
COLUMNS = {
    K.REGION: "region_id",
    K.STREET: "street_id",
    K.COMMUNITY: "community_id",
    K.GRID: "grid_id",
}
ACTIVITY_COLUMNS = {**COLUMNS, K.PARTY_GROUP: "organizer_id"}
SERVICE_COLUMNS = {**COLUMNS, K.PARTY_GROUP: "unit_id"}
VOLUNTEER_KINDS = (ServiceKind.VOLUNTEER, ServiceKind.PIONEER)
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
    """The raw counts per unit: {unit id: {key: n, "by_kind": {kind: n}}}."""
    start, end = bounds(date_from, date_to)
    out = {u.pk: {**dict.fromkeys(KEYS, 0), "by_kind": {}} for u in units}
    for u in units:
        if u.kind not in COLUMNS:
            out[u.pk]["dual_reported"] = None  # reports go to communities

    for column, ids in _by_column(units, ACTIVITY_COLUMNS).items():
        held = Activity.objects.filter(
            **{f"{column}__in": ids},
            status=ActivityStatus.HELD,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        for unit_id, kind, n, expected, attended, residents in (
            held.values(column, "kind")
            .annotate(n=Count("pk"), e=Sum("expected"), a=Sum("attended"), r=Sum("residents"))
            .values_list(column, "kind", "n", "e", "a", "r")
            .order_by()
        ):
            row = out[unit_id]
            row["by_kind"][kind] = n
            row["activities_held"] += n
            row["participations"] += int(attended or 0) + int(residents or 0)
            if kind in ORG_LIFE_KINDS:
                row["org_life_held"] += n
                row["org_life_expected"] += int(expected or 0)
                row["org_life_attended"] += int(attended or 0)

    for column, ids in _by_column(units, SERVICE_COLUMNS).items():
        services = ServiceRecord.objects.filter(
            **{f"{column}__in": ids}, on__gte=date_from, on__lte=date_to
        )
        for unit_id, volunteer, dual, dual_n in (
            services.values(column)
            .annotate(
                v=Sum("hours", filter=Q(kind__in=VOLUNTEER_KINDS)),
                d=Sum("hours", filter=Q(kind=ServiceKind.PLEDGE)),
                dn=Count("pk", filter=Q(kind=ServiceKind.PLEDGE)),
            )
            .values_list(column, "v", "d", "dn")
            .order_by()
        ):
            row = out[unit_id]
            row["volunteer_hours"] = Decimal(volunteer or 0)
            row["dual_service_hours"] = Decimal(dual or 0)
            row["dual_services"] = dual_n

    for column, ids in _by_column(units, COLUMNS).items():
        demands = Demand.objects.filter(**{f"{column}__in": ids})
        for key, moment in (
            ("demands_posted", "posted_at"),
            ("demands_claimed", "claimed_at"),
            ("demands_done", "done_at"),
        ):
            rows = (
                demands.filter(**{f"{moment}__gte": start, f"{moment}__lt": end})
                .values(column)
                .annotate(n=Count("pk"))
                .values_list(column, "n")
                .order_by()
            )
            for unit_id, n in rows:
                out[unit_id][key] = n
        waits = (
            demands.filter(claimed_at__gte=start, claimed_at__lt=end)
            .values_list(column, "posted_at", "claimed_at")
            .order_by()
        )
        for unit_id, posted, claimed in waits:
            out[unit_id]["claim_seconds"] += max(0, int((claimed - posted).total_seconds()))

        if column == "grid_id":
            for unit_id in ids:
                out[unit_id]["dual_reported"] = None
        else:
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
