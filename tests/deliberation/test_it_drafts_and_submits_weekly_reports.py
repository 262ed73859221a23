"""The weekly grid report: drafted from the records (its figures equal a
recount from the raw rows, for several grids and weeks; drafting twice
changes nothing), edited and submitted by the grid leader, late ones marked,
returned by the community, and where each grid stands; the emergency report
told to the community and the street at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services as cases
from cases.models import Case, CaseCategory, CaseDeadline, CaseEvent
from cases.seed import seed_categories
from grid_gov.models import OutboxMessage
from members import services as people
from members.models import Visit
from participation import services
from participation.models import Activity, Demand, Topic, TopicEvent, WeeklyReport
from participation.services import weekly
from tests.participation.helpers import activity, demand, party

from .topics import raise_topic

TODAY = timezone.localdate()
THIS_MONDAY = weekly.monday(TODAY)
WEEK1 = THIS_MONDAY - datetime.timedelta(days=14)
WEEK2 = THIS_MONDAY - datetime.timedelta(days=7)


def moment(week, day, hour=10):
    return timezone.make_aware(
        datetime.datetime.combine(week + datetime.timedelta(days=day), datetime.time(hour))
    )


@pytest.fixture
def w(world):
    return party(world)


@pytest.fixture
def records(w):
    """Rows of both weeks in G1, G1b and G2, some just outside a week."""
    seed_categories(CaseCategory, CaseDeadline)
    leaf = CaseCategory.objects.get(code="0204")

    def file(user, grid, when, title="楼道堆物"):
        return cases.case_file(
            user=user, title=title, description="堵塞通道", category=leaf, grid=grid, at=when
        )

    for week in (WEEK1, WEEK2):
        file(w.leader, w.g1, moment(week, 0, 0))  # the first minute counts
        c = file(w.leader, w.g1, moment(week, 2))
        c = cases.case_accept(case=c, user=w.leader, version=c.version, at=moment(week, 2, 11))
        c = cases.case_resolve(
            case=c, user=w.leader, version=c.version, result="已清理", at=moment(week, 3)
        )
        cases.case_close(
            case=c, user=w.teammate, version=c.version, satisfaction="satisfied", at=moment(week, 3)
        )
        e = file(w.leader, w.g1, moment(week, 4))
        cases.case_escalate(
            case=e, user=w.leader, version=e.version, note="需社区协调", at=moment(week, 4, 12)
        )
        file(w.community, w.g1b, moment(week, 6, 23))
        file(w.outsider, w.g2, moment(week, 1))
    file(w.leader, w.g1, moment(THIS_MONDAY, 0, 0))  # next week's
    key = people.household_create(user=w.leader, grid=w.g1, address="幸福路2号", tags=["key_care"])
    for day in (0, 1, 6):
        people.visit_create(
            household=w.household,
            user=w.leader,
            visited_on=WEEK2 + datetime.timedelta(days=day),
            notes="走访",
        )
    people.visit_create(
        household=key, user=w.leader, visited_on=WEEK2 + datetime.timedelta(days=2), notes="走访"
    )
    people.visit_create(
        household=key, user=w.leader, visited_on=WEEK2 + datetime.timedelta(days=3), notes="走访"
    )
    people.visit_create(
        household=key, user=w.leader, visited_on=WEEK1 + datetime.timedelta(days=6), notes="走访"
    )
    a = activity(w, starts_at=moment(WEEK2, 2, 19), ends_at=moment(WEEK2, 2, 21))
    services.activity_attendance_record(user=w.leader, activity=a, members=[w.m2.pk], residents=12)
    activity(w, title="未举行", starts_at=moment(WEEK2, 3), ends_at=moment(WEEK2, 3, 12))
    d = demand(w)
    Demand.objects.filter(pk=d.pk).update(status="done", done_at=moment(WEEK1, 5))
    t = raise_topic(w, at=moment(WEEK2, 1))
    services.topic_accept(topic=t, user=w.leader, at=moment(WEEK2, 2))
    raise_topic(w, unit=w.g1b, user=w.community, at=moment(WEEK1, 1))
    return w


def recount(grid, week) -> dict:
    """The week's figures counted the slow way, row by row."""
    start = moment(week, 0, 0)
    end = start + datetime.timedelta(days=7)

    def inside(t):
        return t is not None and start <= t < end

    all_cases = list(Case.objects.filter(grid=grid))
    visits = [
        v
        for v in Visit.objects.all()
        if v.grid_id == grid.pk and week <= v.visited_on < week + datetime.timedelta(days=7)
    ]
    held = [
        a
        for a in Activity.objects.all()
        if a.grid_id == grid.pk and a.status == "held" and inside(a.starts_at)
    ]
    return {
        "cases_filed": sum(1 for c in all_cases if inside(c.reported_at)),
        "self_handled": sum(
            1 for c in all_cases if c.status == "closed" and c.self_handled and inside(c.closed_at)
        ),
        "escalated": sum(
            1
            for e in CaseEvent.objects.all()
            if e.action == "escalate" and e.from_unit_id == grid.pk and inside(e.at)
        ),
        "closed": sum(1 for c in all_cases if c.status == "closed" and inside(c.closed_at)),
        "visits": len(visits),
        "key_households_visited": len({v.household_id for v in visits if v.household.is_key_care}),
        "activities": len(held),
        "attendance": sum(a.attended + a.residents for a in held),
        "demands_done": sum(
            1 for d in Demand.objects.all() if d.grid_id == grid.pk and inside(d.done_at)
        ),
        "deliberations_raised": sum(
            1 for t in Topic.objects.all() if t.grid_id == grid.pk and inside(t.raised_at)
        ),
        "deliberations_moved": len(
            {
                e.topic_id
                for e in TopicEvent.objects.all()
                if e.topic.grid_id == grid.pk and inside(e.at)
            }
        ),
        "emergencies": 0,
    }


