"""Scoping tests of every party-life URL: in-scope user OK, the sibling
subtree 404 (or sees nothing), anonymous 401/redirect."""

from django.urls import reverse
from django.utils import timezone

from members import points
from members.models import ScoreRule
from participation import services
from tests.scoping import Scope

from .helpers import activity, at, demand, party, photo


def world_with_party(w):
    party(w)
    w.activity = activity(w)
    w.upcoming = activity(
        w, title="下周党课", kind="party_lecture", starts_at=at(7), ends_at=at(7, hours=1)
    )
    w.demand = demand(w)
    w.team = services.team_create(user=w.leader, unit=w.g1, name="一网格志愿队")
    w.service = services.service_record(
        user=w.leader,
        kind="volunteer",
        unit=w.g1,
        member=w.m2,
        team=w.team,
        on=timezone.localdate(),
        hours=2,
        note="清理楼道",
    )
    w.team_member = services.team_member_add(user=w.leader, team=w.team, member=w.m2)


def with_venue_photo(w):
    world_with_party(w)
    w.venue_photo = services.venue_photo_add(
        user=w.community, venue=w.venue, standard="emblem", image=photo()
    )


def with_pledge(w):
    world_with_party(w)
    w.pledge = services.pledge_add(user=w.community, report=w.me.dual_report, title="周末义诊")


def with_entry(w):
    world_with_party(w)
    rule = ScoreRule.objects.get(item="参与网格巡查")
    w.entry = points.score_award(member=w.m2, user=w.leader, rule=rule)


def claimed(w):
    world_with_party(w)
    services.demand_claim(demand=w.demand, user=w.me_user, version=1)


def done(w):
    claimed(w)
    services.demand_complete(demand=w.demand, user=w.me_user, version=2, note="已完成")


def _results_lack(text):
    def check(response, w):
        assert response.status_code == 200
        assert text not in response.content.decode()

    return check


def _empty_list(response, w):
    assert response.json() == []


