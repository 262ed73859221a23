"""Grid pages: the overview of grids with their branch and staff, one
grid's page, the branch form and the staff list."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_gov.errors import errors_on
from members.models import Household
from members.views.common import export_sheet, paginate, unit_param, wants_xlsx
from orgs.access import has_capability, scope_roots
from orgs.kinds import Capability, UnitKind
from orgs.models import OrgUnit

from . import selectors, services
from .forms import BranchForm
from .models import PartyBranch
from .resources import GridOverviewSheet, StaffSheet

C = Capability


def _focus(request):
    """The unit a page is about: ?unit=, else the caller's only root."""
    unit = unit_param(request)
    if unit is None:
        roots = scope_roots(request.user)
        if len(roots) == 1:
            unit = roots[0]
    return unit


@login_required
def grid_overview(request):
    unit = _focus(request)
    grids = selectors.grids_in_scope(user=request.user, unit=unit)
    if wants_xlsx(request):
        return export_sheet(request, GridOverviewSheet, grids)
    page, query = paginate(request, grids)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=29)
    stats = children = None
    may_see_party = unit is not None and has_capability(request.user, C.VIEW_PARTY_MEMBERS, unit)
    if unit is not None:
        stats = selectors.people_stats(unit=unit, start=start, end=today)
        by_child = selectors.people_stats_by_child(unit=unit, start=start, end=today)
        children = [
            {"unit": c, **by_child[c.pk]}
            for c in unit.get_children()
            if c.pk in by_child and by_child[c.pk]["grids"]
        ]
    return render(
        request,
        "grids/overview.html",
        {
            "unit": unit,
            "page": page,
            "query": query,
            "rows": selectors.grid_overview_rows(grids=list(page.object_list), user=request.user),
            "stats": stats,
            "children": children,
            "may_see_party": may_see_party,
            "start": start,
            "end": today,
        },
    )


def _grid(request, grid_id):
    return get_object_or_404(
        OrgUnit.objects.visible_to(request.user).filter(kind=UnitKind.GRID), pk=grid_id
    )


@login_required
def grid_detail(request, grid_id):
    grid = _grid(request, grid_id)
    today = timezone.localdate()
    start = today - datetime.timedelta(days=29)
    may_see_party = has_capability(request.user, C.VIEW_PARTY_MEMBERS, grid)
    return render(
        request,
        "grids/detail.html",
        {
            "grid": grid,
            "unit": grid,
            "branch": PartyBranch.objects.filter(grid=grid).select_related("secretary").first(),
            "staff": selectors.grid_staff(grid=grid),
            "row": selectors.grid_overview_rows(grids=[grid], user=request.user)[0],
            "members": selectors.members_by_category(unit=grid) if may_see_party else None,
            "visits": sum(selectors.visits_by_grid(unit=grid, start=start, end=today).values()),
            "households_filed": Household.objects.filter(grid=grid).count(),
            "may_see_party": may_see_party,
            "may_edit_branch": may_see_party and has_capability(request.user, C.EDIT_PEOPLE, grid),
        },
    )


@login_required
def grid_branch_edit(request, grid_id):
    grid = _grid(request, grid_id)
    if not (
        has_capability(request.user, C.EDIT_PEOPLE, grid)
        and has_capability(request.user, C.VIEW_PARTY_MEMBERS, grid)
    ):
        raise PermissionDenied
    branch = PartyBranch.objects.filter(grid=grid).first()
    initial = (
        {"name": branch.name, "secretary": branch.secretary, "founded_on": branch.founded_on}
        if branch
        else {"name": _("%(grid)s party branch") % {"grid": grid.name}}
    )
    form = BranchForm(request.POST or None, grid=grid, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.branch_set(grid=grid, user=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("grid-detail", grid.pk)
    return render(request, "grids/branch_form.html", {"form": form, "grid": grid, "branch": branch})


@login_required
def grid_staff_list(request):
    unit = _focus(request)
    if unit is None and not scope_roots(request.user):
        raise Http404
    positions = StaffSheet.export_queryset(request.user, unit)
    if wants_xlsx(request):
        return export_sheet(request, StaffSheet, positions)
    page, query = paginate(request, positions)
    party_roots_ok = {
        p.pk: has_capability(request.user, C.VIEW_PARTY_MEMBERS, p.unit) for p in page.object_list
    }
    rows = []
    for p in page.object_list:
        member = getattr(p.user, "party_member", None)
        rows.append({"position": p, "is_member": bool(member) if party_roots_ok[p.pk] else None})
    return render(
        request,
        "grids/staff_list.html",
        {"unit": unit, "page": page, "query": query, "rows": rows},
    )
