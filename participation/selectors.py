"""Reads of party life, each scoped to the caller: positions see their
subtrees; a party member sees what is near them (their branch, and the
community they reported to) and their own records."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from members.models import DualReport, PartyMember
from orgs.access import scope_roots

from .access import member_of, near_member_q, visible
from .models import (
    ATTENDED,
    ORG_LIFE_KINDS,
    Activity,
    ActivityStatus,
    Attendance,
    Demand,
    Presence,
    ServiceRecord,
    Signup,
    TeamMember,
    Venue,
    VolunteerTeam,
)


def activities_for(user):
    member = member_of(user)
    qs = visible(Activity.objects.all(), user, member_q=near_member_q).annotate(
        signup_count=Count("signups", distinct=True)
    )
    if member is not None:
        qs = qs.annotate(mine=Exists(Signup.objects.filter(activity=OuterRef("pk"), member=member)))
    return qs.select_related("organizer", "venue")


def venues_for(user):
    return Venue.objects.visible_to(user).prefetch_related("photos", "served")


def teams_for(user):
    return (
        VolunteerTeam.objects.visible_to(user)
        .annotate(hours=Sum("services__hours"))
        .prefetch_related("members__member")
    )


def services_for(user):
    return ServiceRecord.objects.visible_to(user).select_related("member")


def _demand_member_q(member):
    return near_member_q(member) | Q(claimed_member=member)


def demands_for(user):
    qs = visible(Demand.objects.all(), user, member_q=_demand_member_q)
    claimed_for_units = Demand.objects.filter(claimed_by=user)
    return (qs | claimed_for_units).distinct().select_related("grid")


def missed_org_life(branch, date_from, date_to) -> list[dict]:
    """The branch's members and the organizational life they missed in the
    period (activities of the branch and its party groups held then), with
    the reasons recorded."""
    activities = list(
        Activity.objects.in_subtree(branch)
        .filter(
            kind__in=ORG_LIFE_KINDS,
            status=ActivityStatus.HELD,
            starts_at__date__gte=date_from,
            starts_at__date__lte=date_to,
        )
        .values("pk", "organizer_id")
    )
    members = list(PartyMember.objects.in_subtree(branch).order_by("name", "pk"))
    if not members:
        return []
    by_org = defaultdict(list)
    for a in activities:
        by_org[a["organizer_id"]].append(a["pk"])
    seen = defaultdict(dict)
    for member_id, activity_id, presence in Attendance.objects.filter(
        activity_id__in=[a["pk"] for a in activities]
    ).values_list("member_id", "activity_id", "presence"):
        seen[member_id][activity_id] = presence
    rows = []
    for m in members:
        expected = by_org.get(branch.pk, []) + (
            by_org.get(m.unit_id, []) if m.unit_id != branch.pk else []
        )
        marks = seen.get(m.pk, {})
        attended = sum(1 for a in expected if marks.get(a) == Presence.PRESENT)
        online = sum(1 for a in expected if marks.get(a) == Presence.ONLINE)
        reasons = defaultdict(int)
        for a in expected:
            presence = marks.get(a)
            if presence not in ATTENDED:
                reasons[presence or Presence.ABSENT] += 1
        rows.append(
            {
                "member": m.pk,
                "name": m.name,
                "category": m.category,
                "expected": len(expected),
                "attended": attended,
                "online": online,
                "missed": len(expected) - attended - online,
                "reasons": dict(reasons),
            }
        )
    return rows


def my_activities(member, *, upcoming=True):
    now = timezone.now()
    qs = Activity.objects.filter(
        Q(signups__member=member) | Q(attendance__member=member)
    ).distinct()
    if upcoming:
        return qs.filter(ends_at__gte=now).order_by("starts_at")
    return qs.filter(ends_at__lt=now).order_by("-starts_at")


def team_hours(user, year: int):
    """The caller's teams with the hours served under them in `year` and
    their size (subqueries: two joins would multiply each other)."""
    hours = (
        ServiceRecord.objects.filter(team=OuterRef("pk"), on__year=year)
        .values("team")
        .annotate(h=Sum("hours"))
        .values("h")
    )
    size = (
        TeamMember.objects.filter(team=OuterRef("pk"))
        .values("team")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        VolunteerTeam.objects.visible_to(user)
        .select_related("unit")
        .annotate(year_hours=Subquery(hours), size=Subquery(size))
        .order_by("name", "id")
    )


def team_candidates(team):
    """Party members who may join the team: of its unit's subtree, or
    reported (双报到) to its community."""
    unit = team.unit
    reported = DualReport.objects.filter(community_unit_id__in=[unit.pk, unit.parent_id]).values(
        "member_id"
    )
    return (
        PartyMember.objects.filter(
            Q(pk__in=PartyMember.objects.in_subtree(unit).values("pk")) | Q(pk__in=reported)
        )
        .exclude(teams__team=team)
        .order_by("name", "pk")
    )


def team_member_hours(team, year: int) -> list[dict]:
    """Each person of the team (and anyone else who served under it) with
    the hours and services of `year`, most hours first."""
    served = {}
    for member_id, resident, hours, n in (
        ServiceRecord.objects.filter(team=team, on__year=year)
        .values("member_id", "resident_name")
        .annotate(h=Sum("hours"), n=Count("pk"))
        .values_list("member_id", "resident_name", "h", "n")
        .order_by()
    ):
        served[(member_id, "" if member_id else resident)] = (hours, n)
    rows = []
    seen = set()
    for person in team.members.select_related("member"):
        key = (person.member_id, "" if person.member_id else person.resident_name)
        seen.add(key)
        hours, n = served.get(key, (Decimal(0), 0))
        rows.append(
            {"name": str(person), "party_member": bool(person.member_id), "hours": hours, "n": n}
        )
    others = [k for k in served if k not in seen]
    names = dict(
        PartyMember.objects.filter(pk__in=[m for m, _r in others if m]).values_list("pk", "name")
    )
    for member_id, resident in others:
        hours, n = served[(member_id, resident)]
        rows.append(
            {
                "name": names.get(member_id, "") if member_id else resident,
                "party_member": bool(member_id),
                "hours": hours,
                "n": n,
                "outside": True,
            }
        )
    return sorted(rows, key=lambda r: (-r["hours"], r["name"]))


def team_total_hours(team, year: int):
    return ServiceRecord.objects.filter(team=team, on__year=year).aggregate(h=Sum("hours"))[
        "h"
    ] or Decimal(0)


def topics_for(user):
    """Deliberation topics where they were raised in the caller's subtree."""
    from .models import Topic

    return Topic.objects.visible_to(user).select_related("unit", "origin")


