"""Open311 GeoReport v2 at /open311/v2/, in JSON and XML exactly as the
specification shapes them (http://wiki.open311.org/GeoReport_v2), so existing
clients (FixMyStreet, mobile apps) file here unchanged.

- services: the active leaf case categories; `service_code` is the
  category code. None carries extra attributes (`metadata` false), so a
  service definition lists no attributes.
- POST requests: `api_key` of an outside system (issued in the admin, scoped
  to a unit), `service_code`, `lat`/`long` or `address_string`,
  `description`, optional `first_name`, `last_name`, `phone`, a photo as
  `media` (multipart). Extension: `ticket`, the caller's own ticket number
  (the 12345 hotline's): the same ticket sent again answers with the same
  `service_request_id`. The report waits in triage; its id is its receipt
  number, which the case keeps.
- GET requests, requests/{id}: reports that came from outside, never a name,
  phone or e-mail. Filters `service_request_id` (comma-separated),
  `service_code`, `start_date`, `end_date`, `status` (open, closed); without
  dates the last 90 days, at most 1000 rows.
- Errors: the specification's list of `code` and `description`, with the
  same HTTP status.
"""

import json
from datetime import timedelta
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cases.models import CaseCategory, Status

from . import services
from .models import IntakeClient, IntakeReport, ReportStatus, key_digest

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-01T00:00:00Z"
MAX_ROWS = 1000
DEFAULT_DAYS = 90
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FIELD_PARAMS = {
    "lat": "lat",
    "long": "long",
    "address": "address_string",
    "description": "description",
    "contact_name": "first_name",
    "contact_phone": "phone",
    "external_id": "ticket",
    "media": "media",
    "category": "service_code",
}


class Open311Error(Exception):
    def __init__(self, code: int, description: str):
        super().__init__(description)
        self.code = code
        self.description = description


# --- rendering ----------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml(root: str, item: str | None, rows) -> bytes:
    """`rows`: a list of dicts under <root><item>…</item></root>, or one dict
    under <root> when `item` is None. A list value repeats its singular."""

    def fill(element, data: dict):
        for key, value in data.items():
            child = ET.SubElement(element, key)
            if isinstance(value, list):
                singular = key[:-1]
                for entry in value:
                    sub = ET.SubElement(child, singular)
                    if isinstance(entry, dict):
                        fill(sub, entry)
                    else:
                        sub.text = _text(entry)
            elif isinstance(value, dict):
                fill(child, value)
            else:
                child.text = _text(value)

    top = ET.Element(root)
    if item is None:
        fill(top, rows)
    else:
        for row in rows:
            fill(ET.SubElement(top, item), row)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")


