"""What a participation action can fail with besides a ValidationError (400)
and PermissionDenied (403): a conflict with the record's present state (409)."""

from django.utils.translation import gettext_lazy as _

from grid_gov.errors import Conflict


class ParticipationConflict(Conflict):
    """A conflict of party life (409); `fields`: messages about the fields
    it concerns (the venue taken at that time)."""

    message = _("This cannot be done now.")

    def __init__(self, message=None, *, status="", version=None, fields=None, allowed=()):
        super().__init__(message, status=status, allowed=allowed, version=version)
        self.fields = fields or {}

    def as_dict(self) -> dict:
        body = super().as_dict()
        body.update({k: [str(m) for m in v] for k, v in self.fields.items()})
        return body


class ActionNotAllowed(ParticipationConflict):
    message = _("The demand's status does not allow this action.")


class StaleVersion(ParticipationConflict):
    message = _("The demand changed since you loaded it. Reload it and try again.")


class VenueTaken(ParticipationConflict):
    message = _("The venue is booked at that time.")
