"""The visits item of the assessment counts the household visits recorded
through the people services: per grid, and per party group through its
households."""

from datetime import date
from decimal import Decimal

import time_machine

from dashboards.models import AssessmentItem, AssessmentResult, AutoSource
from dashboards.services import assessment_publish
from members import services as people
from tests.dashboards.helpers import ensure_checklist


def test_it_scores_visits_done_against_the_target(world):
    ensure_checklist()
    item = AssessmentItem.objects.get(auto_source=AutoSource.VISITS)
    item.target = 4
    item.save()
    with time_machine.travel("2025-04-10 10:00 +0800", tick=False):
        home = people.household_create(
            user=world.leader, grid=world.g1, address="幸福路1号", party_group=world.p1
        )
        other = people.household_create(user=world.leader, grid=world.g1, address="幸福路2号")
        for day, household in [(3, home), (20, home), (28, other)]:
            people.visit_create(
                household=household, user=world.leader, visited_on=date(2025, 2, day), notes="走访"
            )
        people.visit_create(
            household=home, user=world.leader, visited_on=date(2025, 4, 2), notes="下季度"
        )
        assessment_publish(year=2025, quarter=1)

    def line(unit):
        result = AssessmentResult.objects.get(unit=unit, year=2025, quarter=1)
        return result.items.get(item_name=item.name)

    assert line(world.g1).points == item.max_points * 3 / 4  # 3 of 4 expected in Q1
    assert line(world.p1).points == item.max_points * 2 / 4  # its own household's 2
    assert line(world.g1b).points == Decimal("0")
