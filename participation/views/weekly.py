"""Pages of the weekly grid report: where the grids under the caller stand
for a week (the community's submitted / late / missing table, the street's
communities), a report to edit and submit from a phone, the community's
return; and the emergency report."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from grid_gov.errors import Conflict, field_messages
from grid_gov.params import parse_day, parse_id
from orgs.access import scope_roots
from orgs.models import OrgUnit

from .. import selectors
from ..access import DEMAND_STAFF, has_any_role, holds
from ..forms import units_for
from ..services import weekly
from ..weekly_flow import status_allows

FIGURE_LABELS = {
    "cases_filed": gettext_lazy("Cases filed"),
    "self_handled": gettext_lazy("Handled in the grid"),
    "escalated": gettext_lazy("Escalated"),
    "closed": gettext_lazy("Closed"),
    "visits": gettext_lazy("Household visits"),
    "key_households_visited": gettext_lazy("Key households visited"),
    "activities": gettext_lazy("Activities held"),
    "attendance": gettext_lazy("Attendance"),
    "demands_done": gettext_lazy("Demands done"),
    "deliberations_raised": gettext_lazy("Topics raised"),
    "deliberations_moved": gettext_lazy("Topics moved on"),
    "emergencies": gettext_lazy("Emergency reports"),
}
STATE_LABELS = {
    "submitted": gettext_lazy("Submitted"),
    "late": gettext_lazy("Submitted late"),
    "returned": gettext_lazy("Returned"),
    "pending": gettext_lazy("Not yet due"),
    "missing": gettext_lazy("Missing"),
}


def _week(request):
    raw = request.GET.get("week", "")
    if not raw:
        return weekly.last_full_week(), None
    errors: dict = {}
    week = weekly.check_week(errors, parse_day(raw) or "")
    if errors:
        return weekly.last_full_week(), errors["week"][0]
    return week, None


@login_required
def weekly_list(request):
    week, problem = _week(request)
    roots = scope_roots(request.user)
    unit = None
    if request.GET.get("unit"):
        pk = parse_id(request.GET["unit"]) or 0
        unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    rows = [r for root in ([unit] if unit else roots) for r in selectors.weekly_table(root, week)]
    for row in rows:
        row["label"] = STATE_LABELS[row["state"]]
    summary = selectors.weekly_summary(rows)
    previous = week - datetime.timedelta(days=7)
    following = week + datetime.timedelta(days=7)
    return render(
        request,
        "participation/weekly_list.html",
        {
            "week": week,
            "week_end": week + datetime.timedelta(days=6),
            "due": weekly.due_at(week),
            "problem": problem,
            "rows": rows,
            "summary": summary if len(summary) > 1 else [],
            "previous": previous,
            "following": following if following <= weekly.last_full_week() else None,
            "may_send_emergency": has_any_role(request.user, DEMAND_STAFF),
        },
        status=400 if problem else 200,
    )


def _report(request, pk):
    return get_object_or_404(selectors.weekly_reports_for(request.user), pk=pk)


def _detail(request, report, *, errors=None, status=200, text_value=None):
    writer = holds(request.user, weekly.REPORT_WRITERS, report.grid)
    reader = holds(request.user, weekly.REPORT_READERS, report.grid)
    return render(
        request,
        "participation/weekly_detail.html",
        {
            "report": report,
            "figures": [
                (FIGURE_LABELS.get(k, k), report.figures.get(k, 0)) for k in weekly.FIGURES
            ],
            "may_edit": writer and status_allows(report.status, "edit"),
            "may_submit": writer and status_allows(report.status, "submit"),
            "may_return": reader and status_allows(report.status, "return"),
            "errors": errors or {},
            "text_value": report.text if text_value is None else text_value,
            "events": report.events.select_related("actor"),
        },
        status=status,
    )


@login_required
def weekly_detail(request, pk):
    return _detail(request, _report(request, pk))


@login_required
@require_POST
def weekly_action(request, pk, action):
    report = _report(request, pk)
    version = request.POST.get("version")
    try:
        if action == "edit":
            weekly.weekly_report_edit(
                report=report,
                user=request.user,
                text_value=request.POST.get("text", ""),
                version=version,
            )
        elif action == "submit":
            # The phone's one button saves the words and submits them.
            if "text" in request.POST and status_allows(report.status, "edit"):
                report = weekly.weekly_report_edit(
                    report=report,
                    user=request.user,
                    text_value=request.POST.get("text", ""),
                    version=version,
                )
                version = report.version
            weekly.weekly_report_submit(report=report, user=request.user, version=version)
        elif action == "return":
            weekly.weekly_report_return(
                report=report, user=request.user, note=request.POST.get("note", ""), version=version
            )
        else:
            raise Http404
    except ValidationError as exc:
        return _detail(
            request,
            report,
            errors=field_messages(exc),
            status=400,
            text_value=request.POST.get("text"),
        )
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            {
                "edit": _("Saved."),
                "submit": _("Report submitted."),
                "return": _("Report returned to the grid."),
            }[action],
        )
    return redirect("party-weekly-detail", report.pk)


@login_required
def emergency_list(request):
    grids = units_for(request.user, DEMAND_STAFF, ("grid",))
    errors: dict = {}
    values: dict = {}
    if request.method == "POST":
        if not has_any_role(request.user, DEMAND_STAFF):
            raise PermissionDenied
        values = request.POST
        pk = parse_id(request.POST.get("unit"))
        unit = grids.filter(pk=pk).first() if pk else None
        try:
            weekly.emergency_report_send(
                user=request.user,
                unit=unit,
                title=request.POST.get("title", ""),
                text_value=request.POST.get("text", ""),
                place=request.POST.get("place", ""),
            )
        except ValidationError as exc:
            errors = field_messages(exc)
        else:
            messages.success(request, _("Emergency report sent to the community and the street."))
            return redirect("party-emergency-list")
    return render(
        request,
        "participation/emergency_list.html",
        {
            "reports": selectors.emergency_reports_for(request.user)[:50],
            "grids": grids,
            "may_send": has_any_role(request.user, DEMAND_STAFF),
            "errors": errors,
            "values": values,
        },
        status=400 if errors else 200,
    )
