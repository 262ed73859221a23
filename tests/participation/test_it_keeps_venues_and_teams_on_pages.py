"""The pages of venues (the form, the standards ticked with photos, the duty
roster) and of volunteer teams (members and the hours of each person and of
the team), for the staff in scope, a teammate, and an outsider."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participation import services
from participation.models import ServiceRecord, TeamMember, Venue, VenuePhoto, VolunteerTeam

from .helpers import party, photo


@pytest.fixture
def w(world):
    return party(world)


def client(user):
    c = Client()
    c.force_login(user)
    return c


def venue_form(w, **extra):
    data = {
        "keeper": w.c1.pk,
        "name": "一社区说事点",
        "kind": "talk",
        "address": "幸福路9号",
        "latitude": "22.270000",
        "longitude": "113.560000",
        "units": [w.g1.pk, w.g1b.pk],
        "opening_hours": "每天 8:00-20:00",
        "duty_2": "王值班",
        "duty_6": "赵值班",
    }
    data.update(extra)
    return data


def test_it_lets_community_staff_add_a_venue_with_its_roster_on_a_page(w):
    r = client(w.community).post(reverse("party-venue-new"), venue_form(w))
    assert r.status_code == 302
    venue = Venue.objects.get(name="一社区说事点")
    assert r.url == reverse("party-venue-detail", args=[venue.pk])
    assert venue.duty_roster == [{"weekday": 2, "name": "王值班"}, {"weekday": 6, "name": "赵值班"}]
    assert sorted(venue.units.values_list("name", flat=True)) == ["一网格", "二网格"]
    assert (venue.opening_hours, str(venue.latitude)) == ("每天 8:00-20:00", "22.270000")
    page = client(w.leader).get(reverse("party-venue-detail", args=[venue.pk])).content.decode()
    assert "星期二 · 王值班" in page and "星期六 · 赵值班" in page
    # The grid leader sees it but keeps no venue: no edit link, no form.
    assert reverse("party-venue-edit", args=[venue.pk]) not in page
    assert client(w.leader).get(reverse("party-venue-edit", args=[venue.pk])).status_code == 403
    assert client(w.leader).get(reverse("party-venue-new")).status_code == 403


def test_it_edits_a_venue_and_keeps_its_ticked_standards(w):
    url = reverse("party-venue-edit", args=[w.venue.pk])
    form = client(w.community).get(url).content.decode()
    assert 'value="李值班"' in form  # the Monday duty from the roster
    r = client(w.community).post(url, venue_form(w, name="一社区党群之家（新）", units=[w.g1.pk]))
    assert r.status_code == 302
    w.venue.refresh_from_db()
    assert w.venue.name == "一社区党群之家（新）"
    assert w.venue.standards == ["room", "flag"]
    assert list(w.venue.units.values_list("name", flat=True)) == ["一网格"]


def test_it_refuses_a_bad_venue_form_with_a_message_per_field_and_writes_nothing(w):
    r = client(w.community).post(
        reverse("party-venue-new"),
        venue_form(w, name="", units=[], latitude="95", duty_3="x" * 51),
    )
    assert r.status_code == 400
    errors = r.context["form"].errors
    assert set(errors) == {"name", "units", "latitude", "__all__"}
    assert errors["__all__"] == ["值班表中的姓名最多 50 个字。"]
    assert errors["units"] == ["请选择阵地服务的单位。"]
    assert errors["latitude"] == ["纬度应在 -90 到 90 之间。"]
    assert Venue.objects.count() == 1
    # A unit of the next street is not even offered.
    r = client(w.community).post(reverse("party-venue-new"), venue_form(w, units=[w.g2.pk]))
    assert r.status_code == 400 and "units" in r.context["form"].errors
    assert Venue.objects.count() == 1


def test_it_ticks_a_standard_with_a_photo(w):
    url = reverse("party-venue-photo", args=[w.venue.pk])
    r = client(w.community).post(url, {"standard": "emblem", "image": photo()})
    assert r.status_code == 302
    w.venue.refresh_from_db()
    assert w.venue.standards == ["room", "emblem", "flag"]
    assert list(VenuePhoto.objects.values_list("standard", flat=True)) == ["emblem"]
    page = client(w.leader).get(reverse("party-venue-detail", args=[w.venue.pk])).content.decode()
    shown = reverse("party-photo", args=["venue", VenuePhoto.objects.get().pk])
    assert shown in page and "3/5" in page
    image = client(w.leader).get(shown)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert client(w.outsider).get(shown).status_code == 404
    # Not a photo, or no standard: 400, nothing written.
    bad = client(w.community).post(url, {"standard": "tower", "image": photo()})
    assert bad.status_code == 400 and "standard" in bad.context["photo_form"].errors
    text = client(w.community).post(url, {"standard": "wall", "image": b"not an image"})
    assert text.status_code == 400
    assert VenuePhoto.objects.count() == 1
    # The grid leader does not keep it; the next street does not see it.
    assert client(w.leader).post(url, {"standard": "wall", "image": photo()}).status_code == 403
    assert client(w.street2).post(url, {"standard": "wall", "image": photo()}).status_code == 404


def served(w, team, who, hours, days_ago=1):
    """Hours through the team page's form."""
    return client(w.leader).post(
        reverse("party-team-hours", args=[team.pk]),
        {
            "who": who.pk,
            "on": (timezone.localdate() - datetime.timedelta(days=days_ago)).isoformat(),
            "hours": hours,
            "note": "清理楼道",
        },
    )


