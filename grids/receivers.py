"""Keep the people counts (grids.counts) current with the writes of units,
staff positions, party members and branches. Each receiver names the zones
a write touched, before and after it; `counts.refresh` recomputes them."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from members.models import PartyMember
from orgs.kinds import ANCESTOR_KINDS
from orgs.models import OrgUnit, Position
from orgs.signals import subtree_moved

from . import counts
from .models import PartyBranch

_BEFORE = "_people_counts_before"


def _remember(instance, zones):
    setattr(instance, _BEFORE, zones)


def _before(instance) -> list:
    return getattr(instance, _BEFORE, [])


# --- units ------------------------------------------------------------------


@receiver(post_save, sender=OrgUnit, dispatch_uid="people_counts_unit_saved")
def unit_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    counts.refresh([counts.zone_of(instance)])


@receiver(post_delete, sender=OrgUnit, dispatch_uid="people_counts_unit_deleted")
def unit_deleted(sender, instance, **kwargs):
    if instance.kind in ANCESTOR_KINDS:
        counts.forget_unit(instance)
    elif instance.parent_id is not None:
        counts.refresh(counts.zones_of_units([instance.parent_id]))


@receiver(subtree_moved, dispatch_uid="people_counts_subtree_moved")
def subtree_moved_(sender, unit, **kwargs):
    # Moves are rare admin work under the tree lock; the members' columns
    # are re-copied by members.receivers first (connected before this one).
    counts.PEOPLE_COUNTS.rebuild()


# --- positions --------------------------------------------------------------


@receiver(pre_save, sender=Position, dispatch_uid="people_counts_position_before")
def position_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = Position.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
    _remember(instance, counts.zones_of_units([old]))


@receiver(post_save, sender=Position, dispatch_uid="people_counts_position_saved")
@receiver(post_delete, sender=Position, dispatch_uid="people_counts_position_deleted")
def position_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    counts.refresh([*_before(instance), *counts.zones_of_units([instance.unit_id])])


# --- party members -----------------------------------------------------------


def _member_zones(grid_id, unit_id, user_id, member_id) -> list:
    """Zones a member counts in: its own (members by category), its
    account's staff positions (staff who are party members) and the grids
    whose branch it leads (一肩挑)."""
    zones = counts.zones_of_units([grid_id if grid_id is not None else unit_id])
    zones += counts.zones_of_user(user_id)
    if member_id is not None:
        led = PartyBranch.objects.filter(secretary_id=member_id).values_list("grid_id", flat=True)
        zones += counts.zones_of_units(led)
    return zones


@receiver(pre_save, sender=PartyMember, dispatch_uid="people_counts_member_before")
def member_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = (
        PartyMember.objects.filter(pk=instance.pk)
        .values_list("grid_id", "unit_id", "user_id")
        .first()
    )
    if old is not None:
        _remember(instance, _member_zones(*old, None))


@receiver(pre_delete, sender=PartyMember, dispatch_uid="people_counts_member_deleting")
def member_deleting(sender, instance, **kwargs):
    # Before the branches it leads lose their secretary (SET_NULL).
    _remember(
        instance,
        _member_zones(instance.grid_id, instance.unit_id, instance.user_id, instance.pk),
    )


@receiver(post_save, sender=PartyMember, dispatch_uid="people_counts_member_saved")
def member_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    zones = _member_zones(instance.grid_id, instance.unit_id, instance.user_id, instance.pk)
    counts.refresh([*_before(instance), *zones])


@receiver(post_delete, sender=PartyMember, dispatch_uid="people_counts_member_deleted")
def member_deleted(sender, instance, **kwargs):
    counts.refresh(_before(instance))


# --- branches ---------------------------------------------------------------


@receiver(pre_save, sender=PartyBranch, dispatch_uid="people_counts_branch_before")
def branch_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    old = PartyBranch.objects.filter(pk=instance.pk).values_list("grid_id", flat=True).first()
    _remember(instance, counts.zones_of_units([old]))


@receiver(post_save, sender=PartyBranch, dispatch_uid="people_counts_branch_saved")
@receiver(post_delete, sender=PartyBranch, dispatch_uid="people_counts_branch_deleted")
def branch_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    counts.refresh([*_before(instance), *counts.zones_of_units([instance.grid_id])])