def test_it_drafts_figures_equal_to_a_recount_and_twice_changes_nothing(records):
    w = records
    for week in (WEEK1, WEEK2):
        assert weekly.weekly_reports_draft(week=week) == 3
    for week in (WEEK1, WEEK2):
        for grid in (w.g1, w.g1b, w.g2):
            report = WeeklyReport.objects.get(grid=grid, week=week)
            assert report.figures == recount(grid, week), (grid.name, week)
    # Spot the figures themselves, so a recount that drifts is caught too.
    g1 = WeeklyReport.objects.get(grid=w.g1, week=WEEK2).figures
    assert (g1["cases_filed"], g1["closed"], g1["self_handled"], g1["escalated"]) == (3, 1, 1, 1)
    assert (g1["visits"], g1["key_households_visited"], g1["activities"], g1["attendance"]) == (
        5,
        1,
        1,
        13,
    )
    assert (g1["deliberations_raised"], g1["deliberations_moved"]) == (1, 1)
    before = list(WeeklyReport.objects.order_by("pk").values())
    assert weekly.weekly_reports_draft(week=WEEK2) == 0
    assert weekly.weekly_reports_draft(week=WEEK1) == 0
    assert list(WeeklyReport.objects.order_by("pk").values()) == before


def test_it_lets_the_grid_leader_edit_and_submit_and_the_community_return(w, api):
    weekly.weekly_reports_draft(week=WEEK2)
    report = WeeklyReport.objects.get(grid=w.g1, week=WEEK2)
    url = reverse("api-weekly-report-detail", args=[report.pk])
    r = api(w.leader).patch(url, {"text": "本周重点走访独居老人。", "version": 1}, format="json")
    assert r.status_code == 200, r.content
    assert (r.json()["text"], r.json()["version"]) == ("本周重点走访独居老人。", 2)
    # A grid worker does not submit the grid's report; an outsider does not see it.
    assert (
        api(w.teammate).post(reverse("api-weekly-report-submit", args=[report.pk])).status_code
        == 403
    )
    assert api(w.outsider).patch(url, {"text": "x"}, format="json").status_code == 404
    r = api(w.leader).post(reverse("api-weekly-report-submit", args=[report.pk]), {}, format="json")
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["late"]) == ("submitted", report.due_at < timezone.now())
    # Edited after submission: 409, nothing written.
    r = api(w.leader).patch(url, {"text": "改一下"}, format="json")
    assert r.status_code == 409
    assert r.json()["detail"] == "报告已提交，社区退回后才能修改。"
    assert WeeklyReport.objects.get(pk=report.pk).text == "本周重点走访独居老人。"
    assert (
        api(w.leader)
        .post(reverse("api-weekly-report-return", args=[report.pk]), {"note": "x"}, format="json")
        .status_code
        == 403
    )
    r = api(w.community).post(
        reverse("api-weekly-report-return", args=[report.pk]), {}, format="json"
    )
    assert r.status_code == 400
    r = api(w.community).post(
        reverse("api-weekly-report-return", args=[report.pk]),
        {"note": "请补充走访情况"},
        format="json",
    )
    assert (r.status_code, r.json()["status"], r.json()["return_note"]) == (
        200,
        "returned",
        "请补充走访情况",
    )
    assert api(w.leader).patch(url, {"text": "已补充"}, format="json").status_code == 200
    assert (
        api(w.leader).post(reverse("api-weekly-report-submit", args=[report.pk])).json()["status"]
        == "submitted"
    )
    assert list(report.events.values_list("action", "to_status")) == [
        ("draft", "draft"),
        ("edit", "draft"),
        ("submit", "submitted"),
        ("return", "returned"),
        ("edit", "returned"),
        ("submit", "submitted"),
    ]


