from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import OrgUnit
from .scoping import scope_roots
from .selectors import unit_children_with_counts, unit_totals, user_positions


@login_required
def home(request):
    roots = scope_roots(request.user)
    return render(
        request,
        "orgs/home.html",
        {
            "positions": user_positions(user=request.user),
            "roots": [{"unit": r, **unit_totals(unit=r)} for r in roots],
        },
    )


def _visible_unit(request, unit_id):
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=unit_id)


@login_required
def unit_detail(request, unit_id):
    unit = _visible_unit(request, unit_id)
    roots = scope_roots(request.user)
    # The breadcrumb starts at the caller's own granted root, never above it.
    crumbs = [
        a
        for a in unit.get_ancestors(include_self=True)
        if any(r.tree_id == a.tree_id and r.lft <= a.lft <= r.rght for r in roots)
    ]
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "crumbs": crumbs,
            "totals": unit_totals(unit=unit),
            "children": unit_children_with_counts(unit=unit),
        },
    )


@login_required
def unit_children(request, unit_id):
    """The children rows of one unit, for expanding a node in place."""
    unit = _visible_unit(request, unit_id)
    return render(
        request,
        "orgs/_children.html",
        {"unit": unit, "children": unit_children_with_counts(unit=unit)},
    )
