"""Planning activities, booking venues without overlap, sign-ups and
attendance."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from members import points
from members.models import DualReport, PartyMember, ScoreSource
from orgs.kinds import UnitKind

from .. import rollups
from ..access import ORGANIZERS, holds, member_of, member_places
from ..errors import ParticipationConflict, VenueTaken
from ..models import (
    ATTENDED,
    ORG_LIFE_KINDS,
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityStatus,
    Attendance,
    Presence,
    ServiceKind,
    ServiceRecord,
    Signup,
    Venue,
    VolunteerTeam,
)
from ..photos import prepare_photos
from .common import raise_errors, text

ORGANIZER_KINDS = (UnitKind.GRID, UnitKind.PARTY_GROUP, UnitKind.COMMUNITY)
ABSENCE_REASONS = (Presence.LEAVE, Presence.SICK, Presence.FLOATING, Presence.ABSENT)
MAX_RESIDENTS = 10000


def _overlapping(venue, starts_at, ends_at, exclude=None):
    qs = Activity.objects.filter(venue=venue, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
        status=ActivityStatus.CANCELLED
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.order_by("starts_at").first()


def _taken(other) -> VenueTaken:
    when = timezone.localtime(other.starts_at).strftime("%Y-%m-%d %H:%M")
    until = timezone.localtime(other.ends_at).strftime("%H:%M")
    message = _("The venue is booked from %(start)s to %(end)s (%(title)s).") % {
        "start": when,
        "end": until,
        "title": other.title,
    }
    return VenueTaken(message, fields={"venue": [message]})


def activity_create(
    *,
    user,
    title,
    kind,
    organizer,
    starts_at,
    ends_at,
    venue=None,
    team=None,
    place="",
    capacity=None,
    online=False,
    description="",
) -> Activity:
    """Plan an activity for a unit the caller organizes for; a venue is
    booked under a lock of its row (and, on PostgreSQL, an exclusion
    constraint) so two bookings never overlap."""
    errors: dict = {}
    title = text(errors, "title", title, limit=100)
    place = text(errors, "place", place, limit=200, required=False)
    description = text(errors, "description", description, limit=2000, required=False)
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose a kind of activity.")]
    if (
        organizer is None
        or organizer.kind not in ORGANIZER_KINDS
        or not holds(user, ORGANIZERS, organizer)
    ):
        errors["organizer"] = [_("Choose a branch, party group or community you organize for.")]
    if starts_at is None:
        errors["starts_at"] = [_("Enter when the activity starts.")]
    if ends_at is None:
        errors["ends_at"] = [_("Enter when the activity ends.")]
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = [_("The activity ends before it starts.")]
    elif starts_at is not None and (ends_at - starts_at).days >= 2:
        errors["ends_at"] = [_("An activity lasts at most two days.")]
    if capacity is not None and capacity < 1:
        errors["capacity"] = [_("Room for at least one person.")]
    if venue is not None and (
        not venue.active or not Venue.objects.visible_to(user).filter(pk=venue.pk).exists()
    ):
        errors["venue"] = [_("Choose a venue in your area.")]
    if team is not None and not VolunteerTeam.objects.visible_to(user).filter(pk=team.pk).exists():
        errors["team"] = [_("Choose a volunteer team in your area.")]
    raise_errors(errors)
    if not venue and not place:
        place = ""
    try:
        with transaction.atomic():
            if venue is not None:
                Venue.objects.select_for_update().filter(pk=venue.pk).first()
                other = _overlapping(venue, starts_at, ends_at)
                if other is not None:
                    raise _taken(other)
            activity = Activity(
                title=title,
                kind=kind,
                organizer=organizer,
                team=team,
                venue=venue,
                place=place,
                starts_at=starts_at,
                ends_at=ends_at,
                capacity=capacity,
                online=bool(online),
                description=description,
                created_by=user,
            )
            activity.copy_ancestors()
            activity.save()
    except IntegrityError:
        other = _overlapping(venue, starts_at, ends_at) if venue is not None else None
        if other is not None:
            raise _taken(other) from None
        raise
    return activity


@transaction.atomic
def activity_cancel(*, user, activity) -> Activity:
    if not holds(user, ORGANIZERS, activity.organizer):
        raise PermissionDenied(_("Only the organizer cancels an activity."))
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.status != ActivityStatus.PLANNED:
        raise ParticipationConflict(
            _("Only a planned activity is cancelled."), status=locked.status
        )
    locked.status = ActivityStatus.CANCELLED
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    return locked


def _may_see(member, activity) -> bool:
    grids, communities = member_places(member)
    return (
        activity.grid_id in grids
        or activity.community_id in communities
        or (activity.organizer_id == member.unit_id)
    )


@transaction.atomic
def activity_signup(*, user, activity, member=None, online=False) -> Signup:
    """The calling member signs up (or an organizer signs a member up)."""
    if member is None:
        member = member_of(user)
        if member is None:
            raise ValidationError({"member": [_("Only party members sign up.")]})
        if not _may_see(member, activity):
            raise ValidationError(
                {"member": [_("This activity is not in your branch or community.")]}
            )
    elif (
        not holds(user, ORGANIZERS, activity.organizer)
        or not _allowed_members(activity).filter(pk=member.pk).exists()
    ):
        raise ValidationError({"member": [_("Choose a member of the organizer's area.")]})
    if online and not activity.online:
        raise ValidationError({"online": [_("This activity cannot be attended online.")]})
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    existing = Signup.objects.filter(activity=locked, member=member).first()
    if existing is not None:
        return existing
    if locked.status != ActivityStatus.PLANNED or locked.starts_at <= timezone.now():
        raise ParticipationConflict(
            _("Sign-up has closed for this activity."), status=locked.status
        )
    if locked.capacity is not None and locked.signups.count() >= locked.capacity:
        raise ParticipationConflict(_("The activity is full."), status=locked.status)
    return Signup.objects.create(activity=locked, member=member, online=bool(online))


@transaction.atomic
def activity_signup_cancel(*, user, activity):
    member = member_of(user)
    if member is not None:
        Signup.objects.filter(activity=activity, member=member).delete()


def branch_members(activity):
    """The members expected at an organizational-life activity: the
    organizing branch's, or the party group's."""
    return PartyMember.objects.in_subtree(activity.organizer)


def _allowed_members(activity):
    """Whose attendance the organizer may record: the organizer's members,
    and for other activities also members reported to its community and
    members who signed up."""
    base = branch_members(activity)
    if activity.kind in ORG_LIFE_KINDS:
        return base
    reported = DualReport.objects.filter(community_unit_id=activity.community_id).values(
        "member_id"
    )
    signed = Signup.objects.filter(activity=activity).values("member_id")
    return PartyMember.objects.filter(
        Q(pk__in=base.values("pk")) | Q(pk__in=reported) | Q(pk__in=signed)
    )


def _ids(errors, field, values) -> list[int]:
    out = []
    for v in values or ():
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            errors[field] = [_("Give member ids.")]
            return []
    return list(dict.fromkeys(out))


def activity_attendance_record(
    *,
    user,
    activity,
    members=(),
    online=(),
    absences=None,
    residents=0,
    minutes="",
    photos=(),
) -> Activity:
    """Attendance of a held activity: members present by name (or online),
    the absent with their reason, residents by count, the minutes and photos.
    Recording again replaces it; the points it gave follow."""
    if not holds(user, ORGANIZERS, activity.organizer):
        raise PermissionDenied(_("Only the organizer records attendance."))
    errors: dict = {}
    present = _ids(errors, "members", members)
    remote = _ids(errors, "online", online)
    away = {}
    for key, reason in (absences or {}).items():
        try:
            away[int(key)] = reason
        except (TypeError, ValueError):
            errors["absences"] = [_("Give member ids.")]
    if any(r not in ABSENCE_REASONS for r in away.values()):
        errors["absences"] = [_("An absence is on leave, sick, working away or without reason.")]
    minutes = text(errors, "minutes", minutes, limit=5000, required=False)
    try:
        residents = int(residents or 0)
    except (TypeError, ValueError):
        residents = -1
    if not 0 <= residents <= MAX_RESIDENTS:
        errors["residents"] = [_("Count the residents: 0 to %(n)d.") % {"n": MAX_RESIDENTS}]
    if remote and not activity.online:
        errors["online"] = [_("This activity cannot be attended online.")]
    twice = (set(present) & set(remote)) | ((set(present) | set(remote)) & set(away))
    if twice:
        errors["members"] = [_("A member is recorded once: present, online or absent.")]
    if activity.starts_at > timezone.now():
        errors["starts_at"] = [_("The activity has not started yet.")]
    named = set(present) | set(remote) | set(away)
    if named and "members" not in errors:
        allowed = set(_allowed_members(activity).filter(pk__in=named).values_list("pk", flat=True))
        outside = sorted(named - allowed)
        if outside:
            errors["members"] = [
                _("Not a member of the organizer's area: %(ids)s.")
                % {"ids": ", ".join(map(str, outside))}
            ]
    raise_errors(errors)
    prepared = prepare_photos(photos)
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.status == ActivityStatus.CANCELLED:
            raise ParticipationConflict(_("The activity was cancelled."), status=locked.status)
        was = rollups.snapshot(locked)
        before = set(
            Attendance.objects.filter(activity=locked, presence__in=ATTENDED).values_list(
                "member_id", flat=True
            )
        )
        Attendance.objects.filter(activity=locked).delete()
        rows = [
            Attendance(activity=locked, member_id=m, presence=Presence.PRESENT) for m in present
        ]
        rows += [Attendance(activity=locked, member_id=m, presence=Presence.ONLINE) for m in remote]
        rows += [Attendance(activity=locked, member_id=m, presence=r) for m, r in away.items()]
        Attendance.objects.bulk_create(rows)
        came = set(present) | set(remote)
        org_life = locked.kind in ORG_LIFE_KINDS
        locked.expected = branch_members(locked).count() if org_life else 0
        locked.attended = len(came)
        locked.residents = residents
        locked.minutes = minutes
        locked.status = ActivityStatus.HELD
        locked.recorded_at = timezone.now()
        locked.recorded_by = user
        locked.version += 1
        locked.save()
        rollups.changed(Activity, [was], [rollups.snapshot(locked)])
        for content in prepared:
            photo = ActivityPhoto(activity=locked)
            photo.image.save(content.name, content, save=False)
            photo.save()
        if locked.kind == ActivityKind.VOLUNTEER:
            _volunteer_hours(locked, came, user)
        if org_life:
            day = timezone.localtime(locked.starts_at).date()
            gone = before - came
            if gone:
                points.score_reverse_record(
                    source=ScoreSource.ATTENDANCE, source_id=locked.pk, user=user, members=gone
                )
            for member in PartyMember.objects.filter(pk__in=came - before):
                points.score_from_record(
                    member=member,
                    source=ScoreSource.ATTENDANCE,
                    source_id=locked.pk,
                    on=day,
                    user=user,
                    reason=locked.title,
                )
    return locked


def _volunteer_hours(activity, came, user):
    """A volunteer activity adds its hours, and their points, to each member
    who came; a member struck off loses both."""
    have = {r.member_id: r for r in ServiceRecord.objects.filter(activity=activity)}
    before = [rollups.snapshot(r) for r in have.values()]
    for member_id, record in have.items():
        if member_id not in came:
            points.score_reverse_record(
                source=ScoreSource.VOLUNTEER, source_id=record.pk, user=user
            )
            record.delete()
    day = timezone.localtime(activity.starts_at).date()
    ServiceRecord.objects.filter(activity=activity).update(hours=activity.hours, on=day)
    for member in PartyMember.objects.filter(pk__in=sorted(came - set(have))):
        record = ServiceRecord(
            kind=ServiceKind.VOLUNTEER,
            unit=activity.organizer,
            member=member,
            team=activity.team,
            activity=activity,
            on=day,
            hours=activity.hours,
            note=activity.title[:500],
            recorded_by=user,
        )
        record.region_id, record.street_id = activity.region_id, activity.street_id
        record.community_id, record.grid_id = activity.community_id, activity.grid_id
        record.save()
        points.score_from_record(
            member=member,
            source=ScoreSource.VOLUNTEER,
            source_id=record.pk,
            on=day,
            user=user,
            reason=activity.title,
        )
    after = [rollups.snapshot(r) for r in ServiceRecord.objects.filter(activity=activity)]
    rollups.changed(ServiceRecord, before, after)
