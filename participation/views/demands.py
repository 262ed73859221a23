"""Pages of the demands board: the board near the caller, posting a need,
a demand's page with the actions its status allows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..access import DEMAND_STAFF, has_any_role, holds, member_of
from ..errors import ParticipationConflict
from ..forms import CancelForm, CompleteForm, DemandForm, RateForm, apply_errors
from ..models import DemandStatus
from ..services.demands import is_claimer
from ..transitions import actions_for_status


def _demand(request, pk):
    return get_object_or_404(selectors.demands_for(request.user), pk=pk)


@login_required
def demand_list(request):
    qs = selectors.demands_for(request.user)
    status = request.GET.get("status", "")
    if status in DemandStatus.values:
        qs = qs.filter(status=status)
    member = member_of(request.user)
    return render(
        request,
        "participation/demand_list.html",
        {
            "demands": qs.order_by("-posted_at", "-id")[:100],
            "statuses": DemandStatus.choices,
            "status": status,
            "may_post": has_any_role(request.user, DEMAND_STAFF),
            "member": member,
        },
    )


@login_required
def demand_new(request):
    if not has_any_role(request.user, DEMAND_STAFF):
        raise PermissionDenied
    form = DemandForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            demand = services.demand_post(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Demand posted."))
            return redirect("party-demand-detail", demand.pk)
    return render(request, "participation/demand_new.html", {"form": form})


def _actions(user, demand) -> list[str]:
    """The actions of the table the caller may take on the page."""
    allowed = set(actions_for_status(demand.status))
    out = []
    staff = holds(user, DEMAND_STAFF, demand.grid)
    if "claim" in allowed and member_of(user) is not None:
        out.append("claim")
    if "complete" in allowed and is_claimer(user, demand):
        out.append("complete")
    if "rate" in allowed and staff and not is_claimer(user, demand):
        out.append("rate")
    if "cancel" in allowed and staff:
        out.append("cancel")
    return out


@login_required
def demand_detail(request, pk, forms=None):
    demand = _demand(request, pk)
    forms = forms or {}
    show_contact = demand.status not in ("posted", "cancelled") and (
        is_claimer(request.user, demand) or holds(request.user, DEMAND_STAFF, demand.grid)
    )
    return render(
        request,
        "participation/demand_detail.html",
        {
            "demand": demand,
            "actions": _actions(request.user, demand),
            "complete_form": forms.get("complete") or CompleteForm(),
            "rate_form": forms.get("rate") or RateForm(),
            "cancel_form": forms.get("cancel") or CancelForm(),
            "show_contact": show_contact,
            "events": demand.events.select_related("actor"),
        },
        status=400 if forms else 200,
    )


FORMS = {"complete": CompleteForm, "rate": RateForm, "cancel": CancelForm}
SERVICES = {
    "claim": services.demand_claim,
    "complete": services.demand_complete,
    "rate": services.demand_rate,
    "cancel": services.demand_cancel,
}


@login_required
@require_POST
def demand_action(request, pk, action):
    if action not in SERVICES:
        raise Http404
    demand = _demand(request, pk)
    data = {}
    form = None
    if action in FORMS:
        form = FORMS[action](request.POST, request.FILES)
        if not form.is_valid():
            return demand_detail(request, pk, forms={action: form})
        data = dict(form.cleaned_data)
    try:
        SERVICES[action](
            demand=demand, user=request.user, version=request.POST.get("version"), **data
        )
    except ValidationError as exc:
        if form is None:
            for message in exc.messages:
                messages.error(request, message)
        else:
            apply_errors(form, exc)
            return demand_detail(request, pk, forms={action: form})
    except ParticipationConflict as exc:
        messages.error(request, str(exc.message))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("Done."))
    return redirect("party-demand-detail", demand.pk)
