"""Input refused before any view runs: NUL characters (PostgreSQL cannot
store them and no person types them) and request bodies over the limits.

The API answers in its JSON error format; pages get the 400 page."""

import json

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
JSON_TYPES = ("application/json", "application/problem+json")


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse(request, message: str, status: int = 400):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "400.html", {"message": message}, status=status)


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request):
        if NUL in request.path:
            raise Http404  # no address has one; answered like any unknown address
        too_large = self._too_large(request)
        if too_large:
            return too_large
        if any(_has_nul(k) or _has_nul(v) for k, v in request.GET.lists()):
            return refuse(request, _("A query parameter contains a NUL character."))
        content_type = request.content_type or ""
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if content_type in JSON_TYPES:
            try:
                data = json.loads(request.body)
            except (ValueError, UnicodeDecodeError):
                return None  # the view's parser names the error
            if _has_nul(data):
                return refuse(request, _("The request body contains a NUL character."))
        elif content_type == "application/x-www-form-urlencoded":
            if any(_has_nul(k) or _has_nul(v) for k, v in request.POST.lists()):
                return refuse(request, _("The request body contains a NUL character."))
        return None

    def _too_large(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, _("The Content-Length header is not a number."))
        if request.content_type == "multipart/form-data":
            limit = settings.GRIDGOV_REQUEST_MAX_BYTES
        else:
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return refuse(
                request,
                _("The request is larger than %(mb)s MB.") % {"mb": _megabytes(limit)},
                413,
            )
        return None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"
