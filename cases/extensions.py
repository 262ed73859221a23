"""Extension requests (延期申请): the handler asks the office that sent the
case where it is for a later deadline, with a reason; that office grants or
refuses. Only a granted request moves the current deadline, and none clears
a missed one (`was_overdue`). Both are actions of the transition table,
taken through the same frame as every other (`services._act`)."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import rules
from .deadlines import REMIND_FRACTION
from .models import Case, CaseExtension, ExtensionStatus, NotificationKind
from .services import _act, _check_text, _raise
from .transitions import Action


def _when_text(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def case_request_extension(
    *, case: Case, user, version, due_at: datetime, reason: str, at=None
) -> Case:
    """The handler asks the office that sent the case here for a later
    deadline, with a reason. Nothing moves until it is granted."""
    errors: dict = {}
    reason = _check_text(errors, "reason", reason, required=True)
    if due_at is None:
        errors["due_at"] = [_("Give the new deadline you ask for.")]
    _raise(errors)

    def apply(c, now):
        if c.due_at is not None and due_at <= c.due_at:
            raise ValidationError(
                {
                    "due_at": [
                        _("Ask for a deadline after the current one (%(due)s).")
                        % {"due": _when_text(c.due_at)}
                    ]
                }
            )
        if due_at <= now:
            raise ValidationError({"due_at": [_("Ask for a deadline in the future.")]})
        CaseExtension.objects.create(
            case=c,
            unit=c.responsible_unit,
            decider_unit_id=rules.extension_decider_id(c),
            requested_by=user,
            requested_at=now,
            previous_due_at=c.due_at,
            due_at=due_at,
            reason=reason,
        )
        return None, None, NotificationKind.EXTENSION_REQUESTED

    note = _("More time asked for, until %(due)s: %(reason)s") % {
        "due": _when_text(due_at) if due_at else "",
        "reason": reason,
    }
    return _act(
        case=case,
        user=user,
        action=Action.REQUEST_EXTENSION,
        version=version,
        apply=apply,
        note=note,
        at=at,
    )


def case_decide_extension(*, case: Case, user, version, grant: bool, note: str = "", at=None):
    """The office grants or refuses the waiting request. Only a granted one
    moves the current deadline (and its reminder); a deadline already missed
    stays missed (`was_overdue`)."""
    errors: dict = {}
    note = _check_text(errors, "note", note, required=False)
    if grant is None:
        errors["grant"] = [_("Say whether you grant the extension.")]
    _raise(errors)
    said = {}

    def apply(c, now):
        extension = CaseExtension.objects.select_for_update().get(
            case=c, status=ExtensionStatus.PENDING
        )
        extension.status = ExtensionStatus.GRANTED if grant else ExtensionStatus.REFUSED
        extension.decided_by = user
        extension.decided_at = now
        extension.note = note
        extension.save()
        if grant:
            c.due_at = extension.due_at
            left = extension.due_at - now
            c.remind_at = now + left * REMIND_FRACTION if left.total_seconds() > 0 else now
            c.reminded_at = None
            c.overdue_at = None
        said["due"] = _when_text(extension.due_at)
        return None, None, NotificationKind.EXTENSION_DECIDED

    def decided_note():
        text = (
            _("More time granted: the deadline is now %(due)s.")
            if grant
            else _("More time refused: the deadline stays.")
        ) % said
        return f"{text} {note}".strip()

    return _act(
        case=case,
        user=user,
        action=Action.DECIDE_EXTENSION,
        version=version,
        apply=apply,
        note=decided_note,
        at=at,
    )
