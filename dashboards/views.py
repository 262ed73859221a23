from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.access import breadcrumb, has_capability, scope_roots
from orgs.kinds import Capability

from .excel import table_response
from .periods import month_end, parse_period, previous_quarter, quarter_bounds, quarter_of, today
from .selectors import dashboard_figures
from .tables import dashboard_tables
from .unit_param import UnitNotFound, visible_unit


def _unit(request, unit_id, **kwargs):
    try:
        return visible_unit(request.user, unit_id, **kwargs)
    except UnitNotFound:
        raise Http404 from None


def _presets():
    """Quick periods for the picker: (label, from, to)."""
    t = today()
    year, quarter = quarter_of(t)
    q_first, _q_last = quarter_bounds(year, quarter)
    lq_first, lq_last = quarter_bounds(*previous_quarter(year, quarter))
    last_month_end = t.replace(day=1) - timedelta(days=1)
    return [
        (_("This year"), t.replace(month=1, day=1), t),
        (_("This quarter"), q_first, t),
        (_("Last quarter"), lq_first, lq_last),
        (_("This month"), t.replace(day=1), t),
        (_("Last month"), last_month_end.replace(day=1), month_end(last_month_end)),
        (
            _("Last year"),
            t.replace(year=t.year - 1, month=1, day=1),
            t.replace(year=t.year - 1, month=12, day=31),
        ),
    ]


# The chart of where the period's closed cases were finished.
FINISHED_LABELS = (
    ("finished_grid", gettext_lazy("Finished at the grid")),
    ("finished_community", gettext_lazy("Finished at the community")),
    ("finished_street", gettext_lazy("Finished at the street")),
    ("finished_district", gettext_lazy("Finished at the district")),
    ("finished_department", gettext_lazy("Finished by departments")),
)


def _iso(day) -> str:
    return day.isoformat() if day else ""


@login_required
def dashboard_home(request):
    """The dashboard of the caller's own area."""
    roots = [
        r
        for r in scope_roots(request.user)
        if has_capability(request.user, Capability.VIEW_DASHBOARDS, r)
    ]
    if not roots:
        return render(request, "dashboards/no_area.html")
    return redirect("dashboard-unit", unit_id=roots[0].pk)


@login_required
def dashboard(request, unit_id):
    unit = _unit(request, unit_id)
    raw_from, raw_to = request.GET.get("from"), request.GET.get("to")
    date_from, date_to, errors = parse_period(raw_from, raw_to)
    context = {
        "unit": unit,
        "crumbs": breadcrumb(request.user, unit),
        "errors": errors,
        "raw_from": raw_from if raw_from is not None else _iso(date_from),
        "raw_to": raw_to if raw_to is not None else _iso(date_to),
        "presets": _presets(),
        "print_view": request.GET.get("print") == "1",
        "query": request.GET.urlencode(),
    }
    if errors:
        return render(request, "dashboards/dashboard.html", context, status=400)
    figures = dashboard_figures(unit=unit, date_from=date_from, date_to=date_to)
    tables = dashboard_tables(figures)
    context.update(
        {
            "figures": figures,
            "tables": tables,
            "date_from": date_from,
            "date_to": date_to,
            "period_query": f"from={date_from.isoformat()}&to={date_to.isoformat()}",
            "chart_data": {
                "categories": figures["by_category"],
                "trend": figures["trend"],
                "levels": [
                    {"name": str(label), "value": figures["cases"][key]}
                    for key, label in FINISHED_LABELS
                ],
                "members": [
                    {"name": c["label"], "value": c["n"]}
                    for c in (figures["people"] or {}).get("members_by_category", [])
                ],
                "activities": [
                    {"name": k["label"], "value": k["n"]}
                    for k in figures["participation"]["activities_by_kind"]
                ],
                "labels": {
                    "activities": _("Activities held"),
                    "no_activities": _("No activities in this period"),
                    "reported": _("Reported"),
                    "closed": _("Closed"),
                    "empty": _("No cases in this period"),
                },
            },
            "assessment_url": reverse("assessment-unit", args=[unit.pk]),
        }
    )
    return render(request, "dashboards/dashboard.html", context)


@login_required
def dashboard_export(request, unit_id, table):
    unit = _unit(request, unit_id)
    date_from, date_to, errors = parse_period(request.GET.get("from"), request.GET.get("to"))
    if errors:
        return render(
            request,
            "dashboards/dashboard.html",
            {
                "unit": unit,
                "crumbs": breadcrumb(request.user, unit),
                "errors": errors,
                "presets": _presets(),
            },
            status=400,
        )
    tables = dashboard_tables(dashboard_figures(unit=unit, date_from=date_from, date_to=date_to))
    if table not in tables:
        raise Http404
    t = tables[table]
    period = f"{date_from.isoformat()} – {date_to.isoformat()}"
    return table_response(
        t,
        filename=f"{unit.name}-{t.title}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx",
        subtitle=f"{unit.name} · {period}",
    )
