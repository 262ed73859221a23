"""Household files (一户一档): lists, the household page with residents and
visits, forms, and the people search. Everything is scoped with
visible_to(user); ID numbers and phones are masked unless revealed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_gov.errors import errors_on
from orgs.access import has_capability, scope_roots
from orgs.kinds import Capability, UnitKind

from .. import masking, selectors, services
from ..excel.sheets import HouseholdSheet, VisitSheet
from ..forms import HouseholdForm, ResidentForm, VisitForm
from ..links import case_from_visit_url, cases_filed_from
from ..models import TAG_FIELDS, Household, Resident, Tag, Visit
from .common import (
    export_sheet,
    keep_numbers_left_blank,
    paginate,
    unit_param,
    wants_xlsx,
)
from .members import reveal_response

C = Capability
# How many residents' names a row of the household list shows.
RESIDENT_NAMES = 3


def _households(request):
    return Household.objects.visible_to(request.user)


def _household(request, household_id):
    return get_object_or_404(
        _households(request).select_related("grid", "party_group", "member_household"),
        pk=household_id,
    )


def _require_edit(request, household):
    if not has_capability(request.user, C.EDIT_PEOPLE, household.grid):
        raise PermissionDenied


@login_required
def household_list(request):
    households = _households(request)
    unit = unit_param(request)
    if unit is not None:
        households = households.in_subtree(unit)
    tag = request.GET.get("tag", "")
    if tag in TAG_FIELDS:
        households = households.filter(**{TAG_FIELDS[tag]: True})
    q = request.GET.get("q", "").strip()
    if q:
        households = households.filter(address__icontains=q)
    households = households.select_related("grid").order_by("grid_id", "address", "id")
    if wants_xlsx(request):
        return export_sheet(request, HouseholdSheet, households)
    page, query = paginate(request, households)
    # Residents read for the page's households only, never for the subtree:
    # the list shows who lives there (a few names) and how many.
    names: dict[int, list[str]] = {}
    for household_id, name in (
        Resident.objects.filter(household__in=[h.pk for h in page.object_list])
        .order_by("household_id", "id")
        .values_list("household_id", "name")
    ):
        names.setdefault(household_id, []).append(name)
    for h in page.object_list:
        h.people = len(names.get(h.pk, []))
        h.names = names.get(h.pk, [])[:RESIDENT_NAMES]
    roots = scope_roots(request.user)
    return render(
        request,
        "members/household_list.html",
        {
            "page": page,
            "query": query,
            "unit": unit,
            "tag": tag,
            "q": q,
            "tags": Tag.choices,
            "one_grid": len(roots) == 1 and roots[0].kind == UnitKind.GRID,
            "may_add": HouseholdForm(user=request.user).fields["grid"].queryset.exists(),
        },
    )


@login_required
def household_detail(request, household_id):
    household = _household(request, household_id)
    visits = list(household.visits.select_related("visitor", "household")[:50])
    _link_cases(request.user, visits)
    return render(
        request,
        "members/household_detail.html",
        {
            "household": household,
            "residents": household.residents.all(),
            "visits": visits,
            "may_edit": has_capability(request.user, C.EDIT_PEOPLE, household.grid),
            # Birth dates and the reveal button only for those who may
            # unmask; others see ages (the birth date is inside the ID).
            "may_reveal": masking.may_unmask(request.user, household),
            "visit_form": VisitForm(initial={"visited_on": timezone.localdate()}),
        },
    )


def _link_cases(user, visits):
    """Each visit's cases (`visit.filed`), and the case form for a visit that
    found problems and has no case yet (`visit.case_url`)."""
    filed = cases_filed_from(visits)
    for visit in visits:
        visit.filed = filed.get(visit.pk, [])
        visit.case_url = None if visit.filed else _case_url(user, visit)


def _case_url(user, visit):
    """The case form prefilled from a visit that found problems, for those
    who file cases in its grid (a reviewer would only meet a refusal)."""
    if not visit.problems or not has_capability(user, C.HANDLE_CASES, visit.household.grid):
        return None
    return case_from_visit_url(visit)


@login_required
def household_new(request):
    initial = {}
    unit = unit_param(request, "grid")
    if unit is not None:
        initial["grid"] = unit
    form = HouseholdForm(request.POST or None, user=request.user, initial=initial)
    grids = form.fields["grid"].queryset
    if "grid" not in initial and len(grids[:2]) == 1:
        form.initial["grid"] = grids[0]  # a grid leader files in the one grid
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            household = services.household_create(user=request.user, **form.cleaned_data)
            messages.success(request, _("Household filed."))
            return redirect("household-detail", household.pk)
    return render(request, "members/household_form.html", {"form": form, "household": None})


@login_required
def household_edit(request, household_id):
    household = _household(request, household_id)
    _require_edit(request, household)
    initial = {
        "address": household.address,
        "grid": household.grid,
        "party_group": household.party_group,
        "member_household": household.member_household,
        "tags": household.tags,
        "note": household.note,
    }
    form = HouseholdForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.household_update(household=household, user=request.user, **form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("household-detail", household.pk)
    return render(request, "members/household_form.html", {"form": form, "household": household})


@login_required
def resident_new(request, household_id):
    household = _household(request, household_id)
    _require_edit(request, household)
    form = ResidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.resident_create(household=household, user=request.user, **form.cleaned_data)
            messages.success(request, _("Resident added."))
            return redirect("household-detail", household.pk)
    return render(
        request,
        "members/resident_form.html",
        {"form": form, "household": household, "resident": None},
    )


def _resident(request, resident_id):
    return get_object_or_404(
        Resident.objects.visible_to(request.user).select_related("household__grid"),
        pk=resident_id,
    )


@login_required
def resident_edit(request, resident_id):
    resident = _resident(request, resident_id)
    household = resident.household
    _require_edit(request, household)
    initial = {"name": resident.name, "relation": resident.relation, "birth_date": None}
    form = ResidentForm(request.POST or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = keep_numbers_left_blank(form.cleaned_data)
        if data.get("birth_date") is None:
            data.pop("birth_date", None)
        with errors_on(form):
            services.resident_update(resident=resident, user=request.user, **data)
            messages.success(request, _("Saved."))
            return redirect("household-detail", household.pk)
    return render(
        request,
        "members/resident_form.html",
        {"form": form, "household": household, "resident": resident},
    )


@login_required
@require_POST
def resident_reveal(request, resident_id):
    resident = _resident(request, resident_id)
    return reveal_response(
        request, resident, reverse("household-detail", args=[resident.household_id])
    )


@login_required
def visit_new(request, household_id):
    household = _household(request, household_id)
    _require_edit(request, household)
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        with errors_on(form):
            services.visit_create(household=household, user=request.user, **form.cleaned_data)
            messages.success(request, _("Visit recorded."))
            return redirect("household-detail", household.pk)
    return render(request, "members/visit_form.html", {"form": form, "household": household})


@login_required
def visit_list(request):
    visits = Visit.objects.visible_to(request.user)
    unit = unit_param(request)
    if unit is not None:
        visits = visits.in_subtree(unit)
    start, end = request.GET.get("from", ""), request.GET.get("to", "")
    try:
        if start:
            visits = visits.filter(visited_on__gte=start)
        if end:
            visits = visits.filter(visited_on__lte=end)
        visits = visits.select_related("household", "visitor").order_by("-visited_on", "-id")
        if wants_xlsx(request):
            return export_sheet(request, VisitSheet, visits)
        page, query = paginate(request, visits)
    except ValidationError:
        messages.error(request, _("Write dates as 2024-05-01."))
        return redirect("visit-list")
    _link_cases(request.user, page.object_list)
    return render(
        request,
        "members/visit_list.html",
        {"page": page, "query": query, "unit": unit, "start": start, "end": end},
    )


@login_required
def household_search(request):
    """Households and people by name, address, phone or full ID number."""
    q = request.GET.get("q", "").strip()
    results = selectors.people_search(user=request.user, q=q) if q else None
    return render(request, "members/search.html", {"q": q, "results": results})
