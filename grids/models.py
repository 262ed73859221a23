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


class PeopleTally(models.Model):
    """The structure and people figures of a unit: its whole subtree's (the
    dashboards' figures) or only what it holds itself (`own`), for districts,
    streets, communities and grids.

    A unit's own part is what no lower unit of those kinds holds: a grid's
    own part is the grid with its party groups, member households, members,
    staff and branch; a community's, street's or district's is the unit
    itself with the staff placed at it or at its departments. Kept by
    `grids.counts` from the writes of units, positions, members and branches
    (the own row recomputed, the difference added to the unit and every unit
    above it), so a dashboard reads a node's figures from one row instead of
    counting its subtree's members, staff and grids.
    """

    # Not a constraint: the rows of a deleted unit are taken back from the
    # units above it after the unit is gone (see grids.counts).
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the unique key leads with the unit
        related_name="+",
    )
    own = models.BooleanField()
    streets = models.IntegerField(default=0)
    communities = models.IntegerField(default=0)
    grids = models.IntegerField(default=0)
    party_groups = models.IntegerField(default=0)
    member_households = models.IntegerField(default=0)
    households = models.BigIntegerField(default=0)
    population = models.BigIntegerField(default=0)
    grids_with_branch = models.IntegerField(default=0)
    grids_one_shoulder = models.IntegerField(default=0)
    leaders = models.IntegerField(default=0)
    leaders_members = models.IntegerField(default=0)
    workers = models.IntegerField(default=0)
    workers_members = models.IntegerField(default=0)
    members_ordinary = models.IntegerField(default=0)
    members_in_service = models.IntegerField(default=0)
    members_floating = models.IntegerField(default=0)
    members_unemployed = models.IntegerField(default=0)
    members_elderly = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "own"], name="people_tally_key"),
        ]

    def __str__(self):
        return f"{self.unit_id} {'own' if self.own else 'subtree'}"
