"""Demo data of this app, loaded by `manage.py load_demo` after the cases:
rollups recounted, the community's hand scores for the last two quarters,
and those quarters published."""

from decimal import Decimal

from orgs.kinds import UnitKind

from .models import AssessmentItem, AssessmentScore
from .periods import previous_quarter, quarter_of, today
from .rollups import ROLLUPS
from .services import assessment_publish

NOTES = ["台账不全", "整改未闭环", "活动记录缺照片", "排查不及时", "宣传入户不足"]


def load(*, region, users, rng):
    ROLLUPS.rebuild()  # whatever way the demo cases were written
    items = list(AssessmentItem.objects.filter(active=True, auto_source=""))
    units = list(region.get_descendants().filter(kind__in=[UnitKind.GRID, UnitKind.PARTY_GROUP]))
    entered_by = users.get("demo_community")
    quarters = []
    year, quarter = quarter_of(today())
    for _ in range(2):
        year, quarter = previous_quarter(year, quarter)
        quarters.append((year, quarter))
    scores = []
    for year, quarter in quarters:
        for unit in units:
            for item in items:
                if unit.kind == UnitKind.GRID and not item.for_grids:
                    continue
                if unit.kind == UnitKind.PARTY_GROUP and not item.for_party_groups:
                    continue
                share = rng.choice([1, 1, 1, 0.9, 0.8, 0.6])
                points = (item.max_points * Decimal(str(share))).quantize(Decimal("0.1"))
                scores.append(
                    AssessmentScore(
                        unit=unit,
                        year=year,
                        quarter=quarter,
                        item=item,
                        points=points,
                        note="" if points == item.max_points else rng.choice(NOTES),
                        entered_by=entered_by,
                    )
                )
    AssessmentScore.objects.bulk_create(scores, batch_size=2000)
    for year, quarter in quarters:
        assessment_publish(year=year, quarter=quarter, root=region)
