"""Who may see what of people: capabilities over the rows' units, decided
from the rows' own copied columns (no query per row)."""

from orgs.kinds import ROLE_CAPABILITIES, Capability
from orgs.scoping import positions_of, scope_roots

_CACHE_ATTR = "_gridgov_capability_roots"


def capability_roots(user, capability) -> list:
    """The units under which one of `user`'s positions grants `capability`,
    nested ones removed. Cached on the user object."""
    if not user or not user.is_authenticated:
        return []
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    if capability in cache:
        return cache[capability]
    if user.is_superuser:
        roots = list(scope_roots(user))
    else:
        units = [
            p.unit for p in positions_of(user) if capability in ROLE_CAPABILITIES.get(p.role, ())
        ]
        units.sort(key=lambda u: (u.tree_id, u.lft, -u.rght))
        roots = []
        for unit in units:
            if roots and roots[-1].tree_id == unit.tree_id and unit.rght <= roots[-1].rght:
                continue
            roots.append(unit)
    cache[capability] = roots
    return roots


def forget_capabilities(user):
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_any(user, capability) -> bool:
    return bool(capability_roots(user, capability))


def covers_unit(user, capability, unit) -> bool:
    return any(
        r.tree_id == unit.tree_id and r.lft <= unit.lft <= r.rght
        for r in capability_roots(user, capability)
    )


class Grant:
    """Whether `user` holds `capability` over a placed row (a member, a
    household, a resident…), checked against the row's copied columns."""

    def __init__(self, user, capability):
        self.roots = capability_roots(user, capability)

    def covers(self, row) -> bool:
        return any(row.lies_under(root) for root in self.roots)

    def __bool__(self):
        return bool(self.roots)


def personal_data_grant(user) -> Grant:
    return Grant(user, Capability.VIEW_PERSONAL_DATA)
