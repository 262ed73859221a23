"""Notifications: who hears of a case event, what they read, and delivery.

Services call `notify_later(event=…, kind=…)` inside the action's
transaction; it writes an outbox message (grid_gov.outbox) and nothing else,
so the action never waits on the broker. The relay then runs two handlers:

- "cases.notify" (one per event and kind) writes the in-app rows, one per
  recipient, and one "cases.deliver" message per row;
- "cases.deliver" sends one row through the outside channels, giving each
  channel the row's key (event, kind, recipient) as the idempotency key, and
  records `sent_at`. A channel that fails is tried again with a backoff; the
  in-app row is already there.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from grid_gov.outbox import outbox_write
from orgs.kinds import Role

from .channels import get_channels
from .models import CaseEvent, Notification
from .models import NotificationKind as K
from .transitions import ACTION_ROLES, Action

_muted: ContextVar[bool] = ContextVar("gridgov_case_notifications_muted", default=False)

# Everyone who may accept a case at a unit hears of what arrives there.
_HANDLING_ROLES = ACTION_ROLES[Action.ACCEPT]
# The offices that decide extensions.
OFFICE_ROLES = ACTION_ROLES[Action.DECIDE_EXTENSION]
# The outcomes a case's reporter hears of.
OUTCOME_KINDS = (K.CLOSED, K.CANCELLED, K.MERGED)


def _latest_extension(case):
    from .models import CaseExtension

    return CaseExtension.objects.filter(case=case).order_by("-id").first()


@contextmanager
def notifications_muted():
    """For loading historical cases (the demo): nothing is sent."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


NOTIFY = "cases.notify"
DELIVER = "cases.deliver"


def notify_later(*, event, kind: str) -> None:
    """Tell whoever `kind` concerns about `event`, once the action commits:
    an outbox message written in the caller's transaction."""
    if _muted.get():
        return
    notify_event_later(event_id=event.pk, kind=kind)


def notify_event_later(*, event_id: int, kind: str) -> None:
    outbox_write(
        kind=NOTIFY, key=f"{NOTIFY}:{event_id}:{kind}", payload={"event": event_id, "kind": kind}
    )


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
    elif kind == K.EXTENSION_REQUESTED:
        # The office that decides.
        extension = _latest_extension(case)
        users = list(_staff_at(extension.decider_unit_id, OFFICE_ROLES)) if extension else []
    elif kind == K.EXTENSION_DECIDED:
        # Whoever asked, and the unit that holds the case.
        extension = _latest_extension(case)
        users = [extension.requested_by] if extension else []
        users += list(_staff_at(event.to_unit_id))
    elif kind in OUTCOME_KINDS:
        # Whoever filed the case hears how it ended, wherever it is now, and
        # so do the reporters of the duplicates merged into it.
        users = [case.reporter, *[d.reporter for d in case.duplicates.select_related("reporter")]]
    elif kind == K.SUPERVISED:
        # The handler, and the unit that now supervises it.
        users = list(_staff_at(event.to_unit_id)) + list(_staff_at(case.supervising_unit_id))
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
        "supervisor": case.supervising_unit.name if case.supervising_unit_id else "",
        "into": case.merged_into.number if case.merged_into_id else "",
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
        K.EXTENSION_REQUESTED: _("Case %(number)s “%(title)s”: %(note)s"),
        K.EXTENSION_DECIDED: _("Case %(number)s “%(title)s”: %(note)s"),
        K.CLOSED: _("Case %(number)s “%(title)s” you reported is closed: %(note)s"),
        K.CANCELLED: _("Case %(number)s “%(title)s” you reported was cancelled: %(note)s"),
        K.MERGED: _(
            "Case %(number)s “%(title)s” you reported was merged into %(into)s, "
            "which is followed from there: %(note)s"
        ),
        K.SUPERVISED: _(
            "Case %(number)s “%(title)s” at %(unit)s is overdue; %(supervisor)s supervises it."
        ),
    }
    return _short(texts[kind] % values, 300)


def notifications_send(*, event_id: int, kind: str) -> int:
    """Write the in-app rows of one event (once: each row's key is made of
    the event, the kind and the recipient) and a delivery message for each
    row not sent yet. Returns how many rows wait for delivery."""
    event = (
        CaseEvent.objects.select_related("case", "case__grid", "case__supervising_unit", "to_unit")
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
    written = 0
    for pk, key in Notification.objects.filter(
        key__in=[row.key for row in rows], sent_at__isnull=True
    ).values_list("pk", "key"):
        # A message written by an earlier run is left as it is.
        outbox_write(kind=DELIVER, key=f"{DELIVER}:{key}", payload={"notification": pk})
        written += 1
    return written


def notification_deliver(*, notification_id: int) -> bool:
    """Send one in-app row through every outside channel, each given the
    row's key, and record it. Returns False when there was nothing to do."""
    notification = (
        Notification.objects.select_related("recipient", "case").filter(pk=notification_id).first()
    )
    if notification is None or notification.sent_at is not None:
        return False
    for channel in get_channels():
        channel.send(notification=notification, key=notification.key)
    notification.sent_at = timezone.now()
    notification.save(update_fields=["sent_at"])
    return True


def handle_notify(message) -> None:
    """Outbox handler of "cases.notify"."""
    notifications_send(event_id=message.payload["event"], kind=message.payload["kind"])


def handle_deliver(message) -> None:
    """Outbox handler of "cases.deliver"."""
    notification_deliver(notification_id=message.payload["notification"])


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read: the given ones, or all."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
