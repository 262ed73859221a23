"""Volunteer teams, and the service record of members and teams: volunteer
hours, the dual-reported member's pledges (践诺) and services done (纪实),
and what was done under a pioneer post (先锋岗)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import DualReport, PartyMember, PioneerPost
from orgs.models import OrgUnit

from .base import GridPlacedModel, PlacedQuerySet


class VolunteerTeam(GridPlacedModel):
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        help_text=_("The community or grid the team serves."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacedQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def anchor_unit_id(self):
        return self.unit_id


class TeamMember(models.Model):
    """A party member, or a resident by name."""

    team = models.ForeignKey(VolunteerTeam, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, null=True, blank=True, related_name="teams"
    )
    resident_name = models.CharField(_("resident"), max_length=50, blank=True)
    joined_on = models.DateField(_("joined on"), auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(resident_name=""), name="team_member_named"
            ),
            models.UniqueConstraint(
                fields=["team", "member"],
                condition=Q(member__isnull=False),
                name="team_member_once",
            ),
        ]

    def __str__(self):
        return str(self.member) if self.member_id else self.resident_name


class Pledge(models.Model):
    """A service a dual-reported member pledges to the community (践诺)."""

    report = models.ForeignKey(DualReport, on_delete=models.CASCADE, related_name="pledges")
    title = models.CharField(_("service pledged"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["id"]

    def __str__(self):
        return self.title


class ServiceKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer service")
    PLEDGE = "pledge", _("Pledged service done")
    PIONEER = "pioneer", _("Pioneer post")


class ServiceRecord(GridPlacedModel):
    """Hours served (纪实): by a member or a team's resident volunteer, at a
    unit, from a volunteer activity, a pledge or under a pioneer post."""

    kind = models.CharField(_("service kind"), max_length=10, choices=ServiceKind.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("where"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, null=True, blank=True, related_name="services"
    )
    team = models.ForeignKey(
        VolunteerTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    resident_name = models.CharField(_("resident volunteer"), max_length=50, blank=True)
    activity = models.ForeignKey(
        "participation.Activity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="services",
    )
    pledge = models.ForeignKey(
        Pledge, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    post = models.ForeignKey(
        PioneerPost, on_delete=models.SET_NULL, null=True, blank=True, related_name="services"
    )
    on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    note = models.CharField(_("what was done"), max_length=500)
    photo = models.ImageField(_("photo"), upload_to="services/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlacedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-on", "-id"]
        indexes = [
            models.Index(fields=["grid", "on"], name="service_grid_on"),
            models.Index(fields=["community", "on"], name="service_community_on"),
            models.Index(fields=["street", "on"], name="service_street_on"),
            models.Index(fields=["region", "on"], name="service_region_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False) | ~Q(resident_name=""),
                name="service_record_named",
            ),
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=Q(activity__isnull=False, member__isnull=False),
                name="service_once_per_activity",
            ),
        ]

    def anchor_unit_id(self):
        return self.unit_id
