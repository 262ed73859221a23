"""Person transfers (人员迁移): the deciding office's queue, and the
requester's decided requests. A pending request is never shown to the
requester (see members.transfers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import masking, transfers
from ..models import PersonTransfer


@login_required
def transfer_list(request):
    pending = list(transfers.transfers_to_decide(user=request.user)[:200])
    for transfer in pending:
        _record, claim = transfers.people_of(transfer)
        transfer.id_masked = masking.mask_id_number(claim.id_number if claim else "")
        transfer.from_label = _place(transfer.from_unit)
        transfer.to_label = _place(transfer.to_unit)
    return render(
        request,
        "members/transfer_list.html",
        {
            "pending": pending,
            "decided": transfers.transfers_decided_for(user=request.user)[:50],
        },
    )


def _place(unit) -> str:
    """Names from below the district down to the unit."""
    names = [u.name for u in unit.get_ancestors(include_self=True)]
    return " / ".join(names[1:] or names)


@login_required
@require_POST
def transfer_decide(request, transfer_id):
    transfer = PersonTransfer.objects.filter(pk=transfer_id).first()
    if transfer is None or not transfers.may_decide(request.user, transfer):
        raise Http404
    decide = (
        transfers.transfer_approve
        if request.POST.get("decision") == "approve"
        else transfers.transfer_refuse
    )
    try:
        decide(transfer=transfer, user=request.user, note=request.POST.get("note", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("Decided: the requester will see it on this page."))
    return redirect("transfer-list")
