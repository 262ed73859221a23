import pytest
from django.urls import reverse

from members.models import ScoreEntry
from participation.models import Activity, Attendance, ServiceRecord

from .helpers import activity, at, party


@pytest.fixture
def w(world):
    return party(world)


def test_it_plans_an_activity_over_the_api_and_books_the_venue(w, api):
    body = {
        "title": "支部党员大会",
        "kind": "branch_meeting",
        "organizer": w.g1.pk,
        "venue": w.venue.pk,
        "starts_at": at(1).isoformat(),
        "ends_at": at(1, hours=2).isoformat(),
    }
    r = api(w.leader).post(reverse("api-activity-list"), body, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["id"] == Activity.objects.get().pk
    # The other grid the venue serves books the same hour: 409, nothing written.
    other = dict(
        body,
        organizer=w.g1b.pk,
        starts_at=at(1, hours=1).isoformat(),
        ends_at=at(1, hours=3).isoformat(),
    )
    r = api(w.community).post(reverse("api-activity-list"), other, format="json")
    assert r.status_code == 409, r.content
    assert "venue" in r.json()
    assert Activity.objects.count() == 1
    # Back to back is fine.
    after = dict(other, starts_at=at(1, hours=2).isoformat(), ends_at=at(1, hours=3).isoformat())
    assert (
        api(w.community).post(reverse("api-activity-list"), after, format="json").status_code == 201
    )


def test_it_refuses_an_activity_that_ends_before_it_starts(w, api):
    body = {
        "title": "党课",
        "kind": "party_lecture",
        "organizer": w.g1.pk,
        "starts_at": at(1, hours=2).isoformat(),
        "ends_at": at(1).isoformat(),
    }
    r = api(w.leader).post(reverse("api-activity-list"), body, format="json")
    assert r.status_code == 400
    assert r.json() == {"ends_at": ["活动结束时间早于开始时间。"]}
    assert not Activity.objects.exists()


def test_it_refuses_an_organizer_outside_the_callers_subtree(w, api):
    body = {
        "title": "党课",
        "kind": "party_lecture",
        "organizer": w.g2.pk,
        "starts_at": at(1).isoformat(),
        "ends_at": at(1, hours=1).isoformat(),
    }
    r = api(w.leader).post(reverse("api-activity-list"), body, format="json")
    assert r.status_code == 400 and "organizer" in r.json()
    assert not Activity.objects.exists()


def test_it_signs_a_member_up_from_the_phone_and_records_attendance_with_points(w, api):
    a = activity(w, starts_at=at(1), ends_at=at(1, hours=2), online=True)
    r = api(w.me_user).post(reverse("api-activity-signup", args=[a.pk]), {}, format="json")
    assert r.status_code == 201, r.content
    assert r.json() == {"activity": a.pk, "member": w.me.pk, "online": False}
    mine = api(w.me_user).get(reverse("api-activity-list")).json()["results"]
    assert [(x["id"], x["signed_up"], x["signups"]) for x in mine] == [(a.pk, True, 1)]
    # Held yesterday: attendance with an online floating member and reasons.
    Activity.objects.filter(pk=a.pk).update(starts_at=at(-1), ends_at=at(-1, hours=2))
    r = api(w.leader).post(
        reverse("api-activity-attendance", args=[a.pk]),
        {
            "members": [w.me.pk],
            "online": [w.m3.pk],
            "absences": {str(w.m2.pk): "sick"},
            "residents": 12,
            "minutes": "学习了新党章",
        },
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["expected"], body["attended"], body["residents"]) == (
        "held",
        4,
        2,
        12,
    )
    assert sorted((x["name"], x["presence"]) for x in body["attendance"]) == [
        ("李普通", "sick"),
        ("王在职", "present"),
        ("赵小组", "online"),
    ]
    # Attendance points, with their source; not for the absent.
    assert sorted(
        ScoreEntry.objects.values_list("member__name", "points", "source_kind", "source_id")
    ) == [("王在职", 2, "attendance", a.pk), ("赵小组", 2, "attendance", a.pk)]
    # Recorded again without 赵小组: the points are reversed, not deleted.
    r = api(w.leader).post(
        reverse("api-activity-attendance", args=[a.pk]),
        {"members": [w.me.pk], "residents": 12},
        format="json",
    )
    assert r.status_code == 200
    assert sorted(ScoreEntry.objects.values_list("member__name", "points")) == [
        ("王在职", 2),
        ("赵小组", -2),
        ("赵小组", 2),
    ]


def test_it_refuses_attendance_for_someone_outside_the_organizer(w, api):
    a = activity(w)
    r = api(w.leader).post(
        reverse("api-activity-attendance", args=[a.pk]),
        {"members": [w.me.pk, w.far.pk], "residents": 3},
        format="json",
    )
    assert r.status_code == 400
    assert r.json() == {"members": [f"不属于组织单位范围的党员：{w.far.pk}。"]}
    assert not Attendance.objects.exists()
    a.refresh_from_db()
    assert a.status == "planned"


def test_it_adds_volunteer_hours_to_the_members_who_came(w, api):
    a = activity(w, kind="volunteer", title="清洁家园", starts_at=at(-2), ends_at=at(-2, hours=3))
    r = api(w.leader).post(
        reverse("api-activity-attendance", args=[a.pk]),
        {"members": [w.me.pk, w.m2.pk], "residents": 20},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert sorted(ServiceRecord.objects.values_list("member__name", "hours")) == [
        ("李普通", 3),
        ("王在职", 3),
    ]
    assert ScoreEntry.objects.filter(source_kind="volunteer").count() == 2


def test_it_shows_the_branch_who_missed_organizational_life_and_why(w, api):
    a = activity(w)
    b = activity(w, kind="group_meeting", organizer=w.p1, starts_at=at(-3), ends_at=at(-3, hours=1))
    api(w.leader).post(
        reverse("api-activity-attendance", args=[a.pk]),
        {"members": [w.me.pk], "absences": {str(w.m3.pk): "floating"}},
        format="json",
    )
    api(w.leader).post(
        reverse("api-activity-attendance", args=[b.pk]), {"online": []}, format="json"
    )
    day = at(0).date()
    r = api(w.leader).get(
        reverse("api-org-life-missed"),
        {
            "unit": w.g1.pk,
            "from": day.replace(day=1) if day.day > 5 else day.replace(month=1, day=1),
            "to": day,
        },
    )
    assert r.status_code == 200, r.content
    rows = {x["name"]: (x["expected"], x["attended"], x["missed"], x["reasons"]) for x in r.json()}
    assert rows["王在职"] == (1, 1, 0, {})
    assert rows["李普通"] == (1, 0, 1, {"absent": 1})
    assert rows["赵小组"] == (2, 0, 2, {"floating": 1, "absent": 1})


def test_it_shows_the_org_life_page_whatever_the_query_says(w, client):
    client.force_login(w.leader)
    page = reverse("party-org-life")
    assert client.get(page, {"unit": "²"}).status_code == 200
    assert client.get(page, {"unit": w.g1.pk, "from": "2026-02-30"}).status_code == 200
    assert client.get(page, {"unit": 99999999}).status_code == 404


def test_it_refuses_a_day_that_does_not_exist_on_the_org_life_api(w, api):
    r = api(w.leader).get(
        reverse("api-org-life-missed"), {"unit": w.g1.pk, "from": "2026-02-30", "to": "2026-03-01"}
    )
    assert r.status_code == 400, r.content
    assert "from" in r.json()
