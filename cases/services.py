"""Writes of the case loop: filing and every action of the transition table.

Each action is one transaction: the case row is locked, the version the
caller saw is compared, the role and the status are checked against
`cases.transitions`, the row is written with the next version, the event is
appended, `case_changed` is sent, and notifications are enqueued to run
after commit. Views and serializers call these; nothing else changes status.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.access import roles_over
from orgs.kinds import UnitKind
from orgs.models import OrgUnit
from orgs.scoping import ancestor_ids, subtree_q

from . import rules
from .counts import move_grid_counts
from .deadlines import deadline_missed, deadline_times, grace
from .errors import ActionNotAllowed, StaleVersion
from .models import (
    LEVEL_RANK,
    Case,
    CaseCategory,
    CaseEvent,
    Level,
    NotificationKind,
    Satisfaction,
    Source,
    Status,
    Urgency,
)
from .notify import notify_later
from .numbering import case_number_next
from .photos import files_removed_on_error, prepare_photos, save_photos
from .signals import case_changed, case_snapshot
from .transitions import SYSTEM_ACTIONS, Action, logged_action, next_status

LIMITS = {
    "title": 100,
    "description": 2000,
    "address": 200,
    "resident_name": 50,
    "resident_phone": 20,
    "note": 2000,
    "result": 2000,
    "feedback": 1000,
    "reason": 2000,
}


def _check_text(errors: dict, field: str, value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(_("This field is required."))
    elif len(value) > LIMITS[field]:
        errors.setdefault(field, []).append(
            _("At most %(n)d characters, please.") % {"n": LIMITS[field]}
        )
    return value


def _raise(errors: dict):
    if errors:
        raise ValidationError(errors)


def _higher_level(current: str, unit: OrgUnit) -> str:
    new = rules.level_of(unit)
    return new if LEVEL_RANK[Level(new)] > LEVEL_RANK[Level(current)] else current


# --- filing -----------------------------------------------------------------


def case_file(
    *,
    user,
    title: str,
    description: str,
    category: CaseCategory,
    grid: OrgUnit,
    urgency: str = Urgency.NORMAL,
    source: str = Source.GRID_PATROL,
    address: str = "",
    latitude=None,
    longitude=None,
    photos=(),
    resident_name: str = "",
    resident_phone: str = "",
    at: datetime | None = None,
    visit=None,
) -> Case:
    """File a case at a grid the user covers. `at` backdates it (imports).
    `visit`: the household visit that found the problem (one per visit)."""
    errors: dict = {}
    title = _check_text(errors, "title", title, required=True)
    description = _check_text(errors, "description", description, required=True)
    address = _check_text(errors, "address", address, required=False)
    resident_name = _check_text(errors, "resident_name", resident_name, required=False)
    resident_phone = _check_text(errors, "resident_phone", resident_phone, required=False)
    if category is None or not category.active or not category.is_leaf_node():
        errors["category"] = [_("Choose a category with no subcategories.")]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("Choose a valid urgency.")]
    if source not in Source.values:
        errors["source"] = [_("Choose a valid source.")]
    if latitude is not None and not -90 <= latitude <= 90:
        errors["latitude"] = [_("Latitude lies between -90 and 90.")]
    if longitude is not None and not -180 <= longitude <= 180:
        errors["longitude"] = [_("Longitude lies between -180 and 180.")]
    if grid is None or grid.kind != UnitKind.GRID or not roles_over(user, grid):
        errors["grid"] = [_("Choose a grid in your area.")]
    if visit is not None:
        if grid is not None and visit.grid_id != grid.pk:
            errors["visit"] = [_("The visit was made in another grid.")]
        else:
            filed = Case.objects.filter(visit_id=visit.pk).only("number").first()
            if filed is not None:
                errors["visit"] = [
                    _("Case %(number)s was already filed from this visit.")
                    % {"number": filed.number}
                ]
    _raise(errors)
    if not rules.may_file(user, grid):
        raise PermissionDenied(_("Your position does not file cases."))
    prepared = prepare_photos(photos)

    now = at or timezone.now()
    # Root first: the district (or a street standing alone) names the numbers.
    chain = list(
        grid.get_ancestors(include_self=True).only("id", "name", "kind", "code", "parent_id")
    )
    ids = ancestor_ids(grid, chain=chain)
    by_id = {u.pk: u for u in chain}
    number = case_number_next(code=chain[0].code, year=timezone.localtime(now).year)
    due_at, remind_at = deadline_times(category=category, urgency=urgency, start=now)

    with files_removed_on_error() as saved, transaction.atomic():
        case = Case.objects.create(
            number=number,
            title=title,
            description=description,
            category=category,
            urgency=urgency,
            source=source,
            status=Status.REPORTED,
            grid=grid,
            community=by_id.get(ids[UnitKind.COMMUNITY]),
            street=by_id.get(ids[UnitKind.STREET]),
            region_id=ids[UnitKind.REGION],
            address=address,
            latitude=latitude,
            longitude=longitude,
            responsible_unit=grid,
            highest_level=Level.GRID,
            reporter=user,
            resident_name=resident_name,
            resident_phone=resident_phone,
            reported_at=now,
            due_at=due_at,
            remind_at=remind_at,
            visit=visit,
        )
        event = CaseEvent.objects.create(
            case=case,
            action=Action.FILE,
            actor=user,
            at=now,
            from_unit=grid,
            to_unit=grid,
            to_status=Status.REPORTED,
        )
        rows = save_photos(case=case, event=event, photos=prepared, saved=saved)
        case_changed.send(sender=Case, case=case, event=event, before=None)
        notify_later(event=event, kind=NotificationKind.NEW)
        if urgency == Urgency.EMERGENCY:
            notify_later(event=event, kind=NotificationKind.EMERGENCY)
    # The case comes back with what it was filed with, so the answer needs
    # no second read (see selectors.case_with_details).
    case.timeline, case.photo_list = [event], rows
    return case


# --- actions ----------------------------------------------------------------


def _act(
    *,
    case: Case,
    user,
    action: str,
    version,
    apply,
    note: str = "",
    photos=(),
    at: datetime | None = None,
) -> Case:
    """The frame of every action. `apply(locked, now)` changes the locked case
    and returns (to_unit, outcome, notify_kind): where the case goes, the
    outcome when the table has a row of its own for it (else None), and whom
    to tell. `user` None is the system (the deadline scan), which may take
    only the system's actions."""
    now = at or timezone.now()
    with files_removed_on_error() as saved, transaction.atomic():
        # The case row alone, and no join in the locking query: while we wait
        # for another action's lock, that action may move the case, and
        # PostgreSQL re-checks a joined row against the new responsible unit
        # and drops it (the loser would find no case). Locked alone, the row
        # always comes back, in its new version, and the loser gets 409. The
        # two units it points at are read after, in one query.
        locked = Case.objects.select_for_update().get(pk=case.pk)
        units = OrgUnit.objects.in_bulk({locked.responsible_unit_id, locked.grid_id})
        locked.responsible_unit = units[locked.responsible_unit_id]
        locked.grid = units[locked.grid_id]
        try:
            seen = int(version)
        except (TypeError, ValueError):
            raise ValidationError({"version": [_("Give the version you saw.")]}) from None
        if seen != locked.version:
            raise StaleVersion(
                status=locked.status,
                allowed=rules.actions_allowed_by_state(locked),
                version=locked.version,
            )
        if user is None:
            if action not in SYSTEM_ACTIONS:
                raise PermissionDenied(_("Your position may not take this action on this case."))
        else:
            refusal = rules.refusal(user, locked, action)
            if refusal:
                raise PermissionDenied(refusal)
        if not rules.state_allows(locked, action):
            raise ActionNotAllowed(
                status=locked.status,
                allowed=rules.actions_allowed_by_state(locked),
                version=locked.version,
            )
        before = case_snapshot(locked)
        # A deadline passed before this action stays missed, whatever the
        # action does to the deadline.
        deadline_missed(locked, now)
        from_unit = locked.responsible_unit
        from_status = locked.status
        to_unit, outcome, notify_kind = apply(locked, now)
        # What the rules read and cached before the action is stale now.
        locked.__dict__.pop("_pending_extension", None)
        locked.status = next_status(from_status, action, outcome)
        if to_unit is not None and to_unit.pk != from_unit.pk:
            locked.responsible_unit = to_unit
            locked.highest_level = _higher_level(locked.highest_level, to_unit)
            # Only an escalation goes up: a dispatch, even to a district
            # department, is not one.
            if action == Action.ESCALATE:
                locked.escalated_level = _higher_level(locked.escalated_level, to_unit)
        locked.finished_at_level = rules.finished_at_level(locked)
        locked.version += 1
        locked.save()
        event = CaseEvent.objects.create(
            case=locked,
            action=logged_action(from_status, action, outcome),
            actor=user,
            at=now,
            from_unit=from_unit,
            to_unit=locked.responsible_unit,
            from_status=from_status,
            to_status=locked.status,
            note=note() if callable(note) else note,
        )
        save_photos(case=locked, event=event, photos=photos, saved=saved)
        case_changed.send(sender=Case, case=locked, event=event, before=before)
        if notify_kind:
            notify_later(event=event, kind=notify_kind)
    return locked


