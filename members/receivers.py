"""Keep the copied ancestor columns true when a subtree moves."""

from django.db.models import Q
from django.dispatch import receiver

from orgs.kinds import ANCESTOR_COLUMNS, ANCESTOR_KINDS, UnitKind
from orgs.models import OrgUnit
from orgs.scoping import subtree_q
from orgs.signals import subtree_moved

from .models import DualReport, Household, PartyMember, Resident, Visit


def _ancestors_by_unit(unit) -> dict[int, dict]:
    """Ancestor ids (kind -> id) of every unit in `unit`'s subtree, from one
    query for the subtree and one for the ancestors above it."""
    above = {kind: None for kind in ANCESTOR_KINDS}
    for node in unit.get_ancestors():
        if node.kind in above:
            above[node.kind] = node.pk
    nodes = list(
        OrgUnit.objects.filter(subtree_q(unit))
        .order_by("lft")
        .values_list("pk", "parent_id", "kind")
    )
    result = {}
    for pk, parent_id, kind in nodes:
        ids = dict(result.get(parent_id, above))
        if kind in ids:
            ids[kind] = pk
        result[pk] = ids
    return result


def _columns(ids: dict, with_grid: bool = True) -> dict:
    return {
        column: ids.get(kind)
        for kind, column in ANCESTOR_COLUMNS.items()
        if with_grid or kind != UnitKind.GRID
    }


@receiver(subtree_moved)
def recopy_ancestors(sender, unit, **kwargs):
    # Runs inside the tree lock's transaction: the tree cannot move again
    # before these updates commit with it. One UPDATE per anchor unit; moves
    # are rare admin work.
    unit = OrgUnit.objects.get(pk=unit.pk)
    by_unit = _ancestors_by_unit(unit)
    for pk, ids in by_unit.items():
        cols = _columns(ids)
        PartyMember.objects.filter(unit_id=pk).update(**cols)
        DualReport.objects.filter(community_unit_id=pk).update(**_columns(ids, with_grid=False))
        # A household follows its building (party group) when one is set.
        if ids["grid"] is None:
            continue
        own = Household.objects.filter(
            Q(party_group_id=pk) | Q(party_group__isnull=True, grid_id=pk)
        )
        Resident.objects.filter(household__in=own).update(**cols)
        Visit.objects.filter(household__in=own).update(**cols)
        own.update(**cols)
