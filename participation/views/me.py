"""The party member's own page: my activities, my demands, my points."""

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone

from members import points

from .. import selectors
from ..access import member_of, near_member_q
from ..models import Activity, ActivityStatus, Demand, DemandStatus, ServiceRecord


@login_required
def me(request):
    member = member_of(request.user)
    if member is None:
        return render(request, "participation/me.html", {"member": None})
    now = timezone.now()
    year = timezone.localdate().year
    mine = selectors.my_activities(member, upcoming=True)
    open_near = (
        Activity.objects.filter(
            near_member_q(member), status=ActivityStatus.PLANNED, starts_at__gt=now
        )
        .exclude(pk__in=mine.values("pk"))
        .order_by("starts_at")[:10]
    )
    return render(
        request,
        "participation/me.html",
        {
            "member": member,
            "upcoming": list(mine[:20]),
            "open_near": list(open_near),
            "past": list(selectors.my_activities(member, upcoming=False)[:10]),
            "my_demands": list(
                Demand.objects.filter(claimed_member=member).order_by("-claimed_at")[:20]
            ),
            "board": list(
                Demand.objects.filter(near_member_q(member), status=DemandStatus.POSTED).order_by(
                    "-posted_at"
                )[:10]
            ),
            "ledger": points.ledger(member, year),
            "report": getattr(member, "dual_report", None),
            "service_hours": ServiceRecord.objects.filter(member=member, on__year=year).aggregate(
                h=Sum("hours")
            )["h"]
            or 0,
        },
    )
