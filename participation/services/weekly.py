"""The weekly grid report (周报告) and the emergency report (急报).

Every Monday a beat job drafts last week's report of every grid from its
records; drafting again changes nothing unless the records did (a draft's
figures are recounted; a submitted report is left alone). The grid leader
adds what the records cannot say and submits by the deadline (late ones are
marked); the community may return a submitted report with a note, which
opens it for editing again. Each move is a row in the report's log."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grid_gov.outbox import outbox_write
from orgs.kinds import Role, UnitKind
from orgs.models import OrgUnit

from .. import notify
from ..access import DEMAND_STAFF, holds
from ..errors import ParticipationConflict
from ..models import Activity, ActivityStatus, Demand
from ..models.deliberation import Topic, TopicEvent
from ..models.weekly import EmergencyReport, ReportStatus, WeeklyReport, WeeklyReportEvent
from ..weekly_flow import ReportAction, next_status, report_actions, status_allows
from .common import raise_errors, text

R = Role
# The grid leader writes the grid's report (an office above may act for it).
REPORT_WRITERS = frozenset({R.GRID_LEADER, R.COMMUNITY_STAFF, R.STREET_DISPATCHER, R.ADMIN})
# The community reads its grids' reports and returns one that needs more.
REPORT_READERS = frozenset({R.COMMUNITY_STAFF, R.STREET_DISPATCHER, R.ADMIN})
FIGURES = (
    "cases_filed",
    "self_handled",
    "escalated",
    "closed",
    "visits",
    "key_households_visited",
    "activities",
    "attendance",
    "demands_done",
    "deliberations_raised",
    "deliberations_moved",
    "emergencies",
)


class ReportConflict(ParticipationConflict):
    message = gettext_lazy("The report's status does not allow this.")


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def last_full_week(now=None) -> datetime.date:
    return monday(timezone.localdate(now)) - datetime.timedelta(days=7)


def week_bounds(week: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(week, datetime.time()))
    end = timezone.make_aware(
        datetime.datetime.combine(week + datetime.timedelta(days=7), datetime.time())
    )
    return start, end


def due_at(week: datetime.date) -> datetime.datetime:
    """The deadline: GRIDGOV_WEEKLY_REPORT_DUE_DAYS after the week's end, at
    GRIDGOV_WEEKLY_REPORT_DUE_HOUR (by default Tuesday 18:00)."""
    days = getattr(settings, "GRIDGOV_WEEKLY_REPORT_DUE_DAYS", 1)
    hour = getattr(settings, "GRIDGOV_WEEKLY_REPORT_DUE_HOUR", 18)
    day = week + datetime.timedelta(days=7 + days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def check_week(errors: dict, week, *, now=None, field="week"):
    """A Monday of a week that has ended."""
    if not isinstance(week, datetime.date) or week.weekday() != 0:
        errors[field] = [_("Give the week's Monday as YYYY-MM-DD.")]
        return None
    if week_bounds(week)[1] > (now or timezone.now()):
        errors[field] = [_("That week has not ended yet; its report is drafted the Monday after.")]
        return None
    return week


def _by(qs, column, **aggregate) -> dict:
    if aggregate:
        return {row[column]: row["n"] or 0 for row in qs.values(column).annotate(**aggregate)}
    return {row[column]: row["n"] for row in qs.values(column).annotate(n=Count("pk"))}


def week_figures(grid_ids, week: datetime.date) -> dict[int, dict]:
    """What the records say of each grid's week: one grouped query per
    figure over the grids' copied columns."""
    from cases.models import Case, CaseEvent
    from members.models import Visit

    ids = list(grid_ids)
    start, end = week_bounds(week)
    last_day = week + datetime.timedelta(days=6)
    cases = Case.objects.filter(grid_id__in=ids)
    closed = cases.filter(status="closed", closed_at__gte=start, closed_at__lt=end)
    visits = Visit.objects.filter(grid_id__in=ids, visited_on__gte=week, visited_on__lte=last_day)
    held = Activity.objects.filter(
        grid_id__in=ids, status=ActivityStatus.HELD, starts_at__gte=start, starts_at__lt=end
    )
    counted = {
        "cases_filed": _by(cases.filter(reported_at__gte=start, reported_at__lt=end), "grid_id"),
        "self_handled": _by(closed.filter(self_handled=True), "grid_id"),
        "escalated": _by(
            CaseEvent.objects.filter(
                action="escalate", from_unit_id__in=ids, at__gte=start, at__lt=end
            ),
            "from_unit_id",
        ),
        "closed": _by(closed, "grid_id"),
        "visits": _by(visits, "grid_id"),
        "key_households_visited": _by(
            visits.filter(household__is_key_care=True),
            "grid_id",
            n=Count("household_id", distinct=True),
        ),
        "activities": _by(held, "grid_id"),
        "attendance": _by(held, "grid_id", n=Sum(F("attended") + F("residents"))),
        "demands_done": _by(
            Demand.objects.filter(grid_id__in=ids, done_at__gte=start, done_at__lt=end), "grid_id"
        ),
        "deliberations_raised": _by(
            Topic.objects.filter(grid_id__in=ids, raised_at__gte=start, raised_at__lt=end),
            "grid_id",
        ),
        "deliberations_moved": _by(
            TopicEvent.objects.filter(topic__grid_id__in=ids, at__gte=start, at__lt=end),
            "topic__grid_id",
            n=Count("topic_id", distinct=True),
        ),
        "emergencies": _by(
            EmergencyReport.objects.filter(grid_id__in=ids, sent_at__gte=start, sent_at__lt=end),
            "grid_id",
        ),
    }
    return {g: {name: counted[name].get(g, 0) for name in FIGURES} for g in ids}


