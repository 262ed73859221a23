"""Quarterly assessment (考核) of grids and party groups: scoring a unit
against the checklist, and reading published results.

Items are scored either from the records (case rates from the rollups,
visits and activities from the people apps) or from what the community
entered by hand. The total is normalized to 100 and mapped to 1–5 stars.

An item with no data for the unit in the quarter (no case to take a rate
of, no organizational life to take the attendance of) is not applicable:
it earns no points either way, and the score is the points over the
maximum of the applicable items. No data never earns full marks. A unit
with no applicable item has no score and no stars.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from orgs.kinds import UnitKind

from . import people
from .models import (
    AssessmentItem,
    AssessmentResult,
    AssessmentScore,
    AutoSource,
    StarThreshold,
)
from .periods import quarter_bounds, quarter_of

K = UnitKind
ASSESSED_KINDS = (K.GRID, K.PARTY_GROUP)
CASE_SOURCES = {
    AutoSource.CLOSURE_RATE: ("closure_rate", "reported"),
    AutoSource.ON_TIME_RATE: ("on_time_rate", "closed"),
    AutoSource.SATISFACTION_RATE: ("satisfaction_rate", "answered"),
    AutoSource.SELF_HANDLED_SHARE: ("self_handled_share", "reported"),
}
ONE_PLACE = Decimal("0.1")
DEFAULT_THRESHOLDS = (
    (5, Decimal("95")),
    (4, Decimal("85")),
    (3, Decimal("75")),
    (2, Decimal("60")),
)


def _round(value) -> Decimal:
    return Decimal(value).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


@dataclass
class Line:
    item: AssessmentItem
    points: Decimal | None  # None: not applicable (no data this quarter)
    note: str

    @property
    def applicable(self) -> bool:
        return self.points is not None

    @property
    def lost(self) -> Decimal | None:
        return self.item.max_points - self.points if self.applicable else None


@dataclass
class Scorecard:
    unit: object
    year: int
    quarter: int
    lines: list[Line] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((line.points for line in self.lines if line.applicable), Decimal(0))

    @property
    def max_points(self) -> Decimal:
        """The maximum of the applicable items: what the score is out of."""
        return sum((line.item.max_points for line in self.lines if line.applicable), Decimal(0))

    @property
    def not_applicable_points(self) -> Decimal:
        return sum((line.item.max_points for line in self.lines if not line.applicable), Decimal(0))

    @property
    def score(self) -> Decimal | None:
        """Out of 100 over the applicable maximum; None with nothing applicable."""
        return _round(self.points * 100 / self.max_points) if self.max_points else None


def by_hand(item) -> bool:
    """Whether the community enters this item: hand-scored items, and items
    scored from records this deployment does not keep."""
    if not item.auto_source:
        return True
    return item.auto_source not in CASE_SOURCES and item.auto_source not in people.counted_sources()


def items_for(kind: str) -> list[AssessmentItem]:
    qs = AssessmentItem.objects.filter(active=True).select_related("category")
    if kind == K.GRID:
        qs = qs.filter(for_grids=True)
    elif kind == K.PARTY_GROUP:
        qs = qs.filter(for_party_groups=True)
    else:
        return []
    return list(qs.order_by("category__order", "category_id", "order", "id"))


def star_thresholds() -> list[tuple[int, Decimal]]:
    """(stars, minimum score), most stars first: the admin's, or the defaults."""
    rows = list(StarThreshold.objects.order_by("-stars").values_list("stars", "min_score"))
    return rows or list(DEFAULT_THRESHOLDS)


def stars_for(score, thresholds=None) -> int:
    for stars, minimum in thresholds if thresholds is not None else star_thresholds():
        if score >= minimum:
            return stars
    return 1


def _case_grid_id(unit) -> int | None:
    """The grid whose cases score a unit: itself, or a party group's grid
    (party groups hang right under their grid)."""
    return unit.pk if unit.kind == K.GRID else unit.parent_id


def scorecards(units, year: int, quarter: int) -> list[Scorecard]:
    """Score `units` (grids and party groups) for a quarter: a handful of
    queries however many units."""
    from .selectors import case_figures_of

    first, last = quarter_bounds(year, quarter)
    units = [u for u in units if u.kind in ASSESSED_KINDS]
    items = {kind: items_for(kind) for kind in ASSESSED_KINDS}
    grid_of = {u.pk: _case_grid_id(u) for u in units}
    grids = {gid for gid in grid_of.values() if gid}
    from orgs.models import OrgUnit

    grid_units = list(OrgUnit.objects.filter(pk__in=grids))
    case_figures = case_figures_of(grid_units, first, last)
    manual = {
        (s.unit_id, s.item_id): s
        for s in AssessmentScore.objects.filter(
            unit__in=[u.pk for u in units], year=year, quarter=quarter
        )
    }
    counts = people.assessment_counts(units, first, last)
    cards = []
    for unit in units:
        card = Scorecard(unit=unit, year=year, quarter=quarter)
        for item in items[unit.kind]:
            card.lines.append(
                _score_item(item, unit, grid_of, case_figures, manual, counts.get(unit.pk, {}))
            )
        cards.append(card)
    return cards


