"""Deliberation, the first step (问): raising a topic, its review by the
level's party organization (accept, decline, merge), and sending it up a
level. Also the frame every step shares.

Each step is one transaction: the topic row is locked, the version the caller
saw (if given) is compared, the caller's position is checked against the
level's unit, the status against `participation.deliberation_flow` (not
allowed → 409), the row is written with the next version and the event
appended."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.kinds import Role

from ..access import DEMAND_STAFF, holds
from ..deliberation_flow import (
    OPEN_STATUSES,
    TopicAction,
    actions_for_status,
    next_status,
    status_allows,
)
from ..errors import ParticipationConflict
from ..models.deliberation import (
    LEVEL_OF_KIND,
    MAX_BACKERS,
    Topic,
    TopicEvent,
    TopicPhoto,
    TopicStatus,
)
from ..photos import prepare_photos
from .common import raise_errors, text

A = TopicAction
R = Role

# Grid staff, building leaders and the offices raise topics and keep the
# record of the meeting, the tasks and the evaluation.
TOPIC_STAFF = DEMAND_STAFF
# The party organization of a level: the party group's leader (building),
# the branch secretary leading the grid (compound), the community; the
# offices above act for any level below them.
TOPIC_REVIEWERS = frozenset(
    {R.BUILDING_LEADER, R.GRID_LEADER, R.COMMUNITY_STAFF, R.STREET_DISPATCHER, R.ADMIN}
)


# Which steps the party organization takes, and which its staff record.
REVIEW_STEPS = frozenset(
    {A.ACCEPT, A.DECLINE, A.MERGE, A.ESCALATE, A.MEET, A.DECIDE, A.START, A.FINISH}
)
STAFF_STEPS = frozenset({A.RECORD, A.COMPLETE_TASK, A.TASK_TO_CASE, A.EVALUATE})


def may_take(user, topic, action) -> bool:
    roles = TOPIC_REVIEWERS if action in REVIEW_STEPS else TOPIC_STAFF
    return holds(user, roles, topic.unit)


class TopicConflict(ParticipationConflict):
    message = gettext_lazy("The topic's step does not allow this action.")


class TopicStale(ParticipationConflict):
    message = gettext_lazy("The topic changed since you loaded it. Reload it and try again.")


def count(errors: dict, field: str, value, *, limit: int, required: bool = True) -> int:
    """A whole count from 0 to `limit`, with a message a person can act on."""
    if value in (None, ""):
        if required:
            errors[field] = [_("Enter a number.")]
        return 0
    try:
        if isinstance(value, bool) or not str(value).strip().lstrip("-").isascii():
            raise ValueError
        n = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = [_("Enter a whole number.")]
        return 0
    if n < 0:
        errors[field] = [_("A count cannot be negative.")]
    elif n > limit:
        errors[field] = [_("At most %(n)d.") % {"n": limit}]
    return n


def topic_raise(
    *,
    user,
    unit,
    title,
    description,
    backers=0,
    on_behalf_of="",
    photos=(),
    at=None,
) -> Topic:
    """Grid staff, a building leader or an office raise a topic at a
    building (party group), compound (grid) or community in their area;
    `on_behalf_of` names the resident who brought it."""
    errors: dict = {}
    title = text(errors, "title", title, limit=100)
    description = text(errors, "description", description, limit=2000)
    on_behalf_of = text(errors, "on_behalf_of", on_behalf_of, limit=50, required=False)
    backers = count(errors, "backers", backers, limit=MAX_BACKERS, required=False)
    if unit is None or unit.kind not in LEVEL_OF_KIND or not holds(user, TOPIC_STAFF, unit):
        errors["unit"] = [_("Choose a building (party group), grid or community in your area.")]
    raise_errors(errors)
    prepared = prepare_photos(photos)
    now = at or timezone.now()
    with transaction.atomic():
        topic = Topic(
            title=title,
            description=description,
            origin=unit,
            unit=unit,
            level=LEVEL_OF_KIND[unit.kind],
            backers=backers,
            on_behalf_of=on_behalf_of,
            raised_by=user,
            raised_at=now,
        )
        topic.copy_ancestors()
        topic.save()
        for content in prepared:
            photo = TopicPhoto(topic=topic)
            photo.image.save(content.name, content, save=False)
            photo.save()
        TopicEvent.objects.create(
            topic=topic,
            action=A.RAISE,
            to_status=TopicStatus.RAISED,
            to_unit=unit,
            actor=user,
            at=now,
        )
    return topic


def topic_act(
    *,
    topic,
    user,
    action,
    roles,
    apply=None,
    version=None,
    note="",
    at=None,
    row=None,
) -> Topic:
    """The frame of every step. `apply(locked, now)` validates against the
    locked row (raising writes nothing) and changes it; it may return the
    unit the topic moves to. `row`: the table's row to take when it is not
    `action` (evaluate → send_back)."""
    now = at or timezone.now()
    seen = None
    if version not in (None, ""):
        try:
            seen = int(version)
        except (TypeError, ValueError):
            raise ValidationError({"version": [_("Give the version you saw.")]}) from None
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if seen is not None and seen != locked.version:
            raise TopicStale(
                status=locked.status,
                version=locked.version,
                allowed=actions_for_status(locked.status),
            )
        if user is not None and not holds(user, roles, locked.unit):
            raise PermissionDenied(_("Your position may not take this step on this topic."))
        if not status_allows(locked.status, action):
            raise TopicConflict(
                status=locked.status,
                version=locked.version,
                allowed=actions_for_status(locked.status),
            )
        before, from_unit = locked.status, locked.unit
        moved = apply(locked, now) if apply is not None else None
        taken = row(locked) if callable(row) else (row or action)
        locked.status = next_status(before, taken)
        if moved is not None:
            locked.unit = moved
            locked.level = LEVEL_OF_KIND[moved.kind]
        locked.version += 1
        locked.save()
        TopicEvent.objects.create(
            topic=locked,
            action=taken,
            from_status=before,
            to_status=locked.status,
            from_unit=from_unit,
            to_unit=locked.unit,
            actor=user,
            at=now,
            note=((note(locked) if callable(note) else note) or "")[:500],
        )
    return locked


def topic_accept(*, topic, user, version=None, note="", at=None) -> Topic:
    """The level's party organization takes the topic up for deliberation."""
    errors: dict = {}
    note = text(errors, "note", note, limit=500, required=False)
    raise_errors(errors)
    return topic_act(
        topic=topic,
        user=user,
        action=A.ACCEPT,
        roles=TOPIC_REVIEWERS,
        version=version,
        note=note,
        at=at,
    )