def _log(report, action, before, user, now, note=""):
    WeeklyReportEvent.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=report.status,
        actor=user,
        at=now,
        note=(note or "")[:500],
    )


def weekly_reports_draft(*, week=None, grids=None, now=None) -> int:
    """Draft (or recount) the week's report of every grid, or of `grids`.
    Returns how many reports were written; a second run over unchanged
    records writes none."""
    now = now or timezone.now()
    week = week or last_full_week(now)
    errors: dict = {}
    check_week(errors, week, now=now)
    raise_errors(errors)
    units = list(grids) if grids is not None else OrgUnit.objects.filter(kind=UnitKind.GRID)
    units = [u for u in units if u.kind == UnitKind.GRID]
    written = 0
    for start in range(0, len(units), 500):
        chunk = units[start : start + 500]
        figures = week_figures([u.pk for u in chunk], week)
        with transaction.atomic():
            have = {
                r.grid_id: r
                for r in WeeklyReport.objects.select_for_update().filter(week=week, grid__in=chunk)
            }
            for unit in chunk:
                report = have.get(unit.pk)
                if report is None:
                    report = WeeklyReport(
                        grid=unit,
                        week=week,
                        figures=figures[unit.pk],
                        drafted_at=now,
                        due_at=due_at(week),
                    )
                    report.copy_ancestors()
                    try:
                        with transaction.atomic():
                            report.save()
                    except IntegrityError:
                        continue  # drafted meanwhile by another run
                    _log(report, ReportAction.DRAFT, "", None, now)
                    written += 1
                elif report.status != ReportStatus.SUBMITTED and report.figures != figures[unit.pk]:
                    report.figures = figures[unit.pk]
                    report.drafted_at = now
                    report.save(update_fields=["figures", "drafted_at"])
                    written += 1
    return written


