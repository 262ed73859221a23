"""API plumbing shared by every app: the error format of the v1 contract.

The one translation of what services raise into API answers (see
grid_gov/errors.py for the list); views and serializers let them through."""

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from .errors import Conflict, field_messages

# The body of a 409, for the schema of every action that can answer one.
ConflictSerializer = inline_serializer(
    "Conflict",
    {
        "detail": serializers.CharField(),
        "status": serializers.CharField(),
        "allowed_actions": serializers.ListField(child=serializers.CharField()),
        "version": serializers.IntegerField(allow_null=True),
    },
)


def exception_handler(exc, context):
    # An object outside the caller's subtree is answered exactly like one that
    # does not exist, so the message must not differ either.
    if isinstance(exc, Http404):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    refusal = _limit_refusal(exc)
    if refusal is not None:
        return refusal
    if isinstance(exc, Conflict):
        set_rollback()
        return Response(exc.as_dict(), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        messages = field_messages(exc)
        if NON_FIELD_ERRORS in messages:
            messages[api_settings.NON_FIELD_ERRORS_KEY] = messages.pop(NON_FIELD_ERRORS)
        exc = exceptions.ValidationError(messages)
    # Django's PermissionDenied becomes a 403 with its own message, if any.
    return drf_exception_handler(exc, context)


def _limit_refusal(exc):
    """Request limits: a body over DATA_UPLOAD_MAX_MEMORY_SIZE, too many files
    or fields, and rate limits, each with a message a person can act on."""
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": _("The request body is too large.")},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, TooManyFilesSent):
        return Response(
            {"detail": _("Too many files in one request.")}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, TooManyFieldsSent):
        return Response(
            {"detail": _("Too many fields in one request.")}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, exceptions.Throttled):
        wait = max(1, int(exc.wait or 1))
        response = Response(
            {
                "detail": ngettext(
                    "Too many requests. Try again in %(wait)d second.",
                    "Too many requests. Try again in %(wait)d seconds.",
                    wait,
                )
                % {"wait": wait}
            },
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )
        response["Retry-After"] = str(wait)
        return response
    return None
