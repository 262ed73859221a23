"""The one scoping mechanism: every list and detail, API and page alike,
filters with `visible_to(user)`. A position grants its unit's subtree.

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

from .kinds import ROLE_CAPABILITIES, Capability

_CACHE_ATTR = "_gridgov_scope_roots"
_POSITIONS_ATTR = "_gridgov_positions"


def positions_of(user) -> list:
    """The user's positions, each with its unit loaded (all but the boundary).

    Cached on the user object: one query per request, shared by the scope,
    the capability checks and the case rules.
    """
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, _POSITIONS_ATTR, None)
    if cached is None:
        cached = list(user.positions.select_related("unit").defer("unit__boundary"))
        setattr(user, _POSITIONS_ATTR, cached)
    return cached


def scope_roots(user):
    """The units whose subtrees `user` may see, nested ones removed.

    Cached on the user object: at most one query per request.
    """
    if not user or not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import OrgUnit

    if user.is_superuser:
        units = list(OrgUnit.objects.filter(parent__isnull=True))
    else:
        units = list({p.unit_id: p.unit for p in positions_of(user)}.values())
    units.sort(key=lambda u: (u.tree_id, u.lft, -u.rght))
    roots = []
    for unit in units:
        if roots and roots[-1].tree_id == unit.tree_id and unit.rght <= roots[-1].rght:
            continue  # inside a subtree already granted
        roots.append(unit)
    setattr(user, _CACHE_ATTR, roots)
    return roots


def forget_scope(user):
    for attr in (_CACHE_ATTR, _POSITIONS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def subtree_q(unit, prefix: str = "") -> Q:
    """Rows whose unit (reached through `prefix`) lies in `unit`'s subtree."""
    p = f"{prefix}__" if prefix else ""
    return Q(**{f"{p}tree_id": unit.tree_id, f"{p}lft__gte": unit.lft, f"{p}lft__lte": unit.rght})


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

    def visible_to(self, user):
        roots = scope_roots(user)
        if not roots:
            return self.none()
        return self.filter(reduce(or_, (self.scope_q(r) for r in roots)))


class UnitQuerySet(TreeQuerySet):
    def visible_to(self, user):
        roots = scope_roots(user)
        if not roots:
            return self.none()
        return self.filter(reduce(or_, (subtree_q(r) for r in roots)))


def unit_in_scope(user, unit) -> bool:
    return any(r.tree_id == unit.tree_id and r.lft <= unit.lft <= r.rght for r in scope_roots(user))


def has_capability(user, capability: Capability | str, unit=None) -> bool:
    """Whether one of the user's positions grants `capability` (over `unit`,
    when given: the position's unit must be the unit or one of its ancestors)."""
    if not user or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    for pos in positions_of(user):
        if capability not in ROLE_CAPABILITIES.get(pos.role, ()):
            continue
        if unit is None:
            return True
        u = pos.unit
        if u.tree_id == unit.tree_id and u.lft <= unit.lft <= u.rght:
            return True
    return False


def ancestor_ids(unit, *, chain=None) -> dict[str, int | None]:
    """The region/street/community/grid ids above and including `unit`, for
    rows that copy them at write time. `chain`: the unit's ancestors and the
    unit itself, when the caller has read them already."""
    from .kinds import ANCESTOR_KINDS

    ids = {kind: None for kind in ANCESTOR_KINDS}
    if chain is None:
        chain = unit.get_ancestors(include_self=True)
    for node in chain:
        if node.kind in ids:
            ids[node.kind] = node.pk
    return ids