def _answer(fmt: str, data, *, root: str, item: str | None, status: int = 200):
    if fmt == "xml":
        body = _xml(root, item, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def _errors(fmt: str, errors: list[tuple[int, str]], status: int):
    rows = [{"code": code, "description": description} for code, description in errors]
    return _answer(fmt, rows, root="errors", item="error", status=status)


def _guarded(view):
    """Open311 errors (and bad input from the services) in the
    specification's error format."""

    def wrapped(request, fmt, *args, **kwargs):
        try:
            return view(request, fmt, *args, **kwargs)
        except Open311Error as exc:
            return _errors(fmt, [(exc.code, exc.description)], exc.code)
        except ValidationError as exc:
            rows = []
            for field, messages in exc.message_dict.items():
                param = FIELD_PARAMS.get(field, field)
                rows.extend((400, f"{param}: {message}") for message in messages)
            return _errors(fmt, rows, 400)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


# --- the resources ------------------------------------------------------------


def _leaves():
    return CaseCategory.objects.filter(active=True, children__isnull=True).order_by("code")


@require_http_methods(["GET"])
@_guarded
def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/")
    data = {
        "changeset": CHANGESET,
        "contact": _("Ask the district's administrator for an api_key."),
        "key_service": _("Keys are issued by the administrator, one per outside system."),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return _answer(fmt, data, root="discovery", item=None)


@require_http_methods(["GET"])
@_guarded
def service_list(request, fmt):
    rows = []
    for category in _leaves().select_related("parent"):
        rows.append(
            {
                "service_code": category.code,
                "service_name": category.name,
                "description": category.name,
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": category.parent.name if category.parent_id else "",
            }
        )
    return _answer(fmt, rows, root="services", item="service")


def _service(code: str) -> CaseCategory:
    category = _leaves().filter(code=code).first()
    if category is None:
        raise Open311Error(404, _("No service with the code %(code)s.") % {"code": code})
    return category


@require_http_methods(["GET"])
@_guarded
def service_definition(request, fmt, code):
    category = _service(code)
    data = {"service_code": category.code, "attributes": []}
    return _answer(fmt, data, root="service_definition", item=None)


def _client(request) -> IntakeClient:
    key = (request.POST.get("api_key") or request.GET.get("api_key") or "").strip()
    if not key:
        raise Open311Error(403, _("api_key is required: ask the administrator for one."))
    client = (
        IntakeClient.objects.select_related("unit")
        .filter(key_digest=key_digest(key), active=True)
        .first()
    )
    if client is None:
        raise Open311Error(403, _("The api_key is not valid."))
    return client


def _status(report: IntakeReport) -> tuple[str, str]:
    """(open|closed, status_notes) as an outside system sees them."""
    if report.status == ReportStatus.DECLINED:
        return "closed", report.decline_reason
    case = report.case
    if case is not None and case.status in (Status.CLOSED, Status.CANCELLED):
        return "closed", case.result
    if case is not None and case.status == Status.RESOLVED:
        return "open", case.result
    return "open", ""


def _row(report: IntakeReport) -> dict:
    status, notes = _status(report)
    case = report.case
    updated = report.handled_at or report.created_at
    if case is not None:
        times = (updated, case.accepted_at, case.resolved_at, case.closed_at)
        updated = max(t for t in times if t)
    return {
        "service_request_id": report.receipt,
        "status": status,
        "status_notes": notes,
        "service_name": report.category.name if report.category_id else "",
        "service_code": report.category.code if report.category_id else "",
        "description": report.description,
        "agency_responsible": (case.responsible_unit.name if case else report.unit.name),
        "service_notice": "",
        "requested_datetime": _when(report.created_at),
        "updated_datetime": _when(updated),
        "expected_datetime": _when(case.due_at) if case else None,
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
        "media_url": "",
    }


def _reports():
    return IntakeReport.objects.select_related("category", "unit", "case__responsible_unit")


def _date(request, name):
    value = request.GET.get(name)
    if not value:
        return None
    parsed = parse_datetime(value.replace(" ", "+"))
    if parsed is None:
        raise Open311Error(
            400,
            _("%(name)s: give a date and time like 2026-12-01T08:00:00+08:00.") % {"name": name},
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _list(request, fmt):
    reports = _reports()
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        reports = reports.filter(receipt__in=ids[:MAX_ROWS])
    else:
        start, end = _date(request, "start_date"), _date(request, "end_date")
        if start is None and end is None:
            start = timezone.now() - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            reports = reports.filter(created_at__gte=start)
        if end is not None:
            reports = reports.filter(created_at__lte=end)
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            reports = reports.filter(category__code__in=codes)
    wanted = request.GET.get("status", "").strip()
    if wanted and wanted not in ("open", "closed"):
        raise Open311Error(400, _("status: open or closed."))
    rows = [_row(r) for r in reports.order_by("-created_at", "-id")[: MAX_ROWS * 2]]
    if wanted:
        rows = [r for r in rows if r["status"] == wanted]
    return _answer(fmt, rows[:MAX_ROWS], root="service_requests", item="request")


def _create(request, fmt):
    client = _client(request)
    code = (request.POST.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code is required."))
    category = _service(code)
    name = " ".join(
        p for p in (request.POST.get("first_name", ""), request.POST.get("last_name", "")) if p
    )
    report = services.report_receive(
        channel=client.channel,
        client=client,
        category=category,
        description=request.POST.get("description", ""),
        latitude=request.POST.get("lat"),
        longitude=request.POST.get("long"),
        address=request.POST.get("address_string", ""),
        contact_name=name[:50],
        contact_phone=request.POST.get("phone", ""),
        photo=request.FILES.get("media"),
        external_id=request.POST.get("ticket", ""),
    )
    rows = [
        {
            "service_request_id": report.receipt,
            "service_notice": _("Received; it is verified and handled within the deadline."),
            "account_id": None,
        }
    ]
    return _answer(fmt, rows, root="service_requests", item="request")


@csrf_exempt
@require_http_methods(["GET", "POST"])
@_guarded
def requests(request, fmt):
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


@require_http_methods(["GET"])
@_guarded
def request_detail(request, fmt, receipt):
    report = _reports().filter(receipt=receipt).first()
    if report is None:
        raise Open311Error(404, _("No service request with the id %(id)s.") % {"id": receipt})
    return _answer(fmt, [_row(report)], root="service_requests", item="request")
