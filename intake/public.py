"""The resident's own pages, with no account: file a report from a phone
(photo, the browser's point or an address, a category in plain words, a
phone for the follow-up) and follow it by the link on the receipt, which
shows the status and the result and never personal data.

Throttled per phone and per address (GRIDGOV_REPORTS_PER_PHONE_HOUR,
GRIDGOV_REPORTS_PER_ADDRESS_HOUR), counted in the shared throttle cache."""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from rest_framework.throttling import BaseThrottle

from cases import selectors as case_selectors
from cases.models import CaseCategory, Status
from grid_gov.errors import field_messages

from . import services
from .models import Channel, IntakeReport, ReportStatus

WINDOW_SECONDS = 3600


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=CaseCategory.objects.filter(active=True, children__isnull=True),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the listed kinds.")},
    )
    description = forms.CharField(max_length=2000)
    latitude = forms.CharField(required=False, max_length=20)
    longitude = forms.CharField(required=False, max_length=20)
    address = forms.CharField(required=False, max_length=200)
    phone = forms.RegexField(
        regex=r"^\+?[\d\- ]{7,20}$",
        max_length=20,
        error_messages={"invalid": gettext_lazy("Give a phone number we can call back.")},
    )
    photo = forms.FileField(required=False)


def _count(key: str) -> int:
    cache = caches["throttle"]
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def _throttled(request, phone: str) -> bool:
    digits = "".join(ch for ch in phone if ch.isdigit())
    phone_key = "intake:phone:" + hashlib.sha256(digits.encode()).hexdigest()[:32]
    address_key = "intake:addr:" + (BaseThrottle().get_ident(request) or "")
    over_phone = _count(phone_key) > settings.GRIDGOV_REPORTS_PER_PHONE_HOUR
    over_address = _count(address_key) > settings.GRIDGOV_REPORTS_PER_ADDRESS_HOUR
    return over_phone or over_address


def report_new(request):
    errors: dict = {}
    status = 200
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if not form.is_valid():
            errors, status = field_messages(form.errors), 400
        elif _throttled(request, form.cleaned_data["phone"]):
            errors = {
                "__all__": [
                    _(
                        "Too many reports from this phone or place. Try again in an hour, or call 12345."
                    )
                ]
            }
            status = 429
        else:
            data = form.cleaned_data
            try:
                report = services.report_receive(
                    channel=Channel.RESIDENT,
                    description=data["description"],
                    category=data["category"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    address=data["address"],
                    contact_phone=data["phone"],
                    photo=data["photo"],
                )
            except ValidationError as exc:
                errors, status = field_messages(exc), 400
                if "media" in errors:
                    errors["photo"] = errors.pop("media")
                if "lat" in errors or "long" in errors:
                    errors["address"] = errors.pop("lat", []) + errors.pop("long", [])
            else:
                return redirect("report-status", token=report.token)
    return render(
        request,
        "intake/report_new.html",
        {
            "category_groups": case_selectors.leaf_categories(),
            "errors": errors,
            "values": values,
        },
        status=status,
    )


def _public_status(report: IntakeReport) -> tuple[str, str]:
    """(what the resident reads as the state, the result or reason)."""
    if report.status == ReportStatus.PENDING:
        return _("Waiting for verification"), ""
    if report.status == ReportStatus.DECLINED:
        return _("Not taken up"), report.decline_reason
    case = report.case
    if case.status in (Status.REPORTED, Status.HANDLING):
        return _("Being handled"), ""
    if case.status == Status.RESOLVED:
        return _("Handled; waiting for the follow-up call"), case.result
    if case.status == Status.CLOSED:
        return pgettext("resident report", "Done"), case.result
    return _("Closed without handling"), ""


def report_status(request, token):
    report = IntakeReport.objects.select_related("case", "category").filter(token=token).first()
    if report is None:
        raise Http404
    state, text = _public_status(report)
    return render(
        request,
        "intake/report_status.html",
        {"report": report, "state": state, "text": text},
    )
