"""Rows that hang below the tree and copy their ancestors' ids (see
orgs.access): region, street, community and grid, filled at write time from
the row's anchor unit and re-copied when a subtree moves."""

from django.db import models

from orgs.kinds import ANCESTOR_COLUMNS, UnitKind
from orgs.models import OrgUnit
from orgs.scoping import ScopedQuerySet, ancestor_ids


class PlacedQuerySet(ScopedQuerySet):
    scope_ancestor_fields = ANCESTOR_COLUMNS

    def in_subtree(self, unit):
        """Rows below `unit`, whoever asks (for selectors that were handed a
        unit the caller may already see)."""
        return self.filter(self.scope_q(unit))


def _ancestor_fk(kind):
    return models.ForeignKey(
        OrgUnit,
        verbose_name=UnitKind(kind).label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )


class PlacedModel(models.Model):
    region = _ancestor_fk(UnitKind.REGION)
    street = _ancestor_fk(UnitKind.STREET)
    community = _ancestor_fk(UnitKind.COMMUNITY)

    class Meta:
        abstract = True

    def anchor_unit_id(self) -> int | None:
        """The unit whose ancestors this row copies."""
        raise NotImplementedError

    def copy_ancestors(self, ids: dict | None = None):
        """Fill the ancestor columns from `ids` (kind -> id) or the tree."""
        if ids is None:
            anchor = OrgUnit.objects.get(pk=self.anchor_unit_id())
            ids = ancestor_ids(anchor)
        self.region_id = ids.get(UnitKind.REGION)
        self.street_id = ids.get(UnitKind.STREET)
        self.community_id = ids.get(UnitKind.COMMUNITY)
        if "grid_id" in {f.attname for f in self._meta.concrete_fields}:
            self.grid_id = ids.get(UnitKind.GRID)

    def extra_unit_ids(self) -> set[int]:
        """Units below the grid this row also lies under (party group…)."""
        return set()

    def lies_under(self, unit) -> bool:
        """Whether the row is in `unit`'s subtree, from its own columns."""
        column = ANCESTOR_COLUMNS.get(unit.kind)
        if column is not None:
            return getattr(self, column, None) == unit.pk
        return unit.pk in self.extra_unit_ids()
