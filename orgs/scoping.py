"""The querysets that apply the scope rule of `orgs.access`: every list and
detail, API and page alike, filters with `visible_to(user)`.

Rows below the tree (cases, households, members) carry the ids of their
region, street, community and grid, copied at write time, so their scope
filter is an indexed equality instead of a join on lft/rght over millions of
rows. Subclass `ScopedQuerySet` and name those columns.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q
from mptt.querysets import TreeQuerySet

from .access import capability_roots, scope_roots
from .kinds import ANCESTOR_KINDS


def subtree_q(unit, prefix: str = "") -> Q:
    """Rows whose unit (reached through `prefix`) lies in `unit`'s subtree."""
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}tree_id": unit.tree_id, f"{p}lft__gte": unit.lft, f"{p}lft__lte": unit.rght})


def subtrees_q(roots, prefix: str = "") -> Q:
    """Rows in any of `roots`' subtrees (none when there are no roots)."""
    if not roots:
        return Q(pk__in=[])
    return reduce(or_, (subtree_q(r, prefix) for r in roots))


class ScopedQuerySet(models.QuerySet):
    """Base for querysets of rows that hang below the tree.

    `scope_unit_field`: the FK to OrgUnit that decides visibility.
    `scope_ancestor_fields`: unit kind -> column holding that ancestor's id,
    used instead of the join whenever a granted root is of that kind.
    """

    scope_unit_field = "unit"
    scope_ancestor_fields: dict[str, str] = {}

    def scope_q(self, root) -> Q:
        column = self.scope_ancestor_fields.get(root.kind)
        if column:
            return Q(**{column: root.pk})
        return subtree_q(root, self.scope_unit_field)

    def under(self, roots):
        """Rows in any of `roots`' subtrees."""
        if not roots:
            return self.none()
        return self.filter(reduce(or_, (self.scope_q(r) for r in roots)))

    def visible_to(self, user):
        return self.under(scope_roots(user))

    def granting(self, user, capability):
        """Rows below the units where one of `user`'s positions grants
        `capability` (a grid worker sees households but not party members)."""
        return self.under(capability_roots(user, capability))


class UnitQuerySet(TreeQuerySet):
    def visible_to(self, user):
        roots = scope_roots(user)
        if not roots:
            return self.none()
        return self.filter(subtrees_q(roots))


def ancestor_ids(unit, *, chain=None) -> dict[str, int | None]:
    """The region/street/community/grid ids above and including `unit`, for
    rows that copy them at write time. `chain`: the unit's ancestors and the
    unit itself, when the caller has read them already."""
    ids = {kind: None for kind in ANCESTOR_KINDS}
    if chain is None:
        chain = unit.get_ancestors(include_self=True)
    for node in chain:
        if node.kind in ids:
            ids[node.kind] = node.pk
    return ids
