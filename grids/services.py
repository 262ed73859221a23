"""Writes about grids: the grid's party branch."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from orgs.access import has_capability
from orgs.kinds import Capability

from .models import PartyBranch


@transaction.atomic
def branch_set(*, grid, user, name, secretary=None, founded_on=None) -> PartyBranch:
    """Create or change a grid's party branch (一网格一支部). The secretary is
    a party member of the grid; whether they are also the grid leader (一肩挑)
    follows from positions, so it is never stored."""
    for cap in (Capability.EDIT_PEOPLE, Capability.VIEW_PARTY_MEMBERS):
        if not has_capability(user, cap, grid):
            raise PermissionDenied
    branch = PartyBranch.objects.filter(grid=grid).first() or PartyBranch(grid=grid)
    branch.name = (name or "").strip()
    branch.secretary = secretary
    branch.founded_on = founded_on
    branch.full_clean()
    branch._history_user = user
    branch.save()
    return branch


@transaction.atomic
def branch_remove(*, grid, user):
    for cap in (Capability.EDIT_PEOPLE, Capability.VIEW_PARTY_MEMBERS):
        if not has_capability(user, cap, grid):
            raise PermissionDenied
    PartyBranch.objects.filter(grid=grid).delete()
