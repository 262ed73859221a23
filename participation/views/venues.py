from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .. import selectors
from ..models import Standard


@login_required
def venue_list(request):
    venues = selectors.venues_for(request.user).prefetch_related("units").order_by("name")
    return render(request, "participation/venue_list.html", {"venues": venues[:200]})


@login_required
def venue_detail(request, pk):
    venue = get_object_or_404(selectors.venues_for(request.user), pk=pk)
    photos = {p.standard: p for p in venue.photos.all()}
    checklist = [
        {
            "key": s.value,
            "label": s.label,
            "met": s.value in venue.standards,
            "photo": photos.get(s.value),
        }
        for s in Standard
    ]
    upcoming = venue.activities.filter(status="planned").order_by("starts_at")[:20]
    return render(
        request,
        "participation/venue_detail.html",
        {
            "venue": venue,
            "checklist": checklist,
            "units": venue.units.order_by("tree_id", "lft"),
            "upcoming": upcoming,
            "weekdays": ["", "一", "二", "三", "四", "五", "六", "日"],
        },
    )
