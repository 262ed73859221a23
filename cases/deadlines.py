"""Deadlines: hours allowed by category × urgency, and the scan that the
Celery beat runs every minute.

The scan works only from the database (never ETA tasks days ahead): it
reminds the responsible unit at 80% of the time, marks the case overdue at
the deadline (and `was_overdue`, for good) and, after a grace period, has the
unit one level up supervise it (督办) while the case stays with its handler. Each step claims its rows with a conditional UPDATE on
rows locked with SKIP LOCKED, so two scans at once, or one scan run twice,
do each step once.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Case, CaseDeadline, CaseEvent, NotificationKind, Urgency
from .notify import notify_later
from .signals import case_changed, case_snapshot
from .transitions import OPEN_STATUSES, Action

# When a category (nor any ancestor) has no row for the urgency.
FALLBACK_HOURS = {Urgency.EMERGENCY: 4, Urgency.URGENT: 48, Urgency.NORMAL: 168}
REMIND_FRACTION = 0.8
BATCH = 200


def deadline_hours(*, category, urgency: str) -> int:
    """The category's own row, else its nearest ancestor's, else the default."""
    hours = (
        CaseDeadline.objects.filter(
            urgency=urgency,
            category__tree_id=category.tree_id,
            category__lft__lte=category.lft,
            category__rght__gte=category.rght,
        )
        .order_by("-category__level")
        .values_list("hours", flat=True)
        .first()
    )
    return hours if hours is not None else FALLBACK_HOURS[Urgency(urgency)]


def deadline_times(*, category, urgency: str, start):
    """(due_at, remind_at) for a deadline starting at `start`."""
    allowed = timedelta(hours=deadline_hours(category=category, urgency=urgency))
    return start + allowed, start + allowed * REMIND_FRACTION


# While a case sits in these, its stint's deadline runs (a resolved case
# still waits for its follow-up and close).
DEADLINE_STATUSES = (*OPEN_STATUSES, "resolved")


def deadline_missed(case, now) -> bool:
    """Whether the current stint of `case` is past its deadline at `now`; if
    so the case is marked `was_overdue`, for good. Every action calls this
    before it moves the case on, so a dispatch, a reopen or an extension
    that starts a new deadline never forgets a missed one."""
    missed = case.status in DEADLINE_STATUSES and case.due_at is not None and now > case.due_at
    if missed:
        case.was_overdue = True
    return missed


def grace() -> timedelta:
    return timedelta(hours=getattr(settings, "GRIDGOV_SUPERVISE_GRACE_HOURS", 24))


def _annotate(case, action, now, note):
    """An event that changes neither the unit nor the status. The version
    stays: nobody decided anything on these fields, and a reminder must not
    turn the handler's next click into a conflict."""
    return CaseEvent.objects.create(
        case=case,
        action=action,
        actor=None,
        at=now,
        from_unit_id=case.responsible_unit_id,
        to_unit_id=case.responsible_unit_id,
        from_status=case.status,
        to_status=case.status,
        note=note,
    )


def _remind(case, now) -> bool:
    if not Case.objects.filter(pk=case.pk, reminded_at__isnull=True).update(reminded_at=now):
        return False
    before = case_snapshot(case)
    case.reminded_at = now
    event = _annotate(
        case,
        Action.REMIND,
        now,
        _("The deadline is near: 80 percent of the time allowed has passed."),
    )
    case_changed.send(sender=Case, case=case, event=event, before=before)
    notify_later(event=event, kind=NotificationKind.REMINDER)
    return True


def _mark_overdue(case, now) -> bool:
    # Overdue since the deadline itself, even if the scan comes late.
    overdue_at = min(case.due_at, now)
    claimed = Case.objects.filter(pk=case.pk, overdue_at__isnull=True).update(
        overdue_at=overdue_at, was_overdue=True
    )
    if not claimed:
        return False
    before = case_snapshot(case)
    case.overdue_at = overdue_at
    case.was_overdue = True
    event = _annotate(case, Action.OVERDUE, now, _("The deadline has passed."))
    case_changed.send(sender=Case, case=case, event=event, before=before)
    notify_later(event=event, kind=NotificationKind.OVERDUE)
    return True


def _supervise(case, now) -> bool:
    """Through the same service path as every other action (`_act`): the
    row is locked here already, so the version cannot have moved."""
    from .services import case_supervise

    if case.supervised_at is not None:
        return False
    case_supervise(case=case, version=case.version, at=now)
    return True


def deadlines_scan(*, now=None) -> dict:
    """One pass of the deadline scan; returns how many cases each step took."""
    now = now or timezone.now()
    open_cases = Q(status__in=OPEN_STATUSES)
    steps = [
        # Overdue first: a case already past its deadline needs no reminder.
        ("overdue", Q(due_at__lte=now, overdue_at__isnull=True), _mark_overdue),
        (
            "reminded",
            Q(remind_at__lte=now, reminded_at__isnull=True, overdue_at__isnull=True),
            _remind,
        ),
        (
            "supervised",
            Q(overdue_at__lte=now - grace(), supervised_at__isnull=True),
            _supervise,
        ),
    ]
    counts = {name: 0 for name, _q, _fn in steps}
    for name, condition, step in steps:
        done: set[int] = set()
        while True:
            with transaction.atomic():
                batch = list(
                    Case.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("responsible_unit")
                    .filter(open_cases, condition)
                    .exclude(pk__in=done)
                    .order_by("pk")[:BATCH]
                )
                for case in batch:
                    done.add(case.pk)
                    if step(case, now):
                        counts[name] += 1
            if len(batch) < BATCH:
                break
    return counts