def test_it_marks_a_late_report_and_shows_who_has_not_reported(w, api):
    weekly.weekly_reports_draft(week=WEEK1)
    on_time = WeeklyReport.objects.get(grid=w.g1, week=WEEK1)
    weekly.weekly_report_submit(
        report=on_time, user=w.leader, now=on_time.due_at - datetime.timedelta(hours=1)
    )
    late = WeeklyReport.objects.get(grid=w.g2, week=WEEK1)
    weekly.weekly_report_submit(
        report=late, user=w.outsider, now=late.due_at + datetime.timedelta(hours=1)
    )
    assert WeeklyReport.objects.get(pk=late.pk).late is True
    r = api(w.community).get(reverse("api-weekly-report-standing"), {"week": WEEK1.isoformat()})
    assert r.status_code == 200
    assert [(g["name"], g["state"]) for g in r.json()["grids"]] == [
        ("一网格", "submitted"),
        ("二网格", "missing"),
    ]
    r = api(w.admin).get(reverse("api-weekly-report-standing"), {"week": WEEK1.isoformat()})
    assert [
        (c["name"], c["grids"], c["submitted"], c["late"], c["missing"])
        for c in r.json()["communities"]
    ] == [
        ("一社区", 2, 1, 0, 1),
        ("三社区", 1, 0, 1, 0),
    ]
    listed = api(w.community).get(
        reverse("api-weekly-report-list"), {"week": WEEK1.isoformat(), "unit": w.c1.pk}
    )
    assert sorted(x["grid_name"] for x in listed.json()["results"]) == ["一网格", "二网格"]


@pytest.mark.parametrize(
    "week, message",
    [
        (THIS_MONDAY, "该周尚未结束，周报告在下周一起草。"),
        (THIS_MONDAY + datetime.timedelta(days=7), "该周尚未结束，周报告在下周一起草。"),
        (WEEK2 + datetime.timedelta(days=2), "请填写该周的周一日期，格式为YYYY-MM-DD。"),
    ],
)
def test_it_refuses_a_week_not_ended_or_not_a_monday(w, api, week, message):
    r = api(w.leader).get(reverse("api-weekly-report-list"), {"week": week.isoformat()})
    assert (r.status_code, r.json()) == (400, {"week": [message]})
    r = api(w.leader).post(
        reverse("api-weekly-report-list"),
        {"grid": w.g1.pk, "week": week.isoformat()},
        format="json",
    )
    assert (r.status_code, r.json()) == (400, {"week": [message]})
    assert not WeeklyReport.objects.exists()


def test_it_sends_an_emergency_report_to_the_community_and_the_street_at_once(w, api):
    r = api(w.leader).post(
        reverse("api-emergency-report-list"),
        {
            "unit": w.g1.pk,
            "title": "3栋燃气泄漏",
            "text": "已疏散住户，等待燃气公司。",
            "place": "幸福路1号3栋",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    sent = OutboxMessage.objects.filter(kind="participation.emergency_report")
    assert sorted(m.payload["unit"] for m in sent) == sorted([w.c1.pk, w.s1.pk])
    assert [
        x["title"]
        for x in api(w.community).get(reverse("api-emergency-report-list")).json()["results"]
    ] == ["3栋燃气泄漏"]
    assert api(w.outsider).get(reverse("api-emergency-report-list")).json()["results"] == []
    r = api(w.leader).post(
        reverse("api-emergency-report-list"),
        {"unit": w.g1.pk, "title": "", "text": ""},
        format="json",
    )
    assert r.status_code == 400
    assert sent.count() == 2


def test_it_answers_a_day_that_does_not_exist_and_a_strange_unit_with_400(w, api):
    r = api(w.leader).get(reverse("api-weekly-report-list"), {"week": "2026-02-30"})
    assert (r.status_code, r.json()) == (
        400,
        {"week": ["请填写该周的周一日期，格式为YYYY-MM-DD。"]},
    )
    r = api(w.leader).get(reverse("api-weekly-report-standing"), {"unit": "²"})
    assert (r.status_code, r.json()) == (400, {"unit": ["请选择您辖区内的单位。"]})
    assert (
        browser_get(w.leader, reverse("party-weekly-list") + "?week=2026-02-30").status_code == 400
    )


def browser_get(user, url):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(url)
