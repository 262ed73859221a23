import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from members.models import MemberYearScore
from participation.models import Signup, Venue

from .helpers import activity, at, party


@pytest.fixture
def w(world):
    return party(world)


def test_it_lets_community_staff_keep_a_venue_shared_by_grids(w, api):
    body = {
        "name": "一社区说事点",
        "kind": "talk",
        "keeper": w.c1.pk,
        "address": "幸福路9号",
        "units": [w.g1.pk, w.g1b.pk],
        "standards": ["room", "emblem", "flag", "wall", "square"],
        "opening_hours": "每天 8:00-20:00",
        "duty_roster": [{"weekday": 2, "name": "王值班"}],
    }
    r = api(w.community).post(reverse("api-venue-list"), body, format="json")
    assert r.status_code == 201, r.content
    venue = Venue.objects.get(pk=r.json()["id"])
    assert sorted(venue.units.values_list("pk", flat=True)) == sorted([w.g1.pk, w.g1b.pk])
    # The grid leaders of both grids see it; the next street does not.
    assert api(w.leader).get(reverse("api-venue-detail", args=[venue.pk])).status_code == 200
    assert api(w.street2).get(reverse("api-venue-detail", args=[venue.pk])).status_code == 404
    # The organization department sees the community but does not keep venues;
    # a grid leader does not even see the community.
    r = api(w.orgdept).post(reverse("api-venue-list"), dict(body, name="x"), format="json")
    assert r.status_code == 403
    r = api(w.leader).post(reverse("api-venue-list"), dict(body, name="x"), format="json")
    assert r.status_code == 400 and set(r.json()) == {"keeper", "units"}
    # Bad input: a message per field, nothing written.
    r = api(w.community).post(
        reverse("api-venue-list"),
        dict(body, name="", units=[], duty_roster=[{"weekday": 9, "name": "x"}]),
        format="json",
    )
    assert r.status_code == 400 and set(r.json()) == {"name", "units", "duty_roster"}
    assert Venue.objects.count() == 2


def test_it_closes_sign_up_when_full_or_started(w, api):
    a = activity(w, starts_at=at(2), ends_at=at(2, hours=1), capacity=1)
    url = reverse("api-activity-signup", args=[a.pk])
    assert api(w.me_user).post(url, {}, format="json").status_code == 201
    assert api(w.me_user).post(url, {}, format="json").status_code == 201  # again: the same
    r = api(w.leader).post(url, {"member": w.m2.pk}, format="json")
    assert r.status_code == 409 and r.json()["detail"] == "该活动报名已满。"
    past = activity(w)
    r = api(w.me_user).post(reverse("api-activity-signup", args=[past.pk]), {}, format="json")
    assert r.status_code == 409
    r = api(w.me_user).post(url, {"online": True}, format="json")
    assert r.status_code == 400 and r.json() == {"online": ["该活动不能线上参加。"]}
    assert list(Signup.objects.values_list("member_id", "online")) == [(w.me.pk, False)]


def test_it_verifies_and_rebuilds_the_member_totals(w):
    from members import points
    from members.models import ScoreRule

    points.score_award(
        member=w.m2,
        user=w.leader,
        rule=ScoreRule.objects.get(item="参与网格巡查"),
        on=datetime.date.today(),
    )
    out = StringIO()
    call_command("verify_counters", "member_points", stdout=out)
    assert "0 differences" in out.getvalue()
    MemberYearScore.objects.update(total=1)
    with pytest.raises(CommandError):
        call_command("verify_counters", "member_points", stdout=StringIO())
    call_command("rebuild_counters", "member_points", stdout=StringIO())
    call_command("verify_counters", "member_points", stdout=StringIO())
