from django import template

from orgs.access import positions_of, scope_roots
from orgs.kinds import Role

from ..access import member_of

register = template.Library()


@register.filter
def party_member(user) -> bool:
    return member_of(user) is not None


@register.filter
def has_party_area(user) -> bool:
    """Positions that take part in party life (all but a department's
    handlers), and party members."""
    if member_of(user) is not None or getattr(user, "is_superuser", False):
        return True
    return bool(scope_roots(user)) and any(
        p.role != Role.DEPARTMENT_HANDLER for p in positions_of(user)
    )
