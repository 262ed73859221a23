"""Who may take which action on a case now: the transition table joined with
the roles the caller holds over the case (`orgs.access.roles_over`)."""

from django.utils.translation import gettext as _

from orgs.access import roles_over
from orgs.kinds import UnitKind
from orgs.models import OrgUnit

from .models import LEVEL_OF_KIND, FinishedAt, Level, Status
from .transitions import ACTION_ROLES, FILING_ROLES, TRANSITIONS, USER_ACTIONS, Action


def may_file(user, grid: OrgUnit) -> bool:
    return bool(roles_over(user, grid) & FILING_ROLES)


def acting_units(case, action: str) -> list[OrgUnit]:
    """Where a position must sit to take `action`: above the responsible
    unit. Urging is also open to those above the case's place, so an office
    can chase a case it sent to a department outside its own subtree, and to
    the unit that supervises the case (督办)."""
    if action == Action.URGE:
        units = [case.responsible_unit, case.grid]
        if case.supervising_unit_id is not None:
            units.append(case.supervising_unit)
        return units
    if action == Action.DECIDE_EXTENSION:
        # The office of the waiting request; with none waiting, the office
        # that would decide one (so it hears "nothing to decide", not "no").
        pending = pending_extension(case)
        if pending is not None:
            return [pending.decider_unit]
        decider = OrgUnit.objects.filter(pk=extension_decider_id(case)).first()
        return [decider] if decider is not None else []
    return [case.responsible_unit]


def pending_extension(case):
    """The extension request waiting for a decision, or None (read once per
    case object)."""
    from .models import CaseExtension, ExtensionStatus

    if not hasattr(case, "_pending_extension"):
        case._pending_extension = (
            CaseExtension.objects.select_related("decider_unit")
            .filter(case_id=case.pk, status=ExtensionStatus.PENDING)
            .first()
        )
    return case._pending_extension


def extension_decider_id(case) -> int | None:
    """The office that decides an extension: the one that dispatched the case
    to where it is, else the unit above it."""
    from .models import CaseEvent

    events = getattr(case, "timeline", None)
    if events is not None:
        sent = [
            e
            for e in events
            if e.action == Action.DISPATCH
            and e.to_unit_id == case.responsible_unit_id
            and e.from_unit_id != case.responsible_unit_id
        ]
        dispatcher = max(sent, key=lambda e: (e.at, e.pk)).from_unit_id if sent else None
    else:
        dispatcher = (
            CaseEvent.objects.filter(
                case_id=case.pk, action=Action.DISPATCH, to_unit_id=case.responsible_unit_id
            )
            .exclude(from_unit_id=case.responsible_unit_id)
            .order_by("-at", "-id")
            .values_list("from_unit_id", flat=True)
            .first()
        )
    return dispatcher or case.responsible_unit.parent_id


def resolver_closing(user, case, action: str) -> bool:
    """The person who resolved a case does not record the resident's
    satisfaction with it (回访 is someone else's, or the resident's)."""
    return (
        action == Action.CLOSE
        and case.resolved_by_id is not None
        and (case.resolved_by_id == user.pk)
    )


def refusal(user, case, action: str) -> str:
    """Why `user` may not take `action` on `case` ("" when they may)."""
    if resolver_closing(user, case, action):
        return _(
            "You resolved this case, so the resident's satisfaction is recorded by "
            "someone else: the community's follow-up, another grid worker, or the "
            "resident."
        )
    if not role_may(user, case, action):
        return _("Your position may not take this action on this case.")
    return ""


def role_may(user, case, action: str) -> bool:
    allowed = ACTION_ROLES.get(action, frozenset())
    if resolver_closing(user, case, action):
        return False
    return any(roles_over(user, unit) & allowed for unit in acting_units(case, action))


def sender_unit_id(case) -> int | None:
    """The unit that sent the case to where it is now (the last dispatch or
    escalation into the responsible unit); `return` sends it back there."""
    from .models import CaseEvent

    events = getattr(case, "timeline", None)
    if events is not None:
        # A case read with its timeline (the detail): no need to ask again.
        sent = [
            e
            for e in events
            if e.action in (Action.DISPATCH, Action.ESCALATE)
            and e.to_unit_id == case.responsible_unit_id
            and e.from_unit_id != case.responsible_unit_id
        ]
        return max(sent, key=lambda e: (e.at, e.pk)).from_unit_id if sent else None
    return (
        CaseEvent.objects.filter(
            case_id=case.pk,
            action__in=[Action.DISPATCH, Action.ESCALATE],
            to_unit_id=case.responsible_unit_id,
        )
        .exclude(from_unit_id=case.responsible_unit_id)
        .order_by("-at", "-id")
        .values_list("from_unit_id", flat=True)
        .first()
    )


def guard_passes(case, action: str) -> bool:
    """Conditions beyond the status: there must be somewhere to go."""
    if action == Action.ESCALATE:
        return case.responsible_unit.parent_id is not None
    if action == Action.RETURN:
        return sender_unit_id(case) is not None
    if action == Action.REOPEN:
        return case.resolved_by_unit_id is not None
    if action == Action.REQUEST_EXTENSION:
        return pending_extension(case) is None and extension_decider_id(case) is not None
    if action == Action.DECIDE_EXTENSION:
        return pending_extension(case) is not None
    return True


def state_allows(case, action: str) -> bool:
    return (case.status, action) in TRANSITIONS and guard_passes(case, action)


def actions_allowed_by_state(case) -> list[str]:
    """The people's actions the case's status (and where it sits) allows."""
    return [a.value for a in USER_ACTIONS if state_allows(case, a)]


def actions_for_user(user, case) -> list[str]:
    """The actions `user` may take on `case` right now."""
    return [
        a.value
        for a in USER_ACTIONS
        if (case.status, a) in TRANSITIONS and role_may(user, case, a) and guard_passes(case, a)
    ]


def level_of(unit: OrgUnit) -> str:
    """How high in the tree a unit sits; a department counts as the level it
    hangs under (a street's department is street level)."""
    if unit.kind == UnitKind.DEPARTMENT:
        parent = unit.parent
        return level_of(parent) if parent is not None else Level.DISTRICT
    return LEVEL_OF_KIND.get(unit.kind, Level.GRID)


def finished_at_level(case) -> str:
    """Where a closed case was finished: the level of the unit that resolved
    it, or "department"; empty while it is not closed."""
    if case.status != Status.CLOSED or case.resolved_by_unit_id is None:
        return ""
    unit = case.resolved_by_unit
    if unit.kind == UnitKind.DEPARTMENT:
        return FinishedAt.DEPARTMENT
    return LEVEL_OF_KIND.get(unit.kind, Level.GRID)


def dispatch_targets(case):
    """Units a case may be dispatched to from its responsible unit: any
    street, community, grid or department below it, and the departments of
    its street and of the district."""
    from django.db.models import Q

    unit = case.responsible_unit
    above = list(unit.get_ancestors(include_self=True).values_list("pk", "kind"))
    department_parents = [pk for pk, kind in above if kind in (UnitKind.STREET, UnitKind.REGION)]
    below = Q(
        tree_id=unit.tree_id,
        lft__gt=unit.lft,
        rght__lt=unit.rght,
        kind__in=[UnitKind.STREET, UnitKind.COMMUNITY, UnitKind.GRID, UnitKind.DEPARTMENT],
    )
    departments = Q(kind=UnitKind.DEPARTMENT, parent_id__in=department_parents)
    return (
        OrgUnit.objects.filter(below | departments).exclude(pk=unit.pk).order_by("tree_id", "lft")
    )
