"""Pages of intake: the triage queue (待核实) and one report with its three
moves. Input goes through the API's serializers and the services, so a page
and the API answer alike."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import selectors as case_selectors
from grid_gov.errors import Conflict, field_messages, page_failure
from grid_gov.params import parse_id
from members import masking

from . import selectors, services
from .models import ReportStatus
from .serializers import AcceptSerializer, DeclineSerializer, ReportMergeSerializer

PAGE_SIZE = 30
MOVES = {
    "accept": (AcceptSerializer, services.report_accept),
    "merge": (ReportMergeSerializer, services.report_merge),
    "decline": (DeclineSerializer, services.report_decline),
}


@login_required
def intake_list(request):
    """The reports waiting for triage in the caller's area; or those
    already handled."""
    view = "done" if request.GET.get("view") == "done" else "pending"
    reports = selectors.reports_visible(user=request.user)
    if view == "pending":
        reports = reports.filter(status=ReportStatus.PENDING)
    else:
        reports = reports.exclude(status=ReportStatus.PENDING)
    page = Paginator(reports.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "intake/list.html", {"page": page, "view": view})


def _context(request, report, **extra) -> dict:
    user = request.user
    return {
        "report": report,
        "contact_phone": masking.mask_phone(report.contact_phone),
        "duplicates": selectors.report_duplicates(user=user, report=report),
        "category_groups": case_selectors.leaf_categories(),
        "grids": case_selectors.grids_for_filing(user=user),
        "events": report.events.select_related("actor"),
        "errors": {},
        "open_move": "",
        "values": {},
        "error_message": "",
        **extra,
    }


@login_required
def intake_detail(request, pk):
    report = selectors.report_get(user=request.user, pk=pk)
    return render(request, "intake/detail.html", _context(request, report))


@login_required
@require_POST
def intake_move(request, pk, move):
    report = selectors.report_get(user=request.user, pk=pk)
    if move not in MOVES:
        raise Http404
    serializer_class, service = MOVES[move]
    data = request.POST.copy()
    if move == "merge":
        # People name the case by its number; the API takes its id.
        number = (data.get("case_number") or "").strip()
        if number and not data.get("case"):
            target = case_selectors.cases_visible(user=request.user).filter(number=number).first()
            data["case"] = str(target.pk) if target else "0"
    for key in ("category", "grid"):
        if key in data and not data[key]:
            del data[key]
    serializer = serializer_class(data=data, context={"request": request})
    errors, status, message = {}, 200, ""
    if not serializer.is_valid():
        errors, status = field_messages(serializer.errors), 400
    else:
        try:
            report = service(report=report, user=request.user, **serializer.validated_data)
        except (DjangoValidationError, PermissionDenied, Conflict) as exc:
            status, errors, message = page_failure(exc)
    if status == 200:
        if report.case_id and move == "accept":
            messages.success(
                request, _("Filed as case %(number)s.") % {"number": report.case.number}
            )
            return redirect("case-detail", pk=report.case_id)
        messages.success(request, _("Done: %(status)s.") % {"status": report.get_status_display()})
        return redirect("intake-list")
    report = selectors.report_get(user=request.user, pk=pk)
    context = _context(
        request, report, errors=errors, open_move=move, values=request.POST, error_message=message
    )
    return render(request, "intake/detail.html", context, status=status)


@login_required
def intake_photo(request, pk):
    report = selectors.report_get(user=request.user, pk=pk)
    if not report.photo:
        raise Http404
    try:
        handle = report.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(report.photo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def map_page(request):
    """The map (一张图) of the caller's area or of one unit in it."""
    from django.conf import settings

    from .api import map_unit
    from .maps import FIGURES

    raw = request.GET.get("unit")
    pk = parse_id(raw)
    if raw and pk is None:
        raise Http404
    unit = map_unit(request.user, pk)
    figure = request.GET.get("figure")
    if figure not in FIGURES:
        figure = "open_cases"
    labels = {
        "open_cases": _("Open cases"),
        "overdue": _("Overdue"),
        "closure_rate": _("Closure rate"),
        "satisfaction": _("Satisfaction"),
    }
    return render(
        request,
        "intake/map.html",
        {
            "unit": unit,
            "figure": figure,
            "figures": [(f, labels[f]) for f in FIGURES],
            "tiles_url": settings.GRIDGOV_MAP_TILES_URL,
        },
    )


def _hotline_clients(user):
    from orgs.access import has_capability
    from orgs.kinds import Capability

    from .models import IntakeClient

    clients = IntakeClient.objects.filter(channel="hotline", active=True).select_related("unit")
    return [c for c in clients if has_capability(user, Capability.HANDLE_CASES, c.unit)]


@login_required
def intake_import(request):
    """Hotline tickets from an Excel workbook: checked first (nothing
    written), then taken in when every row is right."""
    from members.excel.reading import ImportFileError

    from .hotline_import import COLUMNS, hotline_batch_import

    clients = _hotline_clients(request.user)
    result, file_errors, status = None, [], 200
    if request.method == "POST":
        client = next((c for c in clients if str(c.pk) == request.POST.get("client")), None)
        upload = request.FILES.get("file")
        if client is None:
            file_errors, status = [_("Choose the hotline the tickets come from.")], 400
        elif upload is None:
            file_errors, status = [_("Choose an Excel workbook (.xlsx).")], 400
        else:
            try:
                result = hotline_batch_import(
                    user=request.user,
                    client=client,
                    fileobj=upload,
                    apply=request.POST.get("apply") == "1",
                )
            except ImportFileError as exc:
                file_errors, status = exc.messages, 400
            else:
                status = 400 if result["errors"] else 200
    return render(
        request,
        "intake/import.html",
        {
            "clients": clients,
            "columns": list(COLUMNS),
            "result": result,
            "file_errors": file_errors,
        },
        status=status,
    )