def _score_item(item, unit, grid_of, case_figures, manual, counts) -> Line:
    maximum = item.max_points
    source = item.auto_source
    if by_hand(item):
        entered = manual.get((unit.pk, item.pk))
        if entered is None:
            return Line(item, Decimal(0), _("Not scored by the community yet."))
        return Line(item, min(maximum, max(Decimal(0), entered.points)), entered.note)
    if source in CASE_SOURCES:
        figures = case_figures.get(grid_of.get(unit.pk))
        rate_key, base_key = CASE_SOURCES[source]
        if figures is None:
            return Line(item, None, _("Not applicable: no grid to take case figures from."))
        base = (
            figures["satisfied"] + figures["basically_satisfied"] + figures["unsatisfied"]
            if base_key == "answered"
            else figures[base_key]
        )
        if not base or figures[rate_key] is None:
            return Line(item, None, _("Not applicable: no cases to count this quarter."))
        rate = Decimal(str(figures[rate_key]))
        return Line(
            item,
            _round(maximum * rate),
            _("%(rate)s%% of %(base)s cases") % {"rate": _round(rate * 100), "base": base},
        )
    done = counts.get(source)
    target = item.target or 0
    if done is None:
        return Line(item, None, _("Not applicable: no records of this kind this quarter."))
    if source == "org_life_attendance":
        share = min(Decimal(1), Decimal(str(done)) / Decimal(target)) if target else Decimal(1)
        return Line(
            item,
            _round(maximum * share),
            _("Attendance %(rate)s%% (full points at %(target)s%%)")
            % {"rate": done, "target": target or 0},
        )
    if not target:
        return Line(item, maximum if done else Decimal(0), _("%(n)s recorded") % {"n": done})
    share = min(Decimal(1), Decimal(done) / Decimal(target))
    return Line(
        item,
        _round(maximum * share),
        _("%(n)s of the %(target)s expected") % {"n": done, "target": target},
    )


# --- reading published results ---------------------------------------------


def latest_published_quarter(until) -> tuple[int, int] | None:
    """The latest quarter with published results, not after `until`'s quarter."""
    year, quarter = quarter_of(until)
    row = (
        AssessmentResult.objects.filter(Q(year__lt=year) | Q(year=year, quarter__lte=quarter))
        .order_by("-year", "-quarter")
        .values_list("year", "quarter")
        .first()
    )
    return tuple(row) if row else None


def scores_for_ranking(node, children, until) -> dict[int, dict]:
    """Per child: the published score and stars of the latest quarter up to
    `until`; a street or community gets the mean of its grids' scores."""
    found = latest_published_quarter(until)
    if not found or not children:
        return {}
    year, quarter = found
    label = quarter_label(year, quarter)
    out = {}
    direct = [c.pk for c in children if c.kind in ASSESSED_KINDS]
    for unit_id, score, stars in AssessmentResult.objects.filter(
        unit_id__in=direct, year=year, quarter=quarter
    ).values_list("unit_id", "score", "stars"):
        out[unit_id] = {"score": float(score), "stars": stars, "quarter": label}
    above = sorted((c for c in children if c.kind not in ASSESSED_KINDS), key=lambda c: c.lft)
    if above:
        lefts = [c.lft for c in above]
        sums: dict[int, list] = {}
        rows = AssessmentResult.objects.filter(
            year=year,
            quarter=quarter,
            unit__kind=K.GRID,
            unit__tree_id=node.tree_id,
            unit__lft__gt=node.lft,
            unit__lft__lt=node.rght,
        ).values_list("unit__lft", "score")
        for lft, score in rows:
            i = bisect_right(lefts, lft) - 1
            if i >= 0 and lft < above[i].rght:
                sums.setdefault(above[i].pk, []).append(score)
        thresholds = star_thresholds()
        for unit_id, scores in sums.items():
            mean = _round(sum(scores) / len(scores))
            out[unit_id] = {
                "score": float(mean),
                "stars": stars_for(mean, thresholds),
                "quarter": label,
            }
    return out
