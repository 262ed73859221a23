"""The demands board (党建超市 / 微心愿): a need posted for a household,
claimed by a member or a partner unit, done, and rated."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.masking import mask_phone
from members.models import Household, PartyMember
from members.personal import EncryptedTextField
from orgs.models import OrgUnit

from .base import GridPlacedModel, PlacedQuerySet


class DemandKind(models.TextChoices):
    WISH = "wish", _("Small wish")
    SERVICE = "service", _("Service needed")
    RESOURCE = "resource", _("Resource offered")


class DemandStatus(models.TextChoices):
    POSTED = "posted", _("Posted")
    CLAIMED = "claimed", _("Claimed")
    DONE = "done", _("Done")
    RATED = "rated", _("Rated")
    CANCELLED = "cancelled", _("Cancelled")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class DemandQuerySet(PlacedQuerySet):
    scope_unit_field = "grid"


class Demand(GridPlacedModel):
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=1000)
    kind = models.CharField(_("demand kind"), max_length=10, choices=DemandKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DemandStatus.choices, default=DemandStatus.POSTED
    )
    version = models.PositiveIntegerField(default=1)
    household = models.ForeignKey(
        Household, on_delete=models.SET_NULL, null=True, blank=True, related_name="demands"
    )
    # What a claimer may see of the place: the street and the building.
    place = models.CharField(_("street and building"), max_length=100)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(_("posted at"))
    claimed_member = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, null=True, blank=True, related_name="claimed_demands"
    )
    claimed_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="claimed_demands"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    done_photo = models.ImageField(_("photo"), upload_to="demands/%Y/%m/", blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = DemandQuerySet.as_manager()

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["-posted_at", "-id"]
        indexes = [
            models.Index(fields=["grid", "posted_at"], name="demand_grid_posted"),
            models.Index(fields=["community", "posted_at"], name="demand_community_posted"),
            models.Index(fields=["street", "posted_at"], name="demand_street_posted"),
            models.Index(fields=["region", "posted_at"], name="demand_region_posted"),
            models.Index(fields=["status", "posted_at"], name="demand_status_posted"),
        ]

    def __str__(self):
        return self.title

    def anchor_unit_id(self):
        return self.grid_id

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def claimer_label(self) -> str:
        if self.claimed_member_id:
            return str(self.claimed_member)
        if self.claimed_unit_id:
            return str(self.claimed_unit)
        return ""


class DemandEvent(models.Model):
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.demand_id} {self.action}"

    def get_action_label(self):
        from ..transitions import DemandAction

        try:
            return DemandAction(self.action).label
        except ValueError:
            return self.action