def _restart_deadline(case: Case, now) -> None:
    """A fresh deadline from now (dispatch, reopen): a new stint, whose
    reminder, overdue mark and supervision start over. `was_overdue` stays
    (see `deadlines.deadline_missed`)."""
    case.due_at, case.remind_at = deadline_times(
        category=case.category, urgency=case.urgency, start=now
    )
    case.reminded_at = None
    case.overdue_at = None
    case.supervised_at = None


def case_accept(*, case: Case, user, version, note: str = "", at=None) -> Case:
    errors: dict = {}
    note = _check_text(errors, "note", note, required=False)
    _raise(errors)

    def apply(c, now):
        c.accepted_at = c.accepted_at or now
        return None, None, None

    return _act(
        case=case, user=user, action=Action.ACCEPT, version=version, apply=apply, note=note, at=at
    )


def case_escalate(*, case: Case, user, version, note: str, at=None) -> Case:
    """Send the case to the parent of its responsible unit (上报)."""
    errors: dict = {}
    note = _check_text(errors, "note", note, required=True)
    _raise(errors)

    def apply(c, now):
        return c.responsible_unit.parent, None, NotificationKind.ESCALATED

    return _act(
        case=case,
        user=user,
        action=Action.ESCALATE,
        version=version,
        apply=apply,
        note=note,
        at=at,
    )