def weekly_reports_for(user):
    from .models import WeeklyReport

    return WeeklyReport.objects.visible_to(user).select_related("grid", "community")


def emergency_reports_for(user):
    from .models import EmergencyReport

    return EmergencyReport.objects.visible_to(user).select_related("unit", "sent_by")


def report_state(report, due, now) -> str:
    """submitted, late, returned, pending (not due yet) or missing."""
    if report is not None and report.status == "submitted":
        return "late" if report.late else "submitted"
    if report is not None and report.status == "returned":
        return "returned"
    return "missing" if now > due else "pending"


def weekly_table(unit, week, now=None) -> list[dict]:
    """Every grid under `unit` (a unit the caller sees) with its report of
    the week and where it stands."""
    from orgs.models import OrgUnit
    from orgs.scoping import subtree_q

    from .models import WeeklyReport
    from .services.weekly import due_at

    now = now or timezone.now()
    due = due_at(week)
    grids = list(
        OrgUnit.objects.filter(subtree_q(unit), kind="grid")
        .select_related("parent")
        .order_by("tree_id", "lft")
    )
    reports = {
        r.grid_id: r
        for r in WeeklyReport.objects.filter(week=week, grid__in=grids).select_related("grid")
    }
    rows = []
    for grid in grids:
        report = reports.get(grid.pk)
        rows.append(
            {
                "grid": grid,
                "community": grid.parent
                if grid.parent and grid.parent.kind == "community"
                else None,
                "report": report,
                "state": report_state(report, due, now),
            }
        )
    return rows


STATES = ("submitted", "late", "returned", "pending", "missing")


def weekly_summary(rows) -> list[dict]:
    """The table's rows counted per community (for a street and above)."""
    by = {}
    for row in rows:
        key = row["community"]
        entry = by.setdefault(
            key.pk if key else None,
            {"community": key, "grids": 0, **{s: 0 for s in STATES}},
        )
        entry["grids"] += 1
        entry[row["state"]] += 1
    return list(by.values())


def reports_for(user):
    """Dual reports the caller's positions see, and the caller's own."""
    qs = DualReport.objects.visible_to(user) if scope_roots(user) else DualReport.objects.none()
    member = member_of(user)
    if member is not None:
        qs = qs | DualReport.objects.filter(member=member)
    return qs.distinct()
