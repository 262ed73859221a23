"""One grid, one party branch (一网格一支部). Grid staff are orgs.Position rows
at grid units; whether a staff member is a party member, and whether the
grid leader is also the branch secretary (一肩挑), are derived from
members.PartyMember.user, never typed."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import PartyMember
from orgs.kinds import UnitKind
from orgs.models import OrgUnit


class PartyBranch(models.Model):
    grid = models.OneToOneField(
        OrgUnit,
        verbose_name=_("grid"),
        on_delete=models.CASCADE,
        related_name="party_branch",
    )
    name = models.CharField(_("name"), max_length=100)
    secretary = models.ForeignKey(
        PartyMember,
        verbose_name=_("secretary"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branches_led",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grid party branch")
        verbose_name_plural = _("grid party branches")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.grid_id and self.grid.kind != UnitKind.GRID:
            errors["grid"] = _("A party branch belongs to a grid.")
        if self.secretary_id and self.grid_id and self.secretary.grid_id != self.grid_id:
            errors["secretary"] = _("The secretary must be a party member of this grid.")
        if errors:
            raise ValidationError(errors)
