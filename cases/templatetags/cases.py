from django import template

from cases import selectors

register = template.Library()


@register.filter
def is_overdue(case) -> bool:
    return selectors.is_overdue(case)


@register.filter
def get(mapping, key):
    """mapping[key], for dicts keyed by a variable (errors of a field)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
