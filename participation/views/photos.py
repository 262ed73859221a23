"""Photos of party life (a venue's standards, an activity, a service done,
a demand done, a deliberation topic), served to those who can see the record they belong to: the
media folder is not served by the web server, like the cases' photos."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .. import selectors
from ..models import ActivityPhoto, ServiceRecord, VenuePhoto
from ..models.deliberation import TopicPhoto


def _service_photos(user):
    mine = selectors.reports_for(user).values("member_id")
    return ServiceRecord.objects.filter(
        Q(pk__in=selectors.services_for(user).values("pk")) | Q(member_id__in=mine)
    )


KINDS = {
    "venue": lambda user: (
        VenuePhoto.objects.filter(venue__in=selectors.venues_for(user).values("pk")),
        "image",
    ),
    "activity": lambda user: (
        ActivityPhoto.objects.filter(activity__in=selectors.activities_for(user).values("pk")),
        "image",
    ),
    "service": lambda user: (_service_photos(user).exclude(photo=""), "photo"),
    "demand": lambda user: (
        selectors.demands_for(user).exclude(done_photo=""),
        "done_photo",
    ),
    "topic": lambda user: (
        TopicPhoto.objects.filter(topic__in=selectors.topics_for(user).values("pk")),
        "image",
    ),
}


@login_required
def photo(request, kind, pk):
    if kind not in KINDS:
        raise Http404
    rows, field = KINDS[kind](request.user)
    row = get_object_or_404(rows, pk=pk)
    image = getattr(row, field)
    try:
        handle = image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response
