from django import template

from orgs.access import has_capability

register = template.Library()


@register.filter
def can(user, capability) -> bool:
    """`user|can:"view_party_members"`: a position somewhere grants it."""
    return has_capability(user, capability)


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
