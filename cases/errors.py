"""What a case action can fail with, besides a ValidationError (bad input,
400) and PermissionDenied (the role may not, 403): conflicts, answered 409
by the project's exception handler (see grid_gov/errors.py)."""

from django.utils.translation import gettext_lazy as _

from grid_gov.errors import Conflict


class CaseConflict(Conflict):
    """The case is not in a state that allows the request (409)."""

    message = _("The case cannot take this action now.")


class ActionNotAllowed(CaseConflict):
    message = _("The case's status does not allow this action.")


class StaleVersion(CaseConflict):
    message = _("The case changed since you loaded it. Reload it and try again.")


class MergeTargetFinished(CaseConflict):
    """The surviving case of a merge is closed or cancelled."""

    message = _(
        "The case to merge into is already closed or cancelled: choose a case still being "
        "handled, or cancel this one instead."
    )
