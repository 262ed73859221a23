"""Notifications: who hears of a case event, what they read, and delivery.

Services only enqueue (`notify_later`, run after commit by Celery); the task
calls `notifications_send`, which is idempotent: each row's key is made of
the event, the kind and the recipient, so a redelivered task finds its rows
and sends nothing twice.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from orgs.kinds import Role

from .channels import get_channels
from .models import CaseEvent, Notification
from .models import NotificationKind as K
from .transitions import ACTION_ROLES, Action

_muted: ContextVar[bool] = ContextVar("gridgov_case_notifications_muted", default=False)

# Everyone who may accept a case at a unit hears of what arrives there.
_HANDLING_ROLES = ACTION_ROLES[Action.ACCEPT]


@contextmanager
def notifications_muted():
    """For loading historical cases (the demo): nothing is sent."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def notify_later(*, event, kind: str) -> None:
    """Enqueue the notification task once the transaction commits."""
    if _muted.get():
        return
    from .tasks import notify_event

    notify_event.delay_on_commit(event.pk, kind)


def _staff_at(unit_id, roles=_HANDLING_ROLES):
    User = get_user_model()
    return User.objects.filter(
        is_active=True, positions__unit_id=unit_id, positions__role__in=roles
    ).distinct()


def recipients(event, kind: str):
    case = event.case
    if kind == K.EMERGENCY:
        # The community's party organization and the street office, at once.
        users = list(_staff_at(case.community_id, [Role.COMMUNITY_STAFF])) + list(
            _staff_at(case.street_id, [Role.STREET_DISPATCHER])
        )
    else:
        users = list(_staff_at(event.to_unit_id))
    seen, result = set(), []
    for user in users:
        if user.pk in seen or user.pk == event.actor_id:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def notification_text(event, kind: str) -> str:
    case = event.case
    due = (
        date_format(timezone.localtime(case.due_at), "SHORT_DATETIME_FORMAT") if case.due_at else ""
    )
    values = {
        "number": case.number,
        "title": _short(case.title, 40),
        "unit": event.to_unit.name if event.to_unit_id else "",
        "grid": case.grid.name,
        "note": _short(event.note, 80),
        "due": due,
    }
    texts = {
        K.NEW: _("New case %(number)s “%(title)s” at %(unit)s."),
        K.EMERGENCY: _("Emergency case %(number)s “%(title)s” in %(grid)s: act at once."),
        K.ESCALATED: _("Case %(number)s “%(title)s” was escalated to %(unit)s: %(note)s"),
        K.DISPATCHED: _("Case %(number)s “%(title)s” was dispatched to %(unit)s, due %(due)s."),
        K.RETURNED: _("Case %(number)s “%(title)s” was returned to %(unit)s: %(note)s"),
        K.RESOLVED: _(
            "Case %(number)s “%(title)s” was resolved; check with the resident and close it."
        ),
        K.REOPENED: _("Case %(number)s “%(title)s” was reopened: %(note)s"),
        K.URGED: _("Case %(number)s “%(title)s” is urged: %(note)s"),
        K.REMINDER: _("Case %(number)s “%(title)s” is due at %(due)s."),
        K.OVERDUE: _("Case %(number)s “%(title)s” is overdue (due %(due)s)."),
        K.SUPERVISED: _(
            "Case %(number)s “%(title)s” is overdue and was escalated to %(unit)s for supervision."
        ),
    }
    return _short(texts[kind] % values, 300)


def notifications_send(*, event_id: int, kind: str) -> int:
    """Write the in-app rows of one event and deliver each through the
    outside channels once. Returns how many deliveries happened now."""
    event = (
        CaseEvent.objects.select_related("case", "case__grid", "to_unit")
        .filter(pk=event_id)
        .first()
    )
    if event is None:  # the filing rolled back after all; nothing to say
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        text = notification_text(event, kind)
    rows = [
        Notification(
            recipient=user,
            case=event.case,
            kind=kind,
            text=text,
            key=f"{event.pk}:{kind}:{user.pk}",
        )
        for user in recipients(event, kind)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    keys = [row.key for row in rows]
    delivered = 0
    for pk in Notification.objects.filter(key__in=keys, sent_at__isnull=True).values_list(
        "pk", flat=True
    ):
        # The claim and the delivery share a transaction: a channel error
        # rolls the claim back and the retried task delivers it then.
        with transaction.atomic():
            if not Notification.objects.filter(pk=pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            ):
                continue  # another delivery of the same task got here first
            notification = Notification.objects.select_related("recipient", "case").get(pk=pk)
            for channel in get_channels():
                channel.send(notification=notification)
            delivered += 1
    return delivered


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read: the given ones, or all."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
