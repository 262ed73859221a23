from django import template

from grid_gov.figures import NO_FIGURE, number_text, percent_text

register = template.Library()


@register.filter
def cell(pair):
    """Show a (value, kind) cell of a dashboards.tables.Table."""
    value, kind = pair
    if value is None or value == "":
        return NO_FIGURE
    if kind == "pct":
        return percent_text(value)
    if kind in ("hours", "score"):
        return number_text(value)
    if kind == "stars":
        return stars(value)
    return value


@register.filter
def stars(n):
    if not n:
        return NO_FIGURE
    n = int(n)
    return "★" * n + "☆" * (5 - n)


@register.filter
def pct(value):
    """A rate: "78.2%", or "—" without a figure."""
    return percent_text(value)


@register.filter
def num(value):
    """A quantity with one decimal (hours, days, a score), or "—" without a figure."""
    return number_text(value)
