"""What a case action can fail with, besides a ValidationError (bad input,
400) and PermissionDenied (the role may not, 403). Views map these to 409."""

from django.utils.translation import gettext_lazy as _


class CaseConflict(Exception):
    """The case is not in a state that allows the request (409)."""

    message = _("The case cannot take this action now.")

    def __init__(self, message=None, *, status="", allowed=(), version=None):
        super().__init__(str(message or self.message))
        self.message = message or self.message
        self.status = status
        self.allowed = list(allowed)
        self.version = version


class ActionNotAllowed(CaseConflict):
    message = _("The case's status does not allow this action.")


class StaleVersion(CaseConflict):
    message = _("The case changed since you loaded it. Reload it and try again.")
