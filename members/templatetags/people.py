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


@register.simple_tag(takes_context=True)
def visits_today(context) -> dict:
    """`{% visits_today as v %}`: the visits the user logged today and those
    logged in their area today, for the home page."""
    from django.utils import timezone

    from members.models import Visit

    user = context["user"]
    today = timezone.localdate()
    visits = Visit.objects.visible_to(user).filter(visited_on=today)
    return {
        "mine": visits.filter(visitor_id=user.pk).count(),
        "area": visits.count(),
        "date": today,
    }
