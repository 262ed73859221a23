from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from orgs.kinds import UnitKind

from ..access import VENUE_KEEPERS, holds
from ..models import Standard, Venue, VenueKind, VenuePhoto, VenueUnit
from ..photos import prepare_photo
from .common import raise_errors, text

SERVED_KINDS = (UnitKind.GRID, UnitKind.COMMUNITY, UnitKind.PARTY_GROUP)


def _roster(errors, roster) -> list:
    out = []
    for row in roster or ():
        try:
            weekday, name = int(row["weekday"]), str(row["name"]).strip()
        except (KeyError, TypeError, ValueError):
            errors["duty_roster"] = [_("Each duty is a weekday (1–7) and a name.")]
            return []
        if not 1 <= weekday <= 7 or not name:
            errors["duty_roster"] = [_("Each duty is a weekday (1–7) and a name.")]
            return []
        if len(name) > 50:
            errors["duty_roster"] = [_("A name on the duty roster has at most 50 characters.")]
            return []
        out.append({"weekday": weekday, "name": name})
    return sorted(out, key=lambda r: r["weekday"])


@transaction.atomic
def venue_save(
    *,
    user,
    keeper,
    name,
    kind,
    address,
    units,
    venue=None,
    latitude=None,
    longitude=None,
    standards=(),
    opening_hours="",
    duty_roster=(),
) -> Venue:
    """Create (or change) a venue kept by a community or street the caller's
    office covers; it serves units in the caller's area."""
    errors: dict = {}
    if keeper is None or keeper.kind not in (UnitKind.COMMUNITY, UnitKind.STREET):
        errors["keeper"] = [_("A community or a street keeps a venue.")]
    elif not holds(user, VENUE_KEEPERS, keeper):
        raise PermissionDenied(_("Community and street staff keep the venues."))
    if venue is not None and not holds(user, VENUE_KEEPERS, venue.keeper):
        raise PermissionDenied(_("Community and street staff keep the venues."))
    name = text(errors, "name", name, limit=100)
    address = text(errors, "address", address, limit=200)
    opening_hours = text(errors, "opening_hours", opening_hours, limit=100, required=False)
    if kind not in VenueKind.values:
        errors["kind"] = [_("Choose a kind of venue.")]
    units = list(dict.fromkeys(units or ()))
    if not units:
        errors["units"] = [_("Name the units the venue serves.")]
    elif any(u.kind not in SERVED_KINDS or not holds(user, VENUE_KEEPERS, u) for u in units):
        errors["units"] = [_("A venue serves communities, grids or party groups in your area.")]
    bad = [s for s in standards or () if s not in Standard.values]
    if bad:
        errors["standards"] = [_("Unknown standard: %(s)s.") % {"s": ", ".join(map(str, bad))}]
    if latitude is not None and not -90 <= latitude <= 90:
        errors["latitude"] = [_("Latitude lies between -90 and 90.")]
    if longitude is not None and not -180 <= longitude <= 180:
        errors["longitude"] = [_("Longitude lies between -180 and 180.")]
    roster = _roster(errors, duty_roster)
    raise_errors(errors)
    venue = venue or Venue()
    venue.keeper = keeper
    venue.name, venue.kind, venue.address = name, kind, address
    venue.latitude, venue.longitude = latitude, longitude
    venue.standards = [s for s in Standard.values if s in set(standards or ())]
    venue.opening_hours = opening_hours
    venue.duty_roster = roster
    venue.copy_ancestors()
    venue.save()
    VenueUnit.objects.filter(venue=venue).exclude(unit__in=units).delete()
    have = set(VenueUnit.objects.filter(venue=venue).values_list("unit_id", flat=True))
    VenueUnit.objects.bulk_create(
        [VenueUnit(venue=venue, unit=u) for u in units if u.pk not in have]
    )
    return venue


@transaction.atomic
def venue_photo_add(*, user, venue, standard, image) -> VenuePhoto:
    """A photo that shows a standard met; the standard is ticked with it."""
    if not holds(user, VENUE_KEEPERS, venue.keeper):
        raise PermissionDenied(_("Community and street staff keep the venues."))
    errors = {}
    if standard not in Standard.values:
        errors["standard"] = [_("Choose one of the five standards.")]
    raise_errors(errors)
    content = prepare_photo(image, "image")
    photo = VenuePhoto(venue=venue, standard=standard, uploaded_by=user)
    photo.image.save(content.name, content, save=False)
    photo.save()
    if standard not in venue.standards:
        venue.standards = [s for s in Standard.values if s in {*venue.standards, standard}]
        venue.save(update_fields=["standards"])
    return photo
