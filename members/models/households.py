"""Household files (一户一档): households, their residents and visits."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from orgs.kinds import UnitKind
from orgs.models import OrgUnit

from ..personal import PersonalDataModel
from .base import PlacedModel, PlacedQuerySet


class Tag(models.TextChoices):
    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")
    LOW_INCOME = "low_income", _("Low income")
    DISABLED = "disabled", _("Disabled person")
    FLOATING = "floating", _("Floating population")
    KEY_CARE = "key_care", _("Key care")


# Tag -> boolean column: each tag is an indexed-friendly column, not a list
# to parse, so "low-income households of this street" is a plain filter.
TAG_FIELDS = {
    Tag.ELDERLY_ALONE: "is_elderly_alone",
    Tag.LOW_INCOME: "is_low_income",
    Tag.DISABLED: "is_disabled",
    Tag.FLOATING: "is_floating",
    Tag.KEY_CARE: "is_key_care",
}


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    TENANT = "tenant", _("Tenant")
    OTHER = "other", _("Other")


class HouseholdQuerySet(PlacedQuerySet):
    scope_unit_field = "grid"
    prefix = ""

    def scope_q(self, root) -> Q:
        # A building's party group and a member household see the households
        # filed under them; the copied columns cover every level above.
        p = self.prefix
        if root.kind == UnitKind.PARTY_GROUP:
            return Q(**{f"{p}party_group_id": root.pk})
        if root.kind == UnitKind.MEMBER_HOUSEHOLD:
            return Q(**{f"{p}member_household_id": root.pk})
        return super().scope_q(root)


class ViaHouseholdQuerySet(HouseholdQuerySet):
    """Residents and visits: ancestors copied from their household, and the
    building / member-household roots reached through it."""

    scope_unit_field = "household__grid"
    prefix = "household__"


class Household(PlacedModel):
    address = models.CharField(_("address"), max_length=200)
    grid = models.ForeignKey(
        OrgUnit, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="household_files"
    )
    party_group = models.ForeignKey(
        OrgUnit,
        verbose_name=_("party group / building"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    member_household = models.ForeignKey(
        OrgUnit,
        verbose_name=_("linked member household"),
        help_text=_("The party member household (党员中心户) this household is linked to."),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_households",
    )
    is_elderly_alone = models.BooleanField(Tag.ELDERLY_ALONE.label, default=False)
    is_low_income = models.BooleanField(Tag.LOW_INCOME.label, default=False)
    is_disabled = models.BooleanField(Tag.DISABLED.label, default=False)
    is_floating = models.BooleanField(Tag.FLOATING.label, default=False)
    is_key_care = models.BooleanField(Tag.KEY_CARE.label, default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = pgettext_lazy("household files", "households")
        constraints = [
            models.UniqueConstraint(fields=["grid", "address"], name="household_unique_address")
        ]
        indexes = [
            models.Index(fields=["community", "address"], name="household_community_addr"),
            models.Index(fields=["street", "address"], name="household_street_addr"),
            models.Index(fields=["region", "address"], name="household_region_addr"),
        ]

    def __str__(self):
        return self.address

    def anchor_unit_id(self):
        return self.party_group_id or self.grid_id

    def extra_unit_ids(self):
        return {i for i in (self.party_group_id, self.member_household_id) if i}

    @property
    def tags(self) -> list[str]:
        return [tag for tag, field in TAG_FIELDS.items() if getattr(self, field)]

    def tag_labels(self) -> list[str]:
        return [str(Tag(t).label) for t in self.tags]

    def clean(self):
        super().clean()
        errors = {}
        if self.grid_id and self.grid.kind != UnitKind.GRID:
            errors["grid"] = _("Choose a grid.")
        for field, kind in (
            ("party_group", UnitKind.PARTY_GROUP),
            ("member_household", UnitKind.MEMBER_HOUSEHOLD),
        ):
            unit = getattr(self, field)
            if unit is None or not self.grid_id or self.grid.kind != UnitKind.GRID:
                continue
            if unit.kind != kind:
                errors[field] = _("This unit is not of the right kind.")
            elif not unit.is_descendant_of(self.grid):
                errors[field] = _("This unit is not in the household's grid.")
        if self.grid_id and self.address:
            twins = Household.objects.filter(grid_id=self.grid_id, address=self.address)
            if twins.exclude(pk=self.pk).exists():
                errors["address"] = _("This address is already filed in this grid.")
        if errors:
            raise ValidationError(errors)


class Resident(PersonalDataModel, PlacedModel):
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="residents"
    )
    grid = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", editable=False, null=True, blank=True
    )
    name = models.CharField(_("full name"), max_length=50)
    relation = models.CharField(
        _("relation to head"), max_length=16, choices=Relation.choices, default=Relation.HEAD
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["id_number", "phone"])
    objects = ViaHouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["household_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash="") & Q(transfer_pending=False),
                name="resident_unique_person",
                violation_error_message=_("This person could not be registered here."),
            )
        ]
        indexes = [models.Index(fields=["id_number_hash"], name="resident_id_hash")]

    def __str__(self):
        return self.name

    def anchor_unit_id(self):
        return self.household.anchor_unit_id()

    def extra_unit_ids(self):
        return self.household.extra_unit_ids()


class Visit(PlacedModel):
    """A visit to a household (走访) by grid staff."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    grid = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", editable=False)
    visited_on = models.DateField(_("date"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="household_visits",
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    problems = models.TextField(_("problems found"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ViaHouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            # "Visits in a period per grid" for any level: one range scan.
            models.Index(fields=["grid", "visited_on"], name="visit_grid_day"),
            models.Index(fields=["community", "visited_on"], name="visit_community_day"),
            models.Index(fields=["street", "visited_on"], name="visit_street_day"),
            models.Index(fields=["region", "visited_on"], name="visit_region_day"),
        ]

    def __str__(self):
        return f"{self.household} {self.visited_on}"

    def anchor_unit_id(self):
        return self.household.anchor_unit_id()

    def extra_unit_ids(self):
        return self.household.extra_unit_ids()
