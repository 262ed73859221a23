"""Template helpers that decide which links a person is offered: a link to
a page the position cannot use only leads to a refusal."""

from django import template

from orgs.access import has_capability, scope_roots
from orgs.kinds import UnitKind

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, capability, unit=None) -> bool:
    """`{% may "view_dashboards" unit as show %}`: one of the user's positions
    grants `capability` (over `unit`, when given)."""
    return has_capability(context["user"], capability, unit)


@register.filter
def has_area(user) -> bool:
    """Whether the user's positions cover some place with grids and residents:
    a department's handlers only work the cases sent to them."""
    return any(root.kind != UnitKind.DEPARTMENT for root in scope_roots(user))
