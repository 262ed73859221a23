"""Merging a duplicate into the case that survives (合并): its own action of
the transition table. The duplicate is cancelled into the survivor, which
lists it (`Case.duplicates`, the API's `merged`); the duplicate's reporter is
told at once, and every reporter of the survivor and its duplicates hears
how it ends (see `cases.notify`)."""

from django.http import Http404
from django.utils.translation import gettext as _

from .errors import MergeTargetFinished
from .models import Case, NotificationKind, Status
from .services import _act, _check_text, _raise
from .transitions import Action

# A survivor still in the loop (resolved included: it waits for its close).
OPEN_TO_MERGE = (Status.REPORTED, Status.HANDLING, Status.RESOLVED)


def case_merge(*, case: Case, user, version, into, note: str = "", at=None) -> Case:
    """Cancel `case` as a duplicate of `into` (a case or its id): a case the
    user can see that is still open. Into itself: 400; outside the user's
    area or unknown: 404, the same answer for both, and only once the user's
    role and the case's status allow merging (403, 409); closed or cancelled:
    409."""
    errors: dict = {}
    note = _check_text(errors, "note", note, required=False)
    into_id = getattr(into, "pk", into)
    if into_id is None:
        errors["into"] = [_("Give the case this one duplicates.")]
    elif into_id == case.pk:
        errors["into"] = [_("A case cannot be merged into itself: give the case it duplicates.")]
    _raise(errors)
    said = {}

    def apply(c, now):
        # The survivor is locked too, so it cannot close while we merge.
        survivor = (
            Case.objects.visible_to(user)
            .select_for_update(of=("self",))
            .only("id", "status", "number")
            .filter(pk=into_id)
            .first()
        )
        if survivor is None:
            raise Http404
        if survivor.status not in OPEN_TO_MERGE:
            raise MergeTargetFinished(status=c.status, allowed=[Action.MERGE], version=c.version)
        c.merged_into = survivor
        said["number"] = survivor.number
        return None, None, NotificationKind.MERGED

    def merged_note():
        text = _("Merged into %(number)s.") % said
        return f"{text} {note}" if note else text

    return _act(
        case=case,
        user=user,
        action=Action.MERGE,
        version=version,
        apply=apply,
        note=merged_note,
        at=at,
    )
