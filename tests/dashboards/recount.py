"""An independent recount of every dashboard figure from the raw rows (cases
and the tree), written without the rollups, to check the dashboard against."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Case, CaseCategory, Level, Satisfaction, Status
from orgs.kinds import UnitKind
from orgs.models import OrgUnit

K = UnitKind
COLUMN = {
    K.REGION: "region_id",
    K.STREET: "street_id",
    K.COMMUNITY: "community_id",
    K.GRID: "grid_id",
}


def _bounds(date_from, date_to):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(date_from, time.min), tz)
    end = timezone.make_aware(datetime.combine(date_to + timedelta(days=1), time.min), tz)
    return start, end


def _ratio(part, whole):
    """Half up to 0.1 %, counted in integers: (1000·part/whole + ½) floored."""
    if not whole:
        return None
    return ((2000 * part + whole) // (2 * whole)) / 1000


def _mean_hours(seconds, n):
    if not n:
        return None
    return ((20 * seconds + 3600 * n) // (7200 * n)) / 10


def subtree_cases(unit):
    column = COLUMN.get(unit.kind)
    if column is None:
        return Case.objects.none()
    return Case.objects.filter(**{column: unit.pk})


def cases(unit, date_from, date_to):
    start, end = _bounds(date_from, date_to)
    rows = subtree_cases(unit)
    cohort = rows.filter(reported_at__gte=start, reported_at__lt=end)
    valid = cohort.exclude(status=Status.CANCELLED)
    closing = rows.filter(status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end)
    reported = valid.count()
    closed = closing.count()
    cohort_closed = valid.filter(status=Status.CLOSED).count()
    self_handled = valid.filter(status=Status.CLOSED, self_handled=True).count()
    seconds = sum(
        max(0, int((c.closed_at - c.reported_at).total_seconds()))
        for c in closing.only("closed_at", "reported_at")
    )
    # Residents' answers on the period's cases: the closing one, and one
    # "unsatisfied" for every reopening.
    answered = valid.filter(status=Status.CLOSED)
    sat = answered.filter(satisfaction=Satisfaction.SATISFIED).count()
    basic = answered.filter(satisfaction=Satisfaction.BASICALLY).count()
    unsat = answered.filter(satisfaction=Satisfaction.UNSATISFIED).count() + sum(
        valid.values_list("reopen_count", flat=True)
    )
    on_time = closing.filter(closed_on_time=True).count()
    reopened = closing.filter(reopen_count__gt=0).count()
    return {
        "reported": reported,
        "cancelled": cohort.filter(status=Status.CANCELLED).count(),
        "self_handled": self_handled,
        "self_handled_share": _ratio(self_handled, reported),
        "escalated_community": valid.filter(escalated_level=Level.COMMUNITY).count(),
        "escalated_street": valid.filter(escalated_level=Level.STREET).count(),
        "escalated_district": valid.filter(escalated_level=Level.DISTRICT).count(),
        **{
            f"finished_{level}": closing.filter(finished_at_level=level).count()
            for level in ("grid", "community", "street", "district", "department")
        },
        "closed_of_reported": cohort_closed,
        "closure_rate": _ratio(cohort_closed, reported),
        "closed": closed,
        "closed_on_time": on_time,
        "on_time_rate": _ratio(on_time, closed),
        "mean_hours_to_close": _mean_hours(seconds, closed),
        "satisfied": sat,
        "basically_satisfied": basic,
        "unsatisfied": unsat,
        "satisfaction_rate": _ratio(sat + basic, sat + basic + unsat),
        "reopened": reopened,
        "reopen_rate": _ratio(reopened, closed),
    }


def by_category(unit, date_from, date_to):
    start, end = _bounds(date_from, date_to)
    rows = subtree_cases(unit)
    out = {}
    for top in CaseCategory.objects.filter(level=0):
        leaves = top.get_descendants(include_self=True)
        reported = (
            rows.filter(category__in=leaves, reported_at__gte=start, reported_at__lt=end)
            .exclude(status=Status.CANCELLED)
            .count()
        )
        closed = rows.filter(
            category__in=leaves, status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end
        ).count()
        if reported or closed:
            out[top.pk] = (reported, closed)
    return out


def trend(unit, date_from, date_to):
    rows = subtree_cases(unit)
    points = []
    week = date_from - timedelta(days=date_from.weekday())
    while week <= date_to:
        start, end = _bounds(max(week, date_from), min(week + timedelta(days=6), date_to))
        points.append(
            {
                "week": week.isoformat(),
                "reported": rows.filter(reported_at__gte=start, reported_at__lt=end)
                .exclude(status=Status.CANCELLED)
                .count(),
                "closed": rows.filter(
                    status=Status.CLOSED, closed_at__gte=start, closed_at__lt=end
                ).count(),
            }
        )
        week += timedelta(days=7)
    return points


def structure(unit):
    below = OrgUnit.objects.filter(tree_id=unit.tree_id, lft__gt=unit.lft, rght__lt=unit.rght)
    grids = below.filter(kind=K.GRID)
    if unit.kind == K.GRID:
        grids = OrgUnit.objects.filter(pk=unit.pk)
    out = {
        "streets": below.filter(kind=K.STREET).count(),
        "communities": below.filter(kind=K.COMMUNITY).count(),
        "grids": grids.count(),
        "party_groups": below.filter(kind=K.PARTY_GROUP).count(),
        "member_households": below.filter(kind=K.MEMBER_HOUSEHOLD).count(),
        "households": sum(g.households for g in grids),
        "population": sum(g.population for g in grids),
    }
    from grids.models import PartyBranch

    with_branch = PartyBranch.objects.filter(grid__in=grids).count()
    out["grids_with_branch"] = with_branch
    out["branch_coverage"] = _ratio(with_branch, out["grids"])
    return out


def people(unit):
    """Party members, grid staff and 一肩挑 in `unit`'s subtree, counted row by row."""
    from grids.models import PartyBranch
    from members.models import Category, PartyMember
    from orgs.kinds import Role
    from orgs.models import Position

    def in_subtree(prefix):
        return {
            f"{prefix}__tree_id": unit.tree_id,
            f"{prefix}__lft__gte": unit.lft,
            f"{prefix}__lft__lte": unit.rght,
        }

    members = list(PartyMember.objects.filter(**in_subtree("unit")))
    member_users = set(PartyMember.objects.exclude(user=None).values_list("user_id", flat=True))
    staff = {}
    for role in (Role.GRID_LEADER, Role.GRID_WORKER):
        positions = list(Position.objects.filter(role=role, **in_subtree("unit")))
        staff[role] = (len(positions), sum(1 for p in positions if p.user_id in member_users))
    grids = OrgUnit.objects.filter(
        kind=K.GRID, **{k[len("unit__") :]: v for k, v in in_subtree("unit").items()}
    )
    dual = 0
    for branch in PartyBranch.objects.filter(grid__in=grids).select_related("secretary"):
        secretary = branch.secretary
        if (
            secretary
            and secretary.user_id
            and Position.objects.filter(
                user_id=secretary.user_id, unit_id=branch.grid_id, role=Role.GRID_LEADER
            ).exists()
        ):
            dual += 1
    n_grids = grids.count()
    with_branch = PartyBranch.objects.filter(grid__in=grids).count()
    floating = sum(1 for m in members if m.category == Category.FLOATING)
    (leaders, leaders_members), (workers, workers_members) = (
        staff[Role.GRID_LEADER],
        staff[Role.GRID_WORKER],
    )
    return {
        "members": len(members),
        "members_by_category": [
            {
                "key": c.value,
                "label": str(c.label),
                "n": sum(1 for m in members if m.category == c.value),
            }
            for c in Category
        ],
        "floating_share": _ratio(floating, len(members)),
        "leaders": leaders,
        "leaders_members": leaders_members,
        "leaders_member_share": _ratio(leaders_members, leaders),
        "workers": workers,
        "workers_members": workers_members,
        "workers_member_share": _ratio(workers_members, workers),
        "dual_role": dual,
        "dual_role_share": _ratio(dual, n_grids),
        "grids_with_branch": with_branch,
        "branch_coverage": _ratio(with_branch, n_grids),
    }
