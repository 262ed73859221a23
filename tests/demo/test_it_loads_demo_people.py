"""The demo district's people follow the field reports' figures."""

import datetime

import pytest
from django.db.models import Count

from grids import selectors
from members.models import Household, PartyMember, Resident, ScoreEntry, Visit
from orgs.models import OrgUnit, Position


def test_the_demo_people_match_the_seeds(demo, db):
    region = OrgUnit.objects.get(parent__isnull=True)
    stats = selectors.people_stats(unit=region)
    assert stats["branches"]["ratio"] >= 0.98
    assert stats["staff"]["grid_leader"]["share"] == pytest.approx(0.515, abs=0.005)
    assert stats["staff"]["grid_worker"]["share"] == pytest.approx(0.212, abs=0.005)
    assert stats["one_shoulder"]["ratio"] == pytest.approx(0.352, abs=0.005)
    rural = OrgUnit.objects.get(name="南屏镇")
    assert selectors.members_by_category(unit=rural)["floating_share"] == pytest.approx(
        0.34, abs=0.06
    )
    assert set(stats["members"]["by_category"].values()) != {0}
    demo_grid = Position.objects.get(user__username="demo_grid").unit
    assert selectors.one_shoulder(unit=demo_grid)["one_shoulder"] == 1
    assert Household.objects.filter(grid=demo_grid).count() == 30
    assert Household.objects.filter(is_elderly_alone=True).exists()
    assert Resident.objects.count() > 2 * Household.objects.count() * 0.8
    assert Visit.objects.exclude(problems="").exists() and ScoreEntry.objects.exists()
    # Joining dates are spread out (young members used to all show today's).
    busiest = PartyMember.objects.values("joined_on").annotate(n=Count("id")).order_by("-n").first()
    assert busiest["n"] < PartyMember.objects.count() / 100
    assert not PartyMember.objects.filter(joined_on__gt=datetime.date.today()).exists()
    member = PartyMember.objects.filter(score_entries__isnull=False).first()
    assert member.score == 100 + sum(member.score_entries.values_list("points", flat=True))
