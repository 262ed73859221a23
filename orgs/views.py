from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .access import breadcrumb, scope_roots
from .models import OrgUnit
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


@login_required
def me(request):
    """The user's positions and every page their role uses (on a phone, the
    menu behind the tab bar's 我的)."""
    return render(request, "orgs/me.html", {"positions": user_positions(user=request.user)})


def _visible_unit(request, unit_id):
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=unit_id)


@login_required
def unit_detail(request, unit_id):
    unit = _visible_unit(request, unit_id)
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "crumbs": breadcrumb(request.user, unit),
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