def case_dispatch(*, case: Case, user, version, to_unit: OrgUnit, note: str = "", at=None) -> Case:
    """Send the case down to a unit below or to a department (派单), with a
    fresh deadline."""
    errors: dict = {}
    note = _check_text(errors, "note", note, required=False)
    if to_unit is None:
        errors["to_unit"] = [_("Choose the unit to dispatch to.")]
    _raise(errors)

    def apply(c, now):
        if not rules.dispatch_targets(c).filter(pk=to_unit.pk).exists():
            raise ValidationError(
                {"to_unit": [_("The case cannot be dispatched to this unit from here.")]}
            )
        _restart_deadline(c, now)
        return to_unit, None, NotificationKind.DISPATCHED

    return _act(
        case=case,
        user=user,
        action=Action.DISPATCH,
        version=version,
        apply=apply,
        note=note,
        at=at,
    )


def case_return(*, case: Case, user, version, note: str, at=None) -> Case:
    """Send the case back to the unit that sent it here, with the reason."""
    errors: dict = {}
    note = _check_text(errors, "note", note, required=True)
    _raise(errors)

    def apply(c, now):
        sender = OrgUnit.objects.get(pk=rules.sender_unit_id(c))
        return sender, None, NotificationKind.RETURNED

    return _act(
        case=case, user=user, action=Action.RETURN, version=version, apply=apply, note=note, at=at
    )


def case_resolve(*, case: Case, user, version, result: str, photos=(), at=None) -> Case:
    """Record the result (and after-photos). A department hands the resolved
    case back to whoever dispatched it, who checks with the resident."""
    errors: dict = {}
    result = _check_text(errors, "result", result, required=True)
    _raise(errors)
    prepared = prepare_photos(photos)

    def apply(c, now):
        c.result = result
        c.resolved_at = now
        c.resolved_by_unit = c.responsible_unit
        c.resolved_by = user
        to_unit, kind = None, None
        if c.responsible_unit.kind == UnitKind.DEPARTMENT:
            sender_id = rules.sender_unit_id(c)
            if sender_id is not None:
                to_unit, kind = OrgUnit.objects.get(pk=sender_id), NotificationKind.RESOLVED
        return to_unit, None, kind

    return _act(
        case=case,
        user=user,
        action=Action.RESOLVE,
        version=version,
        apply=apply,
        note=result,
        photos=prepared,
        at=at,
    )


def _self_handled(case: Case) -> bool:
    """Finished without ever leaving its grid (自办自结)."""
    if case.highest_level != Level.GRID:
        return False
    return (
        not CaseEvent.objects.filter(case_id=case.pk)
        .exclude(to_unit_id=case.grid_id)
        .exclude(to_unit__isnull=True)
        .exists()
    )


def _reopen(c: Case, now) -> OrgUnit:
    c.reopen_count += 1
    c.closed_at = None
    c.closed_on_time = None
    c.self_handled = False
    c.resolved_at = None
    _restart_deadline(c, now)
    return c.resolved_by_unit