def topic_decline(*, topic, user, reason, version=None, at=None) -> Topic:
    """Declined with a reason the raiser sees on the topic."""
    errors: dict = {}
    reason = text(errors, "reason", reason, limit=500)
    raise_errors(errors)

    def apply(locked, now):
        locked.decline_reason = reason

    return topic_act(
        topic=topic,
        user=user,
        action=A.DECLINE,
        roles=TOPIC_REVIEWERS,
        apply=apply,
        version=version,
        note=reason,
        at=at,
    )


def topic_merge(*, topic, user, into, version=None, note="", at=None) -> Topic:
    """The same matter raised twice: this topic joins `into` (a topic the
    caller sees, still open), whose backers it adds to."""
    errors: dict = {}
    note = text(errors, "note", note, limit=500, required=False)
    if into is None or into.pk == topic.pk:
        errors["into"] = [_("Choose another open topic to merge into.")]
    raise_errors(errors)

    def apply(locked, now):
        survivor = Topic.objects.select_for_update().get(pk=into.pk)
        if survivor.status not in OPEN_STATUSES:
            raise ValidationError({"into": [_("Choose another open topic to merge into.")]})
        if survivor.community_id != locked.community_id:
            raise ValidationError({"into": [_("Merge into a topic of the same community.")]})
        survivor.backers = min(MAX_BACKERS, survivor.backers + locked.backers)
        survivor.save(update_fields=["backers"])
        locked.merged_into = survivor

    label = _("Merged into「%(title)s」") % {"title": into.title} if into else ""
    return topic_act(
        topic=topic,
        user=user,
        action=A.MERGE,
        roles=TOPIC_REVIEWERS,
        apply=apply,
        version=version,
        note=f"{label} {note}".strip(),
        at=at,
    )


def level_above(unit):
    """The unit of the next level up (building → compound → community), or
    None at the top."""
    parent = unit.parent if unit.parent_id else None
    if parent is None or parent.kind not in LEVEL_OF_KIND:
        return None
    return parent


def topic_escalate(*, topic, user, note="", version=None, at=None) -> Topic:
    """A level that cannot settle the topic sends it up, where it is raised
    again for that level's review; its history stays with it."""
    errors: dict = {}
    note = text(errors, "note", note, limit=500, required=False)
    raise_errors(errors)

    def apply(locked, now):
        above = level_above(locked.unit)
        if above is None:
            raise TopicConflict(
                _("The community is the top level; the topic cannot go further up."),
                status=locked.status,
                version=locked.version,
                allowed=[a for a in actions_for_status(locked.status) if a != A.ESCALATE],
            )
        return above

    return topic_act(
        topic=topic,
        user=user,
        action=A.ESCALATE,
        roles=TOPIC_REVIEWERS,
        apply=apply,
        version=version,
        note=note,
        at=at,
    )
