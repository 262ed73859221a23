"""Writes of the dashboards app: hand-entered assessment scores and
publishing a quarter's results. (Rollups are written by dashboards.rollups.)"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.access import has_capability
from orgs.kinds import Capability
from orgs.models import OrgUnit
from orgs.scoping import subtree_q

from .assessment import ASSESSED_KINDS, by_hand, scorecards, star_thresholds, stars_for
from .models import AssessmentItem, AssessmentResult, AssessmentResultItem, AssessmentScore


def assessment_score_enter(*, user, unit, year: int, quarter: int, item, points, note: str = ""):
    """The community scores one hand-scored item of a grid or party group."""
    if not has_capability(user, Capability.ENTER_ASSESSMENTS, unit):
        raise PermissionDenied(_("Your position may not enter assessment scores."))
    errors = {}
    if unit.kind not in ASSESSED_KINDS:
        errors["unit"] = [_("Only grids and party groups are assessed.")]
    if not isinstance(item, AssessmentItem) or not by_hand(item) or not item.active:
        errors["item"] = [_("This item is scored from the records; it cannot be entered.")]
    try:
        value = Decimal(str(points)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        value = None
        errors["points"] = [_("Enter the points as a number, e.g. 4.5.")]
    if value is not None and "item" not in errors and not (0 <= value <= item.max_points):
        errors["points"] = [_("Enter between 0 and %(max)s points.") % {"max": item.max_points}]
    note = (note or "").strip()
    if value is not None and "item" not in errors and value < item.max_points and not note:
        errors["note"] = [_("Say why points were taken off, so the grid knows what to fix.")]
    if len(note) > 500:
        errors["note"] = [_("Keep the note under 500 characters.")]
    if errors:
        raise ValidationError(errors)
    score, _created = AssessmentScore.objects.update_or_create(
        unit=unit,
        year=year,
        quarter=quarter,
        item=item,
        defaults={"points": value, "note": note, "entered_by": user},
    )
    return score


@transaction.atomic
def assessment_publish(*, year: int, quarter: int, root=None) -> int:
    """Compute and publish the quarter's results of every grid and party group
    (under `root` when given). Publishing again replaces the same rows: the
    result is the same however often it runs. A handful of queries however
    many units."""
    units = OrgUnit.objects.filter(kind__in=ASSESSED_KINDS)
    if root is not None:
        units = units.filter(subtree_q(root))
    every = scorecards(list(units.order_by("tree_id", "lft")), year, quarter)
    # A unit with no applicable item has nothing to be scored on: no result
    # (and none left from an earlier publishing).
    cards = [c for c in every if c.max_points]
    AssessmentResult.objects.filter(
        year=year, quarter=quarter, unit_id__in=[c.unit.pk for c in every if not c.max_points]
    ).delete()
    thresholds = star_thresholds()
    existing = {
        r.unit_id: r
        for r in AssessmentResult.objects.select_for_update().filter(
            year=year, quarter=quarter, unit_id__in=[c.unit.pk for c in cards]
        )
    }
    now = timezone.now()
    new, changed = [], []
    for card in cards:
        score = card.score
        values = {
            "score": score,
            "points": card.points,
            "max_points": card.max_points,
            "stars": stars_for(score, thresholds),
        }
        result = existing.get(card.unit.pk)
        if result is None:
            result = AssessmentResult(
                unit=card.unit, year=year, quarter=quarter, published_at=now, **values
            )
            new.append(result)
        else:
            for name, value in values.items():
                setattr(result, name, value)
            changed.append(result)
        card.result = result
    AssessmentResult.objects.bulk_create(new, batch_size=1000)
    AssessmentResult.objects.bulk_update(
        changed, ["score", "points", "max_points", "stars"], batch_size=1000
    )
    AssessmentResultItem.objects.filter(result__in=[r.pk for r in changed]).delete()
    AssessmentResultItem.objects.bulk_create(
        (
            AssessmentResultItem(
                result=card.result,
                item=line.item,
                category_name=line.item.category.name,
                item_name=line.item.name,
                auto_source="" if by_hand(line.item) else line.item.auto_source,
                max_points=line.item.max_points,
                points=line.points,
                note=str(line.note)[:500],
                order=i,
            )
            for card in cards
            for i, line in enumerate(card.lines)
        ),
        batch_size=2000,
    )
    return len(cards)
