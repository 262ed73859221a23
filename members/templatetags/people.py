from django import template

from grid_gov.figures import percent_text
from orgs.access import has_capability

register = template.Library()


@register.filter
def can(user, capability) -> bool:
    """`user|can:"view_party_members"`: a position somewhere grants it."""
    return has_capability(user, capability)


@register.filter
def percent(value) -> str:
    """A rate: "78.2%", or "—" without a figure (grid_gov.figures)."""
    return percent_text(value)
