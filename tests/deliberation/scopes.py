"""Scoping tests of every deliberation and weekly-report URL: in-scope user
OK, the sibling subtree 404 (or sees nothing), anonymous 401/redirect."""

from django.urls import reverse

from tests.participation.helpers import party
from tests.scoping import Scope

from .topics import raise_topic


def with_topic(w):
    party(w)
    w.topic = raise_topic(w)


def _results_lack(text):
    def check(response, w):
        assert response.status_code == 200
        assert text not in response.content.decode()

    return check


SCOPES = [
    Scope(
        "api-deliberation-list",
        lambda w: reverse("api-deliberation-list"),
        setup=with_topic,
        sibling_status=200,
        sibling_check=_results_lack("3栋加装电梯"),
    ),
    Scope(
        "api-deliberation-detail",
        lambda w: reverse("api-deliberation-detail", args=[w.topic.pk]),
        setup=with_topic,
    ),
    Scope(
        "api-deliberation-step",
        lambda w: reverse("api-deliberation-step", args=[w.topic.pk, "accept"]),
        setup=with_topic,
        method="post",
        data=lambda w: {},
    ),
]

SCOPES += [
    Scope(
        "party-topic-list",
        lambda w: reverse("party-topic-list"),
        setup=with_topic,
        sibling_status=200,
        sibling_check=_results_lack("3栋加装电梯"),
    ),
    Scope(
        "party-topic-new",
        lambda w: reverse("party-topic-new"),
        setup=with_topic,
        sibling_status=200,
        sibling_check=_results_lack("一网格"),
    ),
    Scope(
        "party-topic-detail",
        lambda w: reverse("party-topic-detail", args=[w.topic.pk]),
        setup=with_topic,
    ),
    Scope(
        "party-topic-step",
        lambda w: reverse("party-topic-step", args=[w.topic.pk, "accept"]),
        setup=with_topic,
        method="post",
        data=lambda w: {},
        ok=302,
    ),
]


def with_report(w):
    from participation.services import weekly

    with_topic(w)
    weekly.weekly_reports_draft(week=weekly.last_full_week())
    from participation.models import WeeklyReport

    w.report = WeeklyReport.objects.get(grid=w.g1)
    w.emergency = weekly.emergency_report_send(
        user=w.leader, unit=w.g1, title="燃气泄漏", text_value="已疏散"
    )


def _no_reports(response, w):
    assert response.status_code == 200
    assert response.json()["results"] == []


SCOPES += [
    Scope(
        "api-weekly-report-list",
        lambda w: reverse("api-weekly-report-list"),
        setup=with_report,
        sibling_status=200,
        sibling_check=_results_lack("一网格"),
    ),
    Scope(
        "api-weekly-report-detail",
        lambda w: reverse("api-weekly-report-detail", args=[w.report.pk]),
        setup=with_report,
    ),
    Scope(
        "api-weekly-report-submit",
        lambda w: reverse("api-weekly-report-submit", args=[w.report.pk]),
        setup=with_report,
        method="post",
        data=lambda w: {},
    ),
    Scope(
        "api-weekly-report-return",
        lambda w: reverse("api-weekly-report-return", args=[w.report.pk]),
        user="community",
        setup=lambda w: (
            with_report(w),
            __import__("participation.services.weekly", fromlist=["x"]).weekly_report_submit(
                report=w.report, user=w.leader
            ),
        ),
        method="post",
        data=lambda w: {"note": "请补充"},
    ),
    Scope(
        "api-weekly-report-standing",
        lambda w: reverse("api-weekly-report-standing"),
        setup=with_report,
        sibling_status=200,
        sibling_check=_results_lack("一网格"),
    ),
    Scope(
        "api-emergency-report-list",
        lambda w: reverse("api-emergency-report-list"),
        setup=with_report,
        sibling_status=200,
        sibling_check=_no_reports,
    ),
    Scope(
        "api-emergency-report-detail",
        lambda w: reverse("api-emergency-report-detail", args=[w.emergency.pk]),
        setup=with_report,
    ),
    Scope(
        "party-weekly-list",
        lambda w: reverse("party-weekly-list"),
        setup=with_report,
        sibling_status=200,
        sibling_check=_results_lack("一网格"),
    ),
    Scope(
        "party-weekly-detail",
        lambda w: reverse("party-weekly-detail", args=[w.report.pk]),
        setup=with_report,
    ),
    Scope(
        "party-weekly-action",
        lambda w: reverse("party-weekly-action", args=[w.report.pk, "submit"]),
        setup=with_report,
        method="post",
        data=lambda w: {},
        ok=302,
    ),
    Scope(
        "party-emergency-list",
        lambda w: reverse("party-emergency-list"),
        setup=with_report,
        sibling_status=200,
        sibling_check=_results_lack("燃气泄漏"),
    ),
]
