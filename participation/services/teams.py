"""Volunteer teams, pledges of dual-reported members, and the services done."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import points
from members.models import DualReport, PartyMember, PioneerPledge, ScoreSource
from orgs.kinds import UnitKind

from .. import rollups
from ..access import ORGANIZERS, SERVICE_RECORDERS, holds
from ..models import Pledge, ServiceKind, ServiceRecord, TeamMember, VolunteerTeam
from ..photos import prepare_photo
from .common import raise_errors, text

TEAM_KINDS = (UnitKind.GRID, UnitKind.COMMUNITY, UnitKind.STREET)
SOURCES = {
    ServiceKind.VOLUNTEER: ScoreSource.VOLUNTEER,
    ServiceKind.PIONEER: ScoreSource.VOLUNTEER,
    ServiceKind.PLEDGE: ScoreSource.PLEDGE_SERVICE,
}


@transaction.atomic
def team_create(*, user, unit, name) -> VolunteerTeam:
    errors: dict = {}
    name = text(errors, "name", name, limit=100)
    if unit is None or unit.kind not in TEAM_KINDS or not holds(user, ORGANIZERS, unit):
        errors["unit"] = [_("Choose a grid, community or street you organize for.")]
    raise_errors(errors)
    team = VolunteerTeam(unit=unit, name=name)
    team.copy_ancestors()
    team.save()
    return team


def _near(member, unit) -> bool:
    """A member of the unit's subtree, or reported to its community."""
    if PartyMember.objects.in_subtree(unit).filter(pk=member.pk).exists():
        return True
    return DualReport.objects.filter(
        member=member, community_unit_id__in=[unit.pk, unit.parent_id]
    ).exists()


@transaction.atomic
def team_member_add(*, user, team, member=None, resident_name="") -> TeamMember:
    if not holds(user, ORGANIZERS, team.unit):
        raise PermissionDenied(_("Only the team's organizers add members."))
    errors: dict = {}
    resident_name = text(errors, "resident_name", resident_name, limit=50, required=False)
    if member is None and not resident_name:
        errors["member"] = [_("Choose a party member or name a resident.")]
    elif member is not None and not _near(member, team.unit):
        errors["member"] = [_("Choose a member of the team's area.")]
    elif member is not None and TeamMember.objects.filter(team=team, member=member).exists():
        errors["member"] = [_("Already in the team.")]
    raise_errors(errors)
    return TeamMember.objects.create(team=team, member=member, resident_name=resident_name)


@transaction.atomic
def pledge_add(*, user, report, title) -> Pledge:
    """A service the dual-reported member pledges (践诺): by the member, or
    by the community they reported to."""
    own = report.member.user_id and report.member.user_id == user.pk
    if not own and not holds(user, SERVICE_RECORDERS, report.community_unit):
        raise PermissionDenied(_("The member or their community records pledges."))
    errors: dict = {}
    title = text(errors, "title", title, limit=100)
    raise_errors(errors)
    return Pledge.objects.create(report=report, title=title)


def _hours(errors, hours) -> Decimal:
    try:
        value = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError, TypeError):
        value = None
    if value is None or not Decimal("0.5") <= value <= Decimal("24"):
        errors["hours"] = [_("Between 0.5 and 24 hours.")]
    return value


@transaction.atomic
def service_record(
    *,
    user,
    kind,
    unit,
    on,
    hours,
    note,
    member=None,
    team=None,
    resident_name="",
    pledge=None,
    post=None,
    photo=None,
) -> ServiceRecord:
    """A service done (纪实), recorded by the office of the place where it
    was done: hours by a member or a team's resident, a pledge kept, or what
    was done under a pioneer post. Nobody records their own."""
    errors: dict = {}
    if kind not in ServiceKind.values:
        errors["kind"] = [_("Choose a kind of service.")]
    if unit is None or not holds(user, SERVICE_RECORDERS, unit):
        errors["unit"] = [_("Choose a unit in your area.")]
    note = text(errors, "note", note, limit=500)
    resident_name = text(errors, "resident_name", resident_name, limit=50, required=False)
    value = _hours(errors, hours)
    today = timezone.localdate()
    if on is None or on > today:
        errors["on"] = [_("The date cannot be in the future.")]
    elif on < today - datetime.timedelta(days=366):
        errors["on"] = [_("Record services within a year of the day they were done.")]
    if member is None and not resident_name:
        errors["member"] = [_("Choose a party member or name a resident.")]
    if member is not None and member.user_id and member.user_id == user.pk:
        errors["member"] = [_("Nobody records their own service.")]
    if (
        team is not None
        and team.unit_id != getattr(unit, "pk", None)
        and not holds(user, SERVICE_RECORDERS, team.unit)
    ):
        errors["team"] = [_("Choose a volunteer team in your area.")]
    if kind == ServiceKind.PLEDGE and (
        pledge is None or member is None or pledge.report.member_id != member.pk
    ):
        errors["pledge"] = [_("Choose one of the member's pledges.")]
    if kind == ServiceKind.PIONEER:
        pledged = (
            PioneerPledge.objects.filter(member=member, posts=post).exists() if member else False
        )
        if post is None or not pledged:
            errors["post"] = [_("Choose a pioneer post the member holds.")]
    raise_errors(errors)
    content = prepare_photo(photo) if photo else None
    record = ServiceRecord(
        kind=kind,
        unit=unit,
        member=member,
        team=team,
        resident_name=resident_name,
        pledge=pledge if kind == ServiceKind.PLEDGE else None,
        post=post if kind == ServiceKind.PIONEER else None,
        on=on,
        hours=value,
        note=note,
        recorded_by=user,
    )
    record.copy_ancestors()
    if content is not None:
        record.photo.save(content.name, content, save=False)
    record.save()
    rollups.changed(ServiceRecord, after=[rollups.snapshot(record)])
    if member is not None:
        points.score_from_record(
            member=member, source=SOURCES[kind], source_id=record.pk, on=on, user=user, reason=note
        )
    return record


def validate_hours(hours):
    errors: dict = {}
    _hours(errors, hours)
    if errors:
        raise ValidationError(errors)
