"""Venues (网格党群之家, 驿站, 说事点): kept by community and street staff,
shared by the grids they serve, booked by activities without overlap."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.models import OrgUnit
from orgs.scoping import subtree_q

from .base import GridPlacedModel, PlacedQuerySet


class VenueKind(models.TextChoices):
    HOME = "home", _("Grid party-and-people home")
    STATION = "station", _("Service station")
    TALK = "talk", _("Talk point")


class Standard(models.TextChoices):
    """一室一徽一旗一墙一广场."""

    ROOM = "room", _("A room")
    EMBLEM = "emblem", _("The party emblem")
    FLAG = "flag", _("The party flag")
    WALL = "wall", _("A display wall")
    SQUARE = "square", _("A square")


class VenueQuerySet(PlacedQuerySet):
    """A venue is seen under the unit that keeps it and under every unit it
    serves."""

    scope_unit_field = "keeper"

    def scope_q(self, root) -> Q:
        return super().scope_q(root) | Q(
            pk__in=VenueUnit.objects.filter(subtree_q(root, "unit")).values("venue_id")
        )


class Venue(GridPlacedModel):
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("venue kind"), max_length=10, choices=VenueKind.choices)
    keeper = models.ForeignKey(
        OrgUnit,
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="kept_venues",
        help_text=_("The community or street that keeps the venue."),
    )
    address = models.CharField(pgettext_lazy("venue", "address"), max_length=200)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    units = models.ManyToManyField(
        OrgUnit, verbose_name=_("units served"), through="VenueUnit", related_name="venues"
    )
    standards = models.JSONField(_("standards met"), default=list, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    duty_roster = models.JSONField(
        _("duty roster"), default=list, blank=True, help_text=_("[{weekday, name}] Monday is 1.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def anchor_unit_id(self):
        return self.keeper_id

    def standards_labels(self):
        return [str(Standard(s).label) for s in self.standards if s in Standard.values]


class VenueUnit(models.Model):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="served")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["venue", "unit"], name="venue_unit_once")]

    def __str__(self):
        return f"{self.venue_id} → {self.unit_id}"


class VenuePhoto(models.Model):
    """A photo that shows one standard met."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos")
    standard = models.CharField(_("standard"), max_length=10, choices=Standard.choices)
    image = models.ImageField(_("photo"), upload_to="venues/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.image.name
