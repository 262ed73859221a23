"""API plumbing shared by every app: the error format of the v1 contract."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "conflict"
    default_code = "conflict"


def exception_handler(exc, context):
    # An object outside the caller's subtree is answered exactly like one that
    # does not exist, so the message must not differ either.
    if isinstance(exc, Http404):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    refusal = _limit_refusal(exc)
    if refusal is not None:
        return refusal
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
