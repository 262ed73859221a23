"""The answer to a sign-in refused for too many failures (django-axes calls
this): JSON for the API, the sign-in page with the reason for people."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

STATUS = 429


def message() -> str:
    return _(
        "Too many failed sign-ins: this account or address is locked for now. "
        "Try again later, or ask an administrator to unlock it."
    )


def locked_out(request, response=None, credentials=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message()}, status=STATUS)
    return render(request, "registration/locked_out.html", {"message": message()}, status=STATUS)
