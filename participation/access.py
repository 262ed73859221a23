"""Who may do what in party life, decided from positions (orgs.scoping) and
the caller's own member record. One place for each rule."""

from functools import reduce
from operator import or_

from django.db.models import Q

from orgs.access import covers, positions_of, scope_roots
from orgs.kinds import Role

R = Role
# Community and street staff keep the venues.
VENUE_KEEPERS = frozenset({R.COMMUNITY_STAFF, R.STREET_DISPATCHER, R.ADMIN})
# Who plans activities and records their attendance.
ORGANIZERS = frozenset(
    {
        R.GRID_LEADER,
        R.GRID_WORKER,
        R.BUILDING_LEADER,
        R.COMMUNITY_STAFF,
        R.STREET_DISPATCHER,
        R.ADMIN,
    }
)
# Grid staff and offices post, rate and cancel demands.
DEMAND_STAFF = frozenset(
    {
        R.GRID_LEADER,
        R.GRID_WORKER,
        R.INFO_OFFICER,
        R.SAFETY_SUPERVISOR,
        R.APPEARANCE_SUPERVISOR,
        R.BUILDING_LEADER,
        R.COMMUNITY_STAFF,
        R.STREET_DISPATCHER,
        R.ADMIN,
    }
)
# Offices that record the services done (纪实) of the members who serve there.
SERVICE_RECORDERS = frozenset({R.GRID_LEADER, R.COMMUNITY_STAFF, R.STREET_DISPATCHER, R.ADMIN})


def holds(user, roles, unit) -> bool:
    """Whether one of `user`'s positions with one of `roles` covers `unit`."""
    if not user or not user.is_authenticated or unit is None:
        return False
    if user.is_superuser:
        return True
    return any(p.role in roles and covers(p.unit, unit) for p in positions_of(user))


def has_any_role(user, roles) -> bool:
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or any(p.role in roles for p in positions_of(user))


def member_of(user):
    """The caller's own party-member record, or None."""
    if not user or not user.is_authenticated:
        return None
    from members.models import PartyMember

    cached = getattr(user, "_participation_member", False)
    if cached is False:
        cached = PartyMember.objects.select_related("dual_report").filter(user=user).first()
        user._participation_member = cached
    return cached


def member_places(member) -> tuple[set, set]:
    """(grids, communities) a member belongs to: their branch's, and the
    community they reported to where they live (双报到)."""
    grids, communities = set(), set()
    if member is None:
        return grids, communities
    if member.grid_id:
        grids.add(member.grid_id)
    if member.community_id:
        communities.add(member.community_id)
    report = getattr(member, "dual_report", None) if hasattr(member, "dual_report") else None
    if report is not None:
        communities.add(report.community_unit_id)
    return grids, communities


def near_member_q(member, grid_field="grid_id", community_field="community_id") -> Q:
    grids, communities = member_places(member)
    parts = []
    if grids:
        parts.append(Q(**{f"{grid_field}__in": grids}))
    if communities:
        parts.append(Q(**{f"{community_field}__in": communities}))
    return reduce(or_, parts) if parts else Q(pk__in=[])


def visible(queryset, user, *, member_q=None):
    """Rows of `queryset` (a PlacedQuerySet) the caller sees: their positions'
    subtrees, and for a party member the rows `member_q(member)` admits."""
    qs = queryset.visible_to(user) if scope_roots(user) else queryset.none()
    member = member_of(user)
    if member is not None and member_q is not None:
        qs = qs | queryset.filter(member_q(member))
    return qs
