from django import template

from orgs.scoping import scope_roots

from ..access import member_of

register = template.Library()


@register.filter
def party_member(user) -> bool:
    return member_of(user) is not None


@register.filter
def has_party_area(user) -> bool:
    return bool(scope_roots(user)) or member_of(user) is not None
