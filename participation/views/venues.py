"""Pages of venues: the list, a venue's page (the standards checklist with
its photos, opening hours, the duty roster, what is booked there), and for
community and street staff the venue form and the photo of a standard met."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grid_gov.errors import errors_on

from .. import selectors, services
from ..access import VENUE_KEEPERS, has_any_role, holds
from ..forms import WEEKDAYS, VenueForm, VenuePhotoForm
from ..models import Standard


def _venue(request, pk):
    return get_object_or_404(selectors.venues_for(request.user), pk=pk)


@login_required
def venue_list(request):
    venues = selectors.venues_for(request.user).prefetch_related("units").order_by("name")
    return render(
        request,
        "participation/venue_list.html",
        {"venues": venues[:200], "may_keep": has_any_role(request.user, VENUE_KEEPERS)},
    )


def _detail(request, venue, photo_form=None, status=200):
    photos = {}
    for p in venue.photos.all():
        photos.setdefault(p.standard, []).append(p)
    checklist = [
        {
            "key": s.value,
            "label": s.label,
            "met": s.value in venue.standards,
            "photos": photos.get(s.value, []),
        }
        for s in Standard
    ]
    names = dict(WEEKDAYS)
    roster = [{"day": names.get(r["weekday"], ""), "name": r["name"]} for r in venue.duty_roster]
    upcoming = venue.activities.filter(status="planned").order_by("starts_at")[:20]
    return render(
        request,
        "participation/venue_detail.html",
        {
            "venue": venue,
            "checklist": checklist,
            "roster": roster,
            "units": venue.units.order_by("tree_id", "lft"),
            "upcoming": upcoming,
            "may_keep": holds(request.user, VENUE_KEEPERS, venue.keeper),
            "photo_form": photo_form or VenuePhotoForm(),
        },
        status=status,
    )


@login_required
def venue_detail(request, pk):
    return _detail(request, _venue(request, pk))


def _form_page(request, venue=None):
    if venue is None and not has_any_role(request.user, VENUE_KEEPERS):
        raise PermissionDenied
    if venue is not None and not holds(request.user, VENUE_KEEPERS, venue.keeper):
        raise PermissionDenied
    initial = VenueForm.initial_of(venue) if venue is not None else {}
    form = VenueForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with errors_on(form):
                saved = services.venue_save(
                    user=request.user,
                    venue=venue,
                    standards=venue.standards if venue is not None else (),
                    **form.service_data(),
                )
                messages.success(request, _("Venue saved."))
                return redirect("party-venue-detail", saved.pk)
        status = 400
    return render(
        request, "participation/venue_form.html", {"form": form, "venue": venue}, status=status
    )


@login_required
def venue_new(request):
    return _form_page(request)


@login_required
def venue_edit(request, pk):
    return _form_page(request, _venue(request, pk))


@login_required
@require_POST
def venue_photo(request, pk):
    """A photo of one standard met; the standard is ticked with it."""
    venue = _venue(request, pk)
    if not holds(request.user, VENUE_KEEPERS, venue.keeper):
        raise PermissionDenied
    form = VenuePhotoForm(request.POST, request.FILES)
    if form.is_valid():
        with errors_on(form):
            services.venue_photo_add(user=request.user, venue=venue, **form.cleaned_data)
            messages.success(request, _("Photo added; the standard is ticked."))
            return redirect("party-venue-detail", venue.pk)
    return _detail(request, venue, photo_form=form, status=400)
