"""The map (一张图): the grids below a unit as GeoJSON, each with a chosen
figure, and the open cases as points. Read only; the caller's subtree only.

Figures per grid, from the grid's own cases (copied `grid_id` column):
    open_cases     cases reported or being handled
    overdue        open cases past their deadline
    closure_rate   closed / (all but cancelled); null with none
    satisfaction   satisfied or basically satisfied / closed with an
                   answer; null with none
"""

from django.db.models import Count, Q
from django.utils import timezone

from cases.models import Case, Satisfaction, Status
from grid_gov.figures import rate
from orgs.kinds import ANCESTOR_COLUMNS, UnitKind
from orgs.models import OrgUnit
from orgs.scoping import subtree_q

FIGURES = ("open_cases", "overdue", "closure_rate", "satisfaction")
OPEN = (Status.REPORTED, Status.HANDLING)
MAX_CASE_POINTS = 2000


def _cases_under(unit):
    column = ANCESTOR_COLUMNS.get(unit.kind)
    if column:
        return Case.objects.filter(**{column: unit.pk})
    return Case.objects.filter(subtree_q(unit, "grid"))


def _figures(unit, now) -> dict[int, dict]:
    rows = (
        _cases_under(unit)
        .values("grid_id")
        .annotate(
            open_cases=Count("id", filter=Q(status__in=OPEN)),
            overdue=Count("id", filter=Q(status__in=OPEN, due_at__lt=now)),
            closed=Count("id", filter=Q(status=Status.CLOSED)),
            counted=Count("id", filter=~Q(status=Status.CANCELLED)),
            answered=Count("id", filter=Q(status=Status.CLOSED) & ~Q(satisfaction="")),
            content=Count(
                "id",
                filter=Q(
                    status=Status.CLOSED,
                    satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY],
                ),
            ),
        )
        .order_by()
    )
    out = {}
    for row in rows:
        out[row["grid_id"]] = {
            "open_cases": row["open_cases"],
            "overdue": row["overdue"],
            "closure_rate": rate(row["closed"], row["counted"]),
            "satisfaction": rate(row["content"], row["answered"]),
        }
    return out


def map_of(*, unit: OrgUnit, figure: str, with_cases: bool = True) -> dict:
    """A GeoJSON FeatureCollection of the grids below `unit` (with a boundary)
    carrying `figure`; the open cases with a point under `cases` (a
    foreign member, so a client that wants grids only can ignore it)."""
    now = timezone.now()
    grids = (
        OrgUnit.objects.filter(subtree_q(unit), kind=UnitKind.GRID, boundary__isnull=False)
        .only("id", "name", "boundary", "latitude", "longitude")
        .order_by("tree_id", "lft")
    )
    figures = _figures(unit, now)
    empty = {"open_cases": 0, "overdue": 0, "closure_rate": None, "satisfaction": None}
    features = []
    for grid in grids:
        values = figures.get(grid.pk, empty)
        features.append(
            {
                "type": "Feature",
                "id": grid.pk,
                "geometry": grid.boundary,
                "properties": {
                    "id": grid.pk,
                    "name": grid.name,
                    "figure": figure,
                    "value": values[figure],
                    **values,
                },
            }
        )
    collection = {
        "type": "FeatureCollection",
        "unit": {"id": unit.pk, "name": unit.name, "kind": unit.kind},
        "figure": figure,
        "features": features,
    }
    if with_cases:
        cases = (
            _cases_under(unit)
            .filter(status__in=OPEN, latitude__isnull=False, longitude__isnull=False)
            .only("id", "number", "title", "status", "latitude", "longitude", "due_at")
            .order_by("-reported_at", "-id")[:MAX_CASE_POINTS]
        )
        collection["cases"] = [
            {
                "type": "Feature",
                "id": case.pk,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(case.longitude), float(case.latitude)],
                },
                "properties": {
                    "id": case.pk,
                    "number": case.number,
                    "title": case.title,
                    "status": case.status,
                    "overdue": bool(case.due_at and case.due_at < now),
                },
            }
            for case in cases
        ]
    return collection