def _act(*, report, user, action, roles, version, apply=None, note="", now=None):
    now = now or timezone.now()
    seen = None
    if version not in (None, ""):
        try:
            seen = int(version)
        except (TypeError, ValueError):
            raise ValidationError({"version": [_("Give the version you saw.")]}) from None
    with transaction.atomic():
        locked = WeeklyReport.objects.select_for_update().get(pk=report.pk)
        if not holds(user, roles, locked.grid):
            raise PermissionDenied(_("Your position may not do this with the grid's report."))
        if seen is not None and seen != locked.version:
            raise ReportConflict(
                _("The weekly report changed since you loaded it. Reload it and try again."),
                status=locked.status,
                version=locked.version,
                allowed=report_actions(locked.status),
            )
        if not status_allows(locked.status, action):
            message = None
            if action == ReportAction.EDIT:
                message = _("A submitted report is not edited unless the community returns it.")
            raise ReportConflict(
                message,
                status=locked.status,
                version=locked.version,
                allowed=report_actions(locked.status),
            )
        before = locked.status
        if apply is not None:
            apply(locked, now)
        locked.status = next_status(before, action)
        locked.version += 1
        locked.save()
        _log(locked, action, before, user, now, note)
    return locked


def weekly_report_edit(*, report, user, text_value, version=None, now=None) -> WeeklyReport:
    """The grid leader's words: commentary on the figures and what the
    records cannot say."""
    errors: dict = {}
    value = text(errors, "text", text_value, limit=5000, required=False)
    raise_errors(errors)

    def apply(locked, at):
        locked.text = value

    return _act(
        report=report,
        user=user,
        action=ReportAction.EDIT,
        roles=REPORT_WRITERS,
        version=version,
        apply=apply,
        now=now,
    )


def weekly_report_submit(*, report, user, version=None, now=None) -> WeeklyReport:
    """Submitted; after the deadline it is marked late (a report returned
    and submitted again keeps the mark of its first submission)."""

    def apply(locked, at):
        first = locked.submitted_at is None
        locked.submitted_at = at
        locked.submitted_by = user
        if first:
            locked.late = at > locked.due_at

    return _act(
        report=report,
        user=user,
        action=ReportAction.SUBMIT,
        roles=REPORT_WRITERS,
        version=version,
        apply=apply,
        now=now,
    )


def weekly_report_return(*, report, user, note, version=None, now=None) -> WeeklyReport:
    """The community sends a submitted report back with a note."""
    errors: dict = {}
    note = text(errors, "note", note, limit=500)
    raise_errors(errors)

    def apply(locked, at):
        locked.returned_at = at
        locked.return_note = note

    return _act(
        report=report,
        user=user,
        action=ReportAction.RETURN,
        roles=REPORT_READERS,
        version=version,
        apply=apply,
        note=note,
        now=now,
    )


def emergency_report_send(*, user, unit, title, text_value, place="", now=None):
    """急报: sent at once; the community and the street above the grid are
    told through the outbox in the same transaction."""
    errors: dict = {}
    title = text(errors, "title", title, limit=100)
    body = text(errors, "text", text_value, limit=2000)
    place = text(errors, "place", place, limit=200, required=False)
    if unit is None or unit.kind != UnitKind.GRID or not holds(user, DEMAND_STAFF, unit):
        errors["unit"] = [_("Choose a grid in your area.")]
    raise_errors(errors)
    now = now or timezone.now()
    with transaction.atomic():
        report = EmergencyReport(
            unit=unit, title=title, text=body, place=place, sent_by=user, sent_at=now
        )
        report.copy_ancestors()
        report.save()
        for target in (report.community_id, report.street_id):
            if target:
                outbox_write(
                    kind=notify.EMERGENCY_REPORT,
                    key=f"emergency-report:{report.pk}:{target}",
                    payload={
                        "report": report.pk,
                        "unit": target,
                        "grid": unit.pk,
                        "title": title,
                    },
                )
    return report


def missing_q(now=None) -> Q:
    """Reports past their deadline and not submitted."""
    return Q(submitted_at__isnull=True, due_at__lt=now or timezone.now())
