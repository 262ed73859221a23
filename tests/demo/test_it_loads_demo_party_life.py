"""The demo district's party life has the field reports' shape."""

from django.contrib.auth import authenticate
from django.db.models import Count, Sum
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import points
from members.models import DualReport, PartyMember
from participation.models import (
    ORG_LIFE_KINDS,
    Activity,
    Attendance,
    Demand,
    ServiceRecord,
    Signup,
    VenueUnit,
    VolunteerTeam,
)
from participation.rollups import PARTY_ROLLUPS


def test_the_demo_party_life_matches_the_seeds(demo, db):
    # Venues shared by several grids (Liuhe: 135 venues for 819 grids).
    served = VenueUnit.objects.values("venue").annotate(n=Count("unit"))
    assert max(row["n"] for row in served) >= 6
    # A year of organizational life with realistic attendance.
    held = Activity.objects.filter(kind__in=ORG_LIFE_KINDS, status="held")
    sums = held.aggregate(expected=Sum("expected"), attended=Sum("attended"))
    assert 0.7 < sums["attended"] / sums["expected"] < 0.95
    away = Attendance.objects.filter(member__category="floating", activity__in=held)
    came = away.filter(presence__in=["present", "online"]).count()
    assert came / away.count() < 0.5 and away.filter(presence="online").exists()
    assert set(Demand.objects.values_list("status", flat=True)) == {
        "posted",
        "claimed",
        "done",
        "rated",
        "cancelled",
    }
    assert VolunteerTeam.objects.filter(members__resident_name__gt="").exists()
    assert ServiceRecord.objects.filter(kind="volunteer").exists()
    reported = DualReport.objects.filter(member__services__kind="pledge").distinct().count()
    assert reported > DualReport.objects.count() * 0.9
    assert points.totals_differences() == []
    assert PARTY_ROLLUPS.differences() == []
    # demo_member: in-service, in demo_grid's grid, reported there, with a year of it.
    user = authenticate(HttpRequest(), username="demo_member", password="gridgov-demo")
    assert user is not None
    me = PartyMember.objects.get(user=user)
    assert me.category == "in_service" and me.dual_report.community_unit_id == me.community_id
    assert Signup.objects.filter(member=me).exists()
    client = Client()
    client.force_login(user)
    page = client.get(reverse("party-me")).content.decode()
    year = timezone.localdate().year
    for text in ("我的活动", "我的需求", "我的积分", str(points.year_total(me, year))):
        assert text in page, text
