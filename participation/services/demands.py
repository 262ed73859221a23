"""The demands board: posting, and every action of the transition table.

Each action is one transaction: the demand row is locked, the version the
caller saw is compared (stale → 409), the status is checked against
`participation.transitions` (not allowed → 409), the row is written with the
next version and the event appended."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_gov.outbox import outbox_write
from members import points
from members.models import Household, ScoreSource
from members.personal import validate_phone
from orgs.access import positions_of
from orgs.kinds import UnitKind

from .. import notify, rollups
from ..access import DEMAND_STAFF, holds, member_of, member_places
from ..errors import ActionNotAllowed, StaleVersion
from ..models import Demand, DemandEvent, DemandKind, DemandStatus, Satisfaction
from ..photos import prepare_photo
from ..transitions import DemandAction, actions_for_status, next_status, status_allows
from .common import raise_errors, text

A = DemandAction


def demand_post(
    *,
    user,
    grid,
    title,
    description,
    kind,
    place,
    household=None,
    contact_name="",
    contact_phone="",
    at=None,
) -> Demand:
    """Grid staff post a need of a household in their grid."""
    errors: dict = {}
    title = text(errors, "title", title, limit=100)
    description = text(errors, "description", description, limit=1000)
    place = text(errors, "place", place, limit=100)
    contact_name = text(errors, "contact_name", contact_name, limit=50, required=False)
    if kind not in DemandKind.values:
        errors["kind"] = [_("Choose wish, service or resource.")]
    if grid is None or grid.kind != UnitKind.GRID or not holds(user, DEMAND_STAFF, grid):
        errors["grid"] = [_("Choose a grid in your area.")]
    elif household is not None and household.grid_id != grid.pk:
        errors["household"] = [_("Choose a household of this grid.")]
    try:
        contact_phone = validate_phone(contact_phone)
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages
    raise_errors(errors)
    now = at or timezone.now()
    with transaction.atomic():
        demand = Demand(
            title=title,
            description=description,
            kind=kind,
            grid=grid,
            household=household,
            place=place,
            contact_name=contact_name,
            contact_phone=contact_phone,
            posted_by=user,
            posted_at=now,
        )
        demand.copy_ancestors()
        demand.save()
        rollups.changed(Demand, after=[rollups.snapshot(demand)])
        DemandEvent.objects.create(
            demand=demand, action=A.POST, to_status=DemandStatus.POSTED, actor=user, at=now
        )
    return demand


def _act(*, demand, user, action, version, apply, note="", at=None, allow=None) -> Demand:
    """The frame of every action; `allow(locked)` checks the caller against
    the locked row (PermissionDenied), after the version and the status."""
    now = at or timezone.now()
    try:
        seen = int(version)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("Give the version you saw.")]}) from None
    with transaction.atomic():
        locked = Demand.objects.select_for_update().get(pk=demand.pk)
        if seen != locked.version:
            raise StaleVersion(
                status=locked.status,
                version=locked.version,
                allowed=actions_for_status(locked.status),
            )
        if not status_allows(locked.status, action):
            raise ActionNotAllowed(
                status=locked.status,
                version=locked.version,
                allowed=actions_for_status(locked.status),
            )
        if allow is not None:
            allow(locked)
        before = locked.status
        was = rollups.snapshot(locked)
        apply(locked, now)
        locked.status = next_status(before, action)
        locked.version += 1
        locked.save()
        rollups.changed(Demand, [was], [rollups.snapshot(locked)])
        DemandEvent.objects.create(
            demand=locked,
            action=action,
            from_status=before,
            to_status=locked.status,
            actor=user,
            at=now,
            note=(note or "")[:500],
        )
    return locked


def _may_claim_for(user, unit) -> bool:
    """A partner unit claims through someone who holds a position there."""
    return user.is_superuser or any(p.unit_id == unit.pk for p in positions_of(user))


def demand_claim(*, demand, user, version, unit=None, at=None) -> Demand:
    """The calling member claims the demand, or a partner unit through one of
    its people."""
    member = None
    if unit is not None:
        if not _may_claim_for(user, unit):
            raise ValidationError({"unit": [_("Claim for a unit where you hold a position.")]})
    else:
        member = member_of(user)
        if member is None:
            raise ValidationError(
                {
                    "unit": [
                        _("Only a party member claims for themselves; otherwise name your unit.")
                    ]
                }
            )
        grids, communities = member_places(member)
        if demand.grid_id not in grids and demand.community_id not in communities:
            raise ValidationError({"demand": [_("Claim needs near where you live or serve.")]})

    def apply(locked, now):
        locked.claimed_member = member
        locked.claimed_unit = unit
        locked.claimed_by = user
        locked.claimed_at = now

    return _act(demand=demand, user=user, action=A.CLAIM, version=version, apply=apply, at=at)


def is_claimer(user, demand) -> bool:
    if demand.claimed_by_id == user.pk:
        return True
    member = member_of(user)
    return member is not None and demand.claimed_member_id == member.pk


def demand_complete(*, demand, user, version, note, photo=None, at=None) -> Demand:
    """The claimer says it is done, with a note and a photo."""

    def allow(locked):
        if not is_claimer(user, locked):
            raise PermissionDenied(_("Only whoever claimed the demand completes it."))

    errors: dict = {}
    note = text(errors, "note", note, limit=1000)
    raise_errors(errors)
    content = prepare_photo(photo) if photo else None

    def apply(locked, now):
        locked.done_at = now
        locked.done_note = note
        if content is not None:
            locked.done_photo.save(content.name, content, save=False)

    return _act(
        demand=demand,
        user=user,
        action=A.COMPLETE,
        version=version,
        apply=apply,
        note=note,
        at=at,
        allow=allow,
    )


def demand_rate(*, demand, user, version, satisfaction, feedback="", at=None) -> Demand:
    """Grid staff rate what was done (never the claimer); a member who did it
    gets the catalogue's points for a demand done."""
    if not holds(user, DEMAND_STAFF, demand.grid):
        raise PermissionDenied(_("Grid staff rate a demand; not the one who did it."))

    def allow(locked):
        if is_claimer(user, locked):
            raise PermissionDenied(_("Grid staff rate a demand; not the one who did it."))

    errors: dict = {}
    feedback = text(errors, "feedback", feedback, limit=500, required=False)
    if satisfaction not in Satisfaction.values:
        errors["satisfaction"] = [_("Choose satisfied, basically satisfied or unsatisfied.")]
    raise_errors(errors)

    def apply(locked, now):
        locked.rated_at = now
        locked.satisfaction = satisfaction
        locked.feedback = feedback

    with transaction.atomic():
        rated = _act(
            demand=demand,
            user=user,
            action=A.RATE,
            version=version,
            apply=apply,
            note=feedback,
            at=at,
            allow=allow,
        )
        if rated.claimed_member_id and satisfaction != Satisfaction.UNSATISFIED:
            points.score_from_record(
                member=rated.claimed_member,
                source=ScoreSource.DEMAND,
                source_id=rated.pk,
                on=timezone.localtime(rated.done_at).date(),
                user=user,
                reason=rated.title,
            )
    return rated


