"""Who sees and does what: the one page to read, and the one module that decides.

Seeing: scope
    A position (`orgs.models.Position`: a user, a unit, a role) grants its
    unit's whole subtree. `scope_roots(user)` are the units of the user's
    positions with nested ones removed; a superuser's are the roots of the
    forest. Every list and detail, API and page alike, reads through
    `Model.objects.visible_to(user)`: org units through
    `orgs.scoping.UnitQuerySet`, rows below the tree (cases, households,
    party members…) through `orgs.scoping.ScopedQuerySet`. Those rows copy the
    ids of their region, street, community and grid at write time
    (`orgs.kinds.ANCESTOR_COLUMNS`, re-copied when a subtree moves), so their
    scope filter is an indexed equality instead of a join on lft/rght.

    Out of scope is answered 404, worded exactly like "not found": pages use
    `get_object_or_404` on a `visible_to` queryset, the API's exception
    handler (`grid_gov.api`) words every 404 alike. A caller never learns that
    something exists elsewhere in the tree.

Doing: capabilities
    What a role may do beyond seeing is the table
    `orgs.kinds.ROLE_CAPABILITIES` (role -> capabilities). A capability holds
    over the subtree of the position that carries it: `has_capability(user,
    capability, unit)`, `capability_roots(user, capability)` for filters,
    `roots_with_all(user, capabilities)` where a write needs several, and
    `Grant` for rows below the tree, checked against their copied columns
    without a query per row. A grid worker edits a grid's households but does
    not see its party members; a department handler only handles cases.
    Missing a capability raises `PermissionDenied`, answered 403.

Case actions: roles
    Who may take which action on a case is decided by the roles the user holds
    at the case's unit or above it (`roles_over(user, unit)`), crossed with the
    table in cases/transitions.py (`ACTION_ROLES`: action -> roles,
    `FILING_ROLES`); cases/rules.py joins the two with the status table. A
    state that does not allow the action is a conflict, answered 409.

Cost
    All of it comes from one query for the user's positions, kept on the user
    object. That object lives for one request (a task loads its own), so a
    change of positions shows from the next request on and nothing needs to
    forget it.
"""

from collections.abc import Iterable

from .kinds import ROLE_CAPABILITIES, Capability, Role

_CACHE_ATTR = "_gridgov_access"


def covers(unit, other) -> bool:
    """Whether `other` is `unit` or lies below it in the tree."""
    return unit.tree_id == other.tree_id and unit.lft <= other.lft <= unit.rght


def _outermost(units: Iterable) -> list:
    """`units` in tree order, without those that lie below another of them."""
    roots: list = []
    for unit in sorted(units, key=lambda u: (u.tree_id, u.lft, -u.rght)):
        if not (roots and covers(roots[-1], unit)):
            roots.append(unit)
    return roots


def _signed_in(user) -> bool:
    return bool(user) and user.is_authenticated


def _cache(user) -> dict:
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    return cache


def positions_of(user) -> list:
    """The user's positions, each with its unit loaded (all but the boundary)."""
    if not _signed_in(user):
        return []
    cache = _cache(user)
    if "positions" not in cache:
        cache["positions"] = list(user.positions.select_related("unit").defer("unit__boundary"))
    return cache["positions"]


def position_unit_ids(user) -> list[int]:
    """The units the user holds a position at (their work queue)."""
    return sorted({p.unit_id for p in positions_of(user)})


def scope_roots(user) -> list:
    """The units whose subtrees `user` may see, nested ones removed."""
    if not _signed_in(user):
        return []
    cache = _cache(user)
    if "scope" not in cache:
        if user.is_superuser:
            from .models import OrgUnit

            units = list(OrgUnit.objects.filter(parent__isnull=True))
        else:
            units = [p.unit for p in positions_of(user)]
        cache["scope"] = _outermost(units)
    return cache["scope"]


def breadcrumb(user, unit) -> list:
    """`unit` and its ancestors from the caller's own granted root down,
    never above it."""
    roots = scope_roots(user)
    return [a for a in unit.get_ancestors(include_self=True) if any(covers(r, a) for r in roots)]


def capability_roots(user, capability: Capability | str) -> list:
    """The units under which one of `user`'s positions grants `capability`,
    nested ones removed."""
    if not _signed_in(user):
        return []
    cache = _cache(user)
    key = ("capability", capability)
    if key not in cache:
        if user.is_superuser:
            cache[key] = scope_roots(user)
        else:
            cache[key] = _outermost(
                p.unit
                for p in positions_of(user)
                if capability in ROLE_CAPABILITIES.get(p.role, ())
            )
    return cache[key]


def roots_with_all(user, capabilities) -> list:
    """The units under which `user` holds every one of `capabilities`."""
    roots = capability_roots(user, capabilities[0])
    for capability in capabilities[1:]:
        others = capability_roots(user, capability)
        roots = [r for r in roots if any(covers(o, r) for o in others)]
    return roots


def has_capability(user, capability: Capability | str, unit=None) -> bool:
    """Whether one of the user's positions grants `capability` (over `unit`,
    when given: the position's unit is the unit or one of its ancestors)."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    roots = capability_roots(user, capability)
    if unit is None:
        return bool(roots)
    return any(covers(r, unit) for r in roots)


def roles_over(user, unit) -> set[str]:
    """The roles of the user's positions at `unit` or above it."""
    if not _signed_in(user):
        return set()
    roles = {p.role for p in positions_of(user) if covers(p.unit, unit)}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


class Grant:
    """`capability` over rows placed below the tree (a party member, a
    household, a resident…: anything with `lies_under(unit)`), decided from
    the rows' own copied columns, without a query per row."""

    def __init__(self, user, capability: Capability | str):
        self.roots = capability_roots(user, capability)

    def covers(self, row) -> bool:
        return any(row.lies_under(root) for root in self.roots)

    def __bool__(self):
        return bool(self.roots)
