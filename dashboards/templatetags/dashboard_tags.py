from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def cell(pair):
    """Show a (value, kind) cell of a dashboards.tables.Table."""
    value, kind = pair
    if value is None or value == "":
        return "—"
    if kind == "pct":
        return f"{number_format(value * 100, 1)}%"
    if kind in ("hours", "score"):
        return number_format(value, 1)
    if kind == "stars":
        return stars(value)
    return value


@register.filter
def stars(n):
    if not n:
        return "—"
    n = int(n)
    return "★" * n + "☆" * (5 - n)


@register.filter
def pct(value):
    if value is None:
        return "—"
    return f"{number_format(value * 100, 1)}%"