def demand_cancel(*, demand, user, version, reason, at=None) -> Demand:
    if not holds(user, DEMAND_STAFF, demand.grid):
        raise PermissionDenied(_("Grid staff cancel a demand."))
    errors: dict = {}
    reason = text(errors, "reason", reason, limit=500)
    raise_errors(errors)

    def apply(locked, now):
        locked.cancelled_at = now
        locked.cancel_reason = reason

    return _act(
        demand=demand, user=user, action=A.CANCEL, version=version, apply=apply, note=reason, at=at
    )


def demands_remind(*, now=None) -> int:
    """Remind each need left unclaimed for the set number of days (once per
    that many days): an event on the demand, which the grid staff see. Safe
    to run from several workers: rows are taken with SKIP LOCKED."""
    now = now or timezone.now()
    days = getattr(settings, "GRIDGOV_DEMAND_REMIND_DAYS", 3)
    due = now - datetime.timedelta(days=days)
    n = 0
    with transaction.atomic():
        rows = list(
            Demand.objects.select_for_update(skip_locked=True)
            .filter(status=DemandStatus.POSTED, posted_at__lte=due)
            .exclude(reminded_at__gt=due)
            .order_by("pk")[:500]
        )
        for demand in rows:
            demand.reminded_at = now
            demand.save(update_fields=["reminded_at"])
            waited = (now - demand.posted_at).days
            event = DemandEvent.objects.create(
                demand=demand,
                action=A.REMIND,
                from_status=demand.status,
                to_status=demand.status,
                at=now,
                note=_("Unclaimed for %(n)d days.") % {"n": waited},
            )
            outbox_write(
                kind=notify.REMIND,
                key=f"demand-remind:{event.pk}",
                payload={
                    "demand": demand.pk,
                    "grid": demand.grid_id,
                    "title": demand.title,
                    "days": waited,
                },
            )
            n += 1
    return n


def households_of(grid):
    return Household.objects.filter(grid=grid)
