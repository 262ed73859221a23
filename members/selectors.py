"""Reads about people, always scoped to the caller."""

import re

from orgs.access import has_capability
from orgs.kinds import Capability

from .models import Household, PartyMember, Resident
from .personal import (
    looks_like_id_number,
    looks_like_phone,
    normalize_id_number,
    normalize_phone,
    search_hash,
)

SEARCH_LIMIT = 50


def people_search(*, user, q: str, limit: int = SEARCH_LIMIT) -> dict:
    """Households, residents and (for those who may see them) party members
    in the caller's subtree, by name, address, phone or full ID number.

    ID numbers and phones are stored encrypted: they match exactly through
    their keyed hash, never by a fragment."""
    residents = Resident.objects.visible_to(user).select_related("household")
    households = Household.objects.visible_to(user)
    may_see_members = has_capability(user, Capability.VIEW_PARTY_MEMBERS)
    members = PartyMember.objects.granting(user, Capability.VIEW_PARTY_MEMBERS)
    q = q.strip()
    if looks_like_id_number(q):
        mode, h = "id_number", search_hash(normalize_id_number(q))
        residents = residents.filter(id_number_hash=h)
        members = members.filter(id_number_hash=h)
        households = households.filter(residents__id_number_hash=h)
    elif looks_like_phone(q):
        mode, h = "phone", search_hash(normalize_phone(q))
        residents = residents.filter(phone_hash=h)
        members = members.filter(phone_hash=h)
        households = households.filter(residents__phone_hash=h)
    elif re.fullmatch(r"[\dXx*\s-]{4,}", q):
        # A fragment of a number cannot be matched against encrypted values.
        return {"mode": "fragment", "households": [], "residents": [], "members": None}
    else:
        mode = "text"
        residents = residents.filter(name__icontains=q)
        members = members.filter(name__icontains=q)
        households = households.filter(address__icontains=q)
    return {
        "mode": mode,
        "households": list(households.distinct().select_related("grid").order_by("id")[:limit]),
        "residents": list(residents.order_by("id")[:limit]),
        "members": list(members.select_related("unit").order_by("id")[:limit])
        if may_see_members
        else None,
    }
