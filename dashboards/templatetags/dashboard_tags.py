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


@register.simple_tag(takes_context=True)
def headline(context) -> list[dict]:
    """`{% headline as rows %}`: for each place the user reviews, this
    quarter's headline case figures (the home page of a reviewer)."""
    from orgs.access import capability_roots
    from orgs.kinds import ANCESTOR_KINDS, Capability

    from ..periods import quarter_bounds, quarter_of, today
    from ..selectors import case_figures_of

    roots = [
        r
        for r in capability_roots(context["user"], Capability.VIEW_DASHBOARDS)
        if r.kind in ANCESTOR_KINDS
    ]
    year, quarter = quarter_of(today())
    start, end = quarter_bounds(year, quarter)
    figures = case_figures_of(roots, start, min(end, today()))
    return [{"unit": r, "year": year, "quarter": quarter, "cases": figures[r.pk]} for r in roots]
