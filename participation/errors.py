"""What a participation action can fail with besides a ValidationError (400)
and PermissionDenied (403): a conflict with the record's present state (409)."""

from django.utils.translation import gettext_lazy as _


class ParticipationConflict(Exception):
    message = _("This cannot be done now.")

    def __init__(self, message=None, *, status="", version=None, fields=None):
        super().__init__(str(message or self.message))
        self.message = message or self.message
        self.status = status
        self.version = version
        self.fields = fields or {}


class ActionNotAllowed(ParticipationConflict):
    message = _("The demand's status does not allow this action.")


class StaleVersion(ParticipationConflict):
    message = _("The demand changed since you loaded it. Reload it and try again.")


class VenueTaken(ParticipationConflict):
    message = _("The venue is booked at that time.")
