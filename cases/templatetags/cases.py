from django import template
from django.utils.translation import gettext, ngettext

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


@register.filter
def remaining(case) -> str:
    """The time left on an open case's deadline, in whole hours ("剩余 5 小时",
    "超期 3 小时"); under an hour says so. Nothing once it is resolved."""
    hours = selectors.hours_left(case)
    if hours is None:
        return ""
    if hours < 0:
        late = -hours
        if late < 1:
            return gettext("Overdue by less than an hour")
        n = int(late)
        return ngettext("Overdue by %(n)d hour", "Overdue by %(n)d hours", n) % {"n": n}
    if hours < 1:
        return gettext("Less than an hour left")
    n = int(hours)
    return ngettext("%(n)d hour left", "%(n)d hours left", n) % {"n": n}


@register.simple_tag(takes_context=True)
def case_home(context) -> dict:
    """`{% case_home as work %}`: the home page's case figures (see
    `selectors.home_figures`)."""
    return selectors.home_figures(user=context["user"])
