"""What every participation row shares: the ancestor columns of its unit
(region, street, community, grid), copied at write time like the people
rows, so a subtree filter is an indexed equality."""

from django.db import models

from members.models.base import ANCESTOR_COLUMNS, PlacedModel, PlacedQuerySet
from orgs.models import OrgUnit


class GridPlacedModel(PlacedModel):
    grid = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        abstract = True


__all__ = ["ANCESTOR_COLUMNS", "GridPlacedModel", "PlacedQuerySet"]
