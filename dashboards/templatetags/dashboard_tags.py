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


@register.simple_tag(takes_context=True)
def headline(context) -> list[dict]:
    """`{% headline as rows %}`: for each place the user reviews, this
    quarter's headline case figures (the home page of a reviewer)."""
    from orgs.access import capability_roots
    from orgs.kinds import ANCESTOR_KINDS, Capability

    from ..periods import quarter_bounds, quarter_name, quarter_of, today
    from ..selectors import case_figures_of

    roots = [
        r
        for r in capability_roots(context["user"], Capability.VIEW_DASHBOARDS)
        if r.kind in ANCESTOR_KINDS
    ]
    year, quarter = quarter_of(today())
    start, end = quarter_bounds(year, quarter)
    figures = case_figures_of(roots, start, min(end, today()))
    return [
        {"unit": r, "quarter": quarter_name(year, quarter), "cases": figures[r.pk]} for r in roots
    ]


@register.filter
def quarter_text(code):
    """ "2026Q3" as people write it (2026年第三季度); anything else unchanged."""
    from ..periods import parse_quarter, quarter_name

    parsed = parse_quarter(str(code))
    return quarter_name(*parsed) if parsed else code