SCOPES = [
    Scope(
        "api-venue-list",
        lambda w: reverse("api-venue-list"),
        user="community",
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("一社区党群之家"),
    ),
    Scope(
        "api-venue-detail",
        lambda w: reverse("api-venue-detail", args=[w.venue.pk]),
        setup=world_with_party,
    ),
    Scope(
        "api-venue-photos",
        lambda w: reverse("api-venue-photos", args=[w.venue.pk]),
        user="community",
        sibling="street2",
        setup=world_with_party,
        method="post",
        data=lambda w: {"standard": "emblem", "image": photo()},
        data_format="multipart",
        ok=201,
    ),
    Scope(
        "api-activity-list",
        lambda w: reverse("api-activity-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("三月主题党日"),
    ),
    Scope(
        "api-activity-detail",
        lambda w: reverse("api-activity-detail", args=[w.activity.pk]),
        setup=world_with_party,
    ),
    Scope(
        "api-activity-signup",
        lambda w: reverse("api-activity-signup", args=[w.upcoming.pk]),
        user="me_user",
        setup=world_with_party,
        method="post",
        data=lambda w: {},
        ok=201,
    ),
    Scope(
        "api-activity-attendance",
        lambda w: reverse("api-activity-attendance", args=[w.activity.pk]),
        setup=world_with_party,
        method="post",
        data=lambda w: {"members": [w.me.pk], "residents": 5},
    ),
    Scope(
        "api-activity-cancel",
        lambda w: reverse("api-activity-cancel", args=[w.upcoming.pk]),
        setup=world_with_party,
        method="post",
        data=lambda w: {},
    ),
    Scope(
        "api-org-life-missed",
        lambda w: (
            reverse("api-org-life-missed")
            + f"?unit={w.g1.pk}&from=2020-01-01&to={timezone.localdate()}"
        ),
        setup=world_with_party,
        sibling_status=400,
    ),
    Scope(
        "api-team-list",
        lambda w: reverse("api-team-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("一网格志愿队"),
    ),
    Scope(
        "api-team-detail",
        lambda w: reverse("api-team-detail", args=[w.team.pk]),
        setup=world_with_party,
    ),
    Scope(
        "api-team-members",
        lambda w: reverse("api-team-members", args=[w.team.pk]),
        setup=world_with_party,
        method="post",
        data=lambda w: {"resident_name": "居民老赵"},
        ok=201,
    ),
    Scope(
        "api-service-list",
        lambda w: reverse("api-service-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("清理楼道"),
    ),
    Scope(
        "api-service-detail",
        lambda w: reverse("api-service-detail", args=[w.service.pk]),
        setup=world_with_party,
    ),
    Scope(
        "api-demand-list",
        lambda w: reverse("api-demand-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("帮独居老人修水龙头"),
    ),
    Scope(
        "api-demand-detail",
        lambda w: reverse("api-demand-detail", args=[w.demand.pk]),
        setup=world_with_party,
    ),
    Scope(
        "api-demand-claim",
        lambda w: reverse("api-demand-claim", args=[w.demand.pk]),
        user="me_user",
        setup=world_with_party,
        method="post",
        data=lambda w: {"version": 1},
    ),
    Scope(
        "api-demand-complete",
        lambda w: reverse("api-demand-complete", args=[w.demand.pk]),
        user="me_user",
        setup=claimed,
        method="post",
        data=lambda w: {"version": 2, "note": "已送达"},
    ),
    Scope(
        "api-demand-rate",
        lambda w: reverse("api-demand-rate", args=[w.demand.pk]),
        setup=done,
        method="post",
        data=lambda w: {"version": 3, "satisfaction": "satisfied"},
    ),
    Scope(
        "api-demand-cancel",
        lambda w: reverse("api-demand-cancel", args=[w.demand.pk]),
        setup=world_with_party,
        method="post",
        data=lambda w: {"version": 1, "reason": "重复"},
    ),
    Scope(
        "api-member-scores-reverse",
        lambda w: reverse("api-member-scores-reverse", args=[w.m2.pk]),
        user="community",
        setup=with_entry,
        method="post",
        data=lambda w: {"entry": w.entry.pk},
        ok=201,
    ),
    # Pages.
    Scope(
        "party-me",
        lambda w: reverse("party-me"),
        user="me_user",
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("三月主题党日"),
    ),
    Scope(
        "party-activity-list",
        lambda w: reverse("party-activity-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("三月主题党日"),
    ),
    Scope("party-activity-new", lambda w: reverse("party-activity-new"), sibling_status=200),
    Scope(
        "party-activity-detail",
        lambda w: reverse("party-activity-detail", args=[w.activity.pk]),
        setup=world_with_party,
    ),
    Scope(
        "party-activity-signup",
        lambda w: reverse("party-activity-signup", args=[w.upcoming.pk]),
        user="me_user",
        setup=world_with_party,
        method="post",
        ok=302,
    ),
    Scope(
        "party-activity-attendance",
        lambda w: reverse("party-activity-attendance", args=[w.activity.pk]),
        setup=world_with_party,
    ),
    Scope(
        "party-org-life",
        lambda w: reverse("party-org-life") + f"?unit={w.g1.pk}",
        setup=world_with_party,
    ),
    Scope(
        "party-demand-list",
        lambda w: reverse("party-demand-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("帮独居老人修水龙头"),
    ),
    Scope("party-demand-new", lambda w: reverse("party-demand-new"), sibling_status=200),
    Scope(
        "party-demand-detail",
        lambda w: reverse("party-demand-detail", args=[w.demand.pk]),
        setup=world_with_party,
    ),
    Scope(
        "party-demand-action",
        lambda w: reverse("party-demand-action", args=[w.demand.pk, "claim"]),
        user="me_user",
        setup=world_with_party,
        method="post",
        data=lambda w: {"version": 1},
        ok=302,
    ),
    Scope(
        "party-venue-list",
        lambda w: reverse("party-venue-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("一社区党群之家"),
    ),
    Scope(
        "party-venue-detail",
        lambda w: reverse("party-venue-detail", args=[w.venue.pk]),
        setup=world_with_party,
    ),
    Scope(
        "party-venue-new",
        lambda w: reverse("party-venue-new"),
        user="community",
        sibling="street2",
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("一网格"),
    ),
    Scope(
        "party-venue-edit",
        lambda w: reverse("party-venue-edit", args=[w.venue.pk]),
        user="community",
        sibling="street2",
        setup=world_with_party,
    ),
    Scope(
        "party-venue-photo",
        lambda w: reverse("party-venue-photo", args=[w.venue.pk]),
        user="community",
        sibling="street2",
        setup=world_with_party,
        method="post",
        data=lambda w: {"standard": "emblem", "image": photo()},
        ok=302,
    ),
    Scope(
        "party-team-list",
        lambda w: reverse("party-team-list"),
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("一网格志愿队"),
    ),
    Scope(
        "party-team-new",
        lambda w: reverse("party-team-new"),
        sibling_status=200,
        sibling_check=_results_lack("一网格"),
    ),
    Scope(
        "party-team-detail",
        lambda w: reverse("party-team-detail", args=[w.team.pk]),
        setup=world_with_party,
    ),
    Scope(
        "party-team-member-add",
        lambda w: reverse("party-team-member-add", args=[w.team.pk]),
        setup=world_with_party,
        method="post",
        data=lambda w: {"resident_name": "居民老赵"},
        ok=302,
    ),
    Scope(
        "party-team-hours",
        lambda w: reverse("party-team-hours", args=[w.team.pk]),
        setup=world_with_party,
        method="post",
        data=lambda w: {
            "who": w.team_member.pk,
            "on": timezone.localdate().isoformat(),
            "hours": "2",
            "note": "清理楼道",
        },
        ok=302,
    ),
    Scope(
        "party-photo",
        lambda w: reverse("party-photo", args=["venue", w.venue_photo.pk]),
        setup=with_venue_photo,
    ),
    Scope(
        "api-dual-report-list",
        lambda w: reverse("api-dual-report-list"),
        user="community",
        sibling="street2",
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("王在职"),
    ),
    Scope(
        "api-dual-report-detail",
        lambda w: reverse("api-dual-report-detail", args=[w.me.dual_report.pk]),
        user="community",
        sibling="street2",
        setup=world_with_party,
    ),
    Scope(
        "api-dual-report-pledges",
        lambda w: reverse("api-dual-report-pledges", args=[w.me.dual_report.pk]),
        user="community",
        sibling="street2",
        setup=world_with_party,
        method="post",
        data=lambda w: {"title": "周末义诊"},
        ok=201,
    ),
    Scope(
        "party-report-list",
        lambda w: reverse("party-report-list"),
        user="community",
        sibling="street2",
        setup=world_with_party,
        sibling_status=200,
        sibling_check=_results_lack("王在职"),
    ),
    Scope(
        "party-report-detail",
        lambda w: reverse("party-report-detail", args=[w.me.dual_report.pk]),
        user="community",
        sibling="street2",
        setup=world_with_party,
    ),
    Scope(
        "party-report-pledge",
        lambda w: reverse("party-report-pledge", args=[w.me.dual_report.pk]),
        user="community",
        sibling="street2",
        setup=world_with_party,
        method="post",
        data=lambda w: {"title": "周末义诊"},
        ok=302,
    ),
    Scope(
        "party-report-service",
        lambda w: reverse("party-report-service", args=[w.me.dual_report.pk]),
        user="community",
        sibling="street2",
        setup=with_pledge,
        method="post",
        data=lambda w: {
            "what": f"pledge-{w.pledge.pk}",
            "on": timezone.localdate().isoformat(),
            "hours": "2",
            "note": "义诊",
        },
        ok=302,
    ),
]