def test_it_shows_a_teams_hours_per_person_and_in_total(w):
    r = client(w.leader).post(reverse("party-team-new"), {"name": "一网格志愿队", "unit": w.g1.pk})
    assert r.status_code == 302
    team = VolunteerTeam.objects.get(name="一网格志愿队")
    add = reverse("party-team-member-add", args=[team.pk])
    assert client(w.leader).post(add, {"member": w.m2.pk}).status_code == 302
    assert client(w.leader).post(add, {"resident_name": "居民老赵"}).status_code == 302
    # The dual-reported member of the community may join a grid's team too.
    assert client(w.leader).post(add, {"member": w.me.pk}).status_code == 302
    li = TeamMember.objects.get(member=w.m2)
    zhao = TeamMember.objects.get(resident_name="居民老赵")
    assert served(w, team, li, "2").status_code == 302
    assert served(w, team, li, "1.5", days_ago=3).status_code == 302
    assert served(w, team, zhao, "3").status_code == 302
    page = client(w.teammate).get(reverse("party-team-detail", args=[team.pk]))
    assert page.status_code == 200
    rows = [(r["name"], r["party_member"], r["n"], r["hours"]) for r in page.context["rows"]]
    assert rows == [
        ("李普通", True, 2, Decimal("3.5")),
        ("居民老赵", False, 1, Decimal("3.0")),
        ("王在职", True, 0, Decimal("0")),
    ]
    assert page.context["total"] == Decimal("6.5")
    listing = client(w.teammate).get(reverse("party-team-list")).content.decode()
    assert "一网格志愿队" in listing and "6.5" in listing
    # The member's hours gave them the catalogue's points.
    assert ServiceRecord.objects.filter(member=w.m2, kind="volunteer").count() == 2
    # The next grid's leader sees no team and no page.
    assert "一网格志愿队" not in client(w.outsider).get(reverse("party-team-list")).content.decode()
    assert client(w.outsider).get(reverse("party-team-detail", args=[team.pk])).status_code == 404


def test_it_refuses_bad_hours_and_strangers_on_a_team_page(w):
    team = services.team_create(user=w.leader, unit=w.g1, name="一网格志愿队")
    li = services.team_member_add(user=w.leader, team=team, member=w.m2)
    r = served(w, team, li, "30")
    assert r.status_code == 400 and r.context["hours_form"].errors == {
        "hours": ["时长应在 0.5 至 24 小时之间。"]
    }
    r = client(w.leader).post(
        reverse("party-team-hours", args=[team.pk]),
        {"who": li.pk, "on": "2999-01-01", "hours": "2", "note": ""},
    )
    assert r.status_code == 400 and set(r.context["hours_form"].errors) == {"on", "note"}
    # The grid leader records nobody's hours as their own; a member of the
    # next grid cannot be added.
    mine = services.team_member_add(user=w.leader, team=team, member=w.leader_member)
    r = served(w, team, mine, "2")
    assert r.status_code == 400
    assert r.context["hours_form"].non_field_errors() == ["不能为自己登记服务。"]
    add = reverse("party-team-member-add", args=[team.pk])
    r = client(w.leader).post(add, {"member": w.far.pk})
    assert r.status_code == 400 and "member" in r.context["member_form"].errors
    assert ServiceRecord.objects.count() == 0
    assert TeamMember.objects.count() == 2
    # A grid worker organizes but does not record hours; the outsider is 404.
    assert served_by(w.teammate, team, li).status_code == 403
    assert served_by(w.outsider, team, li).status_code == 404
    assert ServiceRecord.objects.count() == 0


def served_by(user, team, who):
    return client(user).post(
        reverse("party-team-hours", args=[team.pk]),
        {"who": who.pk, "on": timezone.localdate().isoformat(), "hours": "2", "note": "x"},
    )