def case_close(
    *, case: Case, user, version, satisfaction: str, feedback: str = "", at=None
) -> Case:
    """Close with the resident's satisfaction. "Unsatisfied" does not close:
    it reopens the case to the unit that resolved it and counts that."""
    errors: dict = {}
    feedback = _check_text(errors, "feedback", feedback, required=False)
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = [_("Choose the resident's satisfaction.")]
    _raise(errors)

    def apply(c, now):
        c.satisfaction = satisfaction
        c.feedback = feedback
        if satisfaction == Satisfaction.UNSATISFIED:
            # Its own row of the table: the case is reopened.
            return _reopen(c, now), satisfaction, NotificationKind.REOPENED
        c.closed_at = now
        # On time: closed and no deadline of any stint ever missed.
        c.closed_on_time = not c.was_overdue
        c.self_handled = _self_handled(c)
        return None, satisfaction, NotificationKind.CLOSED

    note = feedback
    if satisfaction == Satisfaction.UNSATISFIED:
        note = _("The resident is unsatisfied: %(feedback)s") % {"feedback": feedback or "—"}
    return _act(
        case=case, user=user, action=Action.CLOSE, version=version, apply=apply, note=note, at=at
    )


def case_reopen(*, case: Case, user, version, note: str, at=None) -> Case:
    errors: dict = {}
    note = _check_text(errors, "note", note, required=True)
    _raise(errors)

    def apply(c, now):
        return _reopen(c, now), None, NotificationKind.REOPENED

    return _act(
        case=case, user=user, action=Action.REOPEN, version=version, apply=apply, note=note, at=at
    )


def case_cancel(*, case: Case, user, version, reason: str, at=None) -> Case:
    """Cancel as invalid (a duplicate is merged instead: `merging.case_merge`).
    The reporter hears of it."""
    errors: dict = {}
    reason = _check_text(errors, "reason", reason, required=True)
    _raise(errors)

    def apply(c, now):
        return None, None, NotificationKind.CANCELLED

    return _act(
        case=case,
        user=user,
        action=Action.CANCEL,
        version=version,
        apply=apply,
        note=reason,
        at=at,
    )


def case_urge(*, case: Case, user, version, note: str = "", at=None) -> Case:
    """Urge the responsible unit on (催办)."""
    errors: dict = {}
    note = _check_text(errors, "note", note, required=False)
    _raise(errors)
    note = note or _("Please deal with this case soon.")

    def apply(c, now):
        return None, None, NotificationKind.URGED

    return _act(
        case=case, user=user, action=Action.URGE, version=version, apply=apply, note=note, at=at
    )


def case_supervise(*, case: Case, version, at=None) -> Case:
    """The deadline scan's supervision (督办) of an overdue case: the unit one
    level above the responsible unit is recorded as supervising and told; the
    case stays with its handler. Once per stint (a new stint may be
    supervised again)."""

    def apply(c, now):
        unit = c.responsible_unit
        c.supervised_at = now
        if unit.parent_id is not None:
            c.supervising_unit = OrgUnit.objects.get(pk=unit.parent_id)
        return None, None, NotificationKind.SUPERVISED

    hours = int(grace().total_seconds() // 3600)
    parent = case.responsible_unit.parent
    if parent is not None:
        note = _("Overdue for more than %(hours)d hours: %(unit)s supervises it.") % {
            "hours": hours,
            "unit": parent.name,
        }
    else:
        note = _("Overdue for more than %(hours)d hours.") % {"hours": hours}
    return _act(
        case=case,
        user=None,
        action=Action.SUPERVISE,
        version=version,
        apply=apply,
        note=note,
        at=at,
    )


# The extension and merge actions live in their own modules; they build on
# `_act` above.
from .extensions import case_decide_extension, case_request_extension  # noqa: E402
from .merging import case_merge  # noqa: E402

ACTION_SERVICES = {
    Action.ACCEPT: case_accept,
    Action.ESCALATE: case_escalate,
    Action.DISPATCH: case_dispatch,
    Action.RETURN: case_return,
    Action.RESOLVE: case_resolve,
    Action.CLOSE: case_close,
    Action.REOPEN: case_reopen,
    Action.CANCEL: case_cancel,
    Action.MERGE: case_merge,
    Action.URGE: case_urge,
    Action.REQUEST_EXTENSION: case_request_extension,
    Action.DECIDE_EXTENSION: case_decide_extension,
}


def cases_recopy_ancestors(*, unit: OrgUnit) -> int:
    """After `unit` moved in the tree: re-copy the ancestor ids of the cases
    whose grid lies below it. One UPDATE per grid (a move is rare admin work)."""
    unit = OrgUnit.objects.get(pk=unit.pk)
    grids = OrgUnit.objects.filter(subtree_q(unit), kind=UnitKind.GRID)
    changed = 0
    for grid in grids:
        ids = ancestor_ids(grid)
        move_grid_counts(grid_id=grid.pk, ids=ids)
        changed += Case.objects.filter(grid=grid).update(
            region_id=ids[UnitKind.REGION],
            street_id=ids[UnitKind.STREET],
            community_id=ids[UnitKind.COMMUNITY],
        )
    return changed
