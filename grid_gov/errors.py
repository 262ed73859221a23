"""What a write can fail with, and how each failure reads, for every app.

Services raise Django's own exceptions and, for a workflow whose state does
not allow the request, a subclass of `Conflict`:

    ValidationError    bad input                          400, field messages
    PermissionDenied   the caller's role may not          403
    Http404            missing, or outside the caller's   404, "Not found."
                       subtree (never told apart)
    Conflict           the object moved on (stale         409, its status, the
                       version, a state that no longer    actions it allows
                       allows the action)                 now, its version

The API answers them in one place, the exception handler in grid_gov/api.py:
views and serializers let them through. Pages that show a failed write in
place read the same exceptions through `field_messages`, `errors_on` (a
Django form) or `page_failure` (status, field messages and message).
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class Conflict(Exception):
    """The state of a workflow's object does not allow the request (409).

    `status`: its status now; `allowed`: the actions it allows now;
    `version`: its version now, for a retry."""

    message = _("This cannot be done now.")

    def __init__(self, message=None, *, status="", allowed=(), version=None):
        super().__init__(str(message or self.message))
        self.message = message or self.message
        self.status = status
        self.allowed = list(allowed)
        self.version = version

    def as_dict(self) -> dict:
        return {
            "detail": str(self.message),
            "status": self.status,
            "allowed_actions": self.allowed,
            "version": self.version,
        }


def field_messages(exc) -> dict[str, list[str]]:
    """Field -> messages of a Django ValidationError, or of a serializer's
    `errors`. Messages about no single field go under NON_FIELD_ERRORS."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return exc.message_dict
        return {NON_FIELD_ERRORS: exc.messages}
    return {field: [str(m) for m in messages] for field, messages in exc.items()}


@contextmanager
def errors_on(form):
    """A service's ValidationError raised inside lands on the form's fields
    (and `form.is_valid()` turns false); the page then renders the form."""
    try:
        yield
    except ValidationError as exc:
        for field, messages in field_messages(exc).items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            for message in messages:
                form.add_error(target, message)


def page_failure(exc) -> tuple[int, dict[str, list[str]], str]:
    """How a page shows a failed write in place: (status, field messages,
    message) for a ValidationError, a PermissionDenied or a Conflict."""
    if isinstance(exc, ValidationError):
        return 400, field_messages(exc), ""
    if isinstance(exc, Conflict):
        return 409, {}, str(exc.message)
    return 403, {}, str(exc) or str(_("Your position may not take this action."))
