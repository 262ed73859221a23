"""The dashboards' deliberation figures equal a recount from the raw rows,
for nodes at every level and several periods; the dashboard shows them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.figures_deliberation import deliberation_of
from participation.models import Topic, WeeklyReport
from participation.services import weekly
from tests.participation.helpers import party

from .topics import drive, raise_topic

TODAY = timezone.localdate()


def local(moment):
    return timezone.localtime(moment).date()


def inside(node, topic):
    if node.kind == "party_group":
        return topic.origin_id == node.pk
    return getattr(topic, f"{node.kind}_id") == node.pk


def half_up(value, places):
    return float(Decimal(value).quantize(Decimal(places), ROUND_HALF_UP))


def recount(node, date_from, date_to):
    within = lambda day: date_from <= day <= date_to  # noqa: E731
    topics = [t for t in Topic.objects.all() if inside(node, t)]
    raised = [t for t in topics if within(local(t.raised_at))]
    done = [t for t in topics if t.status == "done" and within(local(t.done_at))]
    rated = [t for t in topics if t.evaluated_at and within(local(t.evaluated_at))]
    happy = sum(t.satisfied + t.basically_satisfied for t in rated)
    answers = sum(t.satisfied + t.basically_satisfied + t.unsatisfied for t in rated)
    reports = [
        r
        for r in WeeklyReport.objects.all()
        if node.kind != "party_group"
        and getattr(r, f"{node.kind}_id") == node.pk
        and r.week >= date_from
        and r.week + datetime.timedelta(days=6) <= date_to
    ]
    on_time = [r for r in reports if r.status == "submitted" and not r.late]
    seconds = sum((t.done_at - t.raised_at).total_seconds() for t in done)
    return {
        "deliberations_raised": len(raised),
        "by_step": {s: sum(1 for t in raised if t.status == s) for s in {t.status for t in raised}},
        "by_level": {
            lv: sum(1 for t in raised if t.level == lv) for lv in {t.level for t in raised}
        },
        "deliberations_done": len(done),
        "mean_days_to_done": half_up(Decimal(seconds) / 86400 / len(done), "0.1") if done else None,
        "deliberations_evaluated": len(rated),
        "deliberation_satisfaction_rate": half_up(Decimal(happy) / answers, "0.001")
        if answers
        else None,
        "weekly_reports_due": len(reports),
        "weekly_reports_on_time": len(on_time),
        "weekly_reports_on_time_rate": half_up(Decimal(len(on_time)) / len(reports), "0.001")
        if reports
        else None,
    }


@pytest.fixture
def w(world):
    w = party(world)
    day = lambda n: timezone.now() - datetime.timedelta(days=n)  # noqa: E731
    drive(w, raise_topic(w, at=day(40)), "done", meeting_day=-2)
    drive(w, raise_topic(w, unit=w.p1, title="楼道扶手", at=day(20)), "doing", meeting_day=-3)
    raise_topic(w, unit=w.c1, user=w.community, title="社区路灯", at=day(5))
    raise_topic(w, user=w.outsider, unit=w.g2, title="三网格停车", at=day(3))
    for k in (1, 2, 3):
        weekly.weekly_reports_draft(week=weekly.last_full_week() - datetime.timedelta(days=7 * k))
    for r in WeeklyReport.objects.filter(grid=w.g1):
        weekly.weekly_report_submit(report=r, user=w.leader, now=r.due_at)
    late = WeeklyReport.objects.filter(grid=w.g2).first()
    weekly.weekly_report_submit(
        report=late, user=w.outsider, now=late.due_at + datetime.timedelta(hours=1)
    )
    return w


def test_it_counts_deliberation_figures_from_the_raw_rows(w):
    nodes = [w.region, w.s1, w.s2, w.c1, w.g1, w.g1b, w.g2, w.p1]
    periods = [
        (TODAY - datetime.timedelta(days=60), TODAY),
        (TODAY - datetime.timedelta(days=25), TODAY - datetime.timedelta(days=4)),
        (TODAY - datetime.timedelta(days=10), TODAY),
    ]
    for date_from, date_to in periods:
        got = deliberation_of(nodes, date_from, date_to)
        for node in nodes:
            have = dict(got[node.pk])
            have["by_step"] = {k: v for k, v in have.pop("deliberations_by_step").items() if v}
            have["by_level"] = {k: v for k, v in have.pop("deliberations_by_level").items() if v}
            for key in (
                "mean_days_to_done",
                "deliberation_satisfaction_rate",
                "weekly_reports_on_time_rate",
            ):
                have[key] = None if have[key] is None else float(have[key])
            assert have == recount(node, date_from, date_to), (node.name, date_from, date_to)
    year = deliberation_of([w.region], TODAY - datetime.timedelta(days=60), TODAY)[w.region.pk]
    assert (year["deliberations_raised"], year["deliberations_done"]) == (4, 1)
    assert year["deliberations_by_level"] == {"building": 1, "compound": 2, "community": 1}


def test_it_shows_the_deliberation_figures_on_the_dashboard(w, api):
    r = api(w.community).get(reverse("api-dashboard"), {"unit": w.c1.pk})
    assert r.status_code == 200
    body = r.json()
    assert body["deliberation"]["deliberations_raised"] == 3
    assert {c["name"]: c["deliberation"]["deliberations_raised"] for c in body["children"]} == {
        "一网格": 2,
        "二网格": 0,
    }
