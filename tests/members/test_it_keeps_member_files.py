"""A member's page: ledger with running totals from 100, dual report of
in-service members, pioneer posts (1–2 posts, 3–4 services)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from members import services
from members.models import Category, DualReport, PioneerPost, ScoreEntry, ScoreRule

from .factories import ensure_catalogue, member

TODAY = datetime.date.today()


@pytest.fixture
def m(world):
    return member(world.leader, world.g1, name="周党员", category=Category.IN_SERVICE)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def rule(item):
    ensure_catalogue()
    return ScoreRule.objects.get(item=item)


def test_it_keeps_a_ledger_with_running_totals(world, m):
    client = client_for(world.leader)
    for item, points, reason in [
        ("参与网格巡查", "", "夜间巡查"),
        ("无故缺席组织生活", "-3", "三月党日"),
        ("参与网格巡查", "1", ""),
    ]:
        response = client.post(
            reverse("member-score-add", args=[m.id]),
            {"rule": rule(item).pk, "on": TODAY, "points": points, "reason": reason},
        )
        assert response.status_code == 302
    page = client.get(reverse("member-detail", args=[m.id]))
    assert [total for _e, total in page.context["ledger"]] == [101, 98, 99]
    m.refresh_from_db()
    assert m.score == 99 == 100 + sum(ScoreEntry.objects.values_list("points", flat=True))
    assert list(ScoreEntry.objects.values_list("reason", "rule__item", "entered_by")) == [
        ("夜间巡查", "参与网格巡查", world.leader.pk),
        ("三月党日", "无故缺席组织生活", world.leader.pk),
        ("参与网格巡查", "参与网格巡查", world.leader.pk),
    ]


def test_it_refuses_a_bad_ledger_entry(world, m):
    with pytest.raises(ValidationError) as exc:
        services.score_add(
            member=m,
            user=world.leader,
            rule=rule("参与网格巡查"),
            on=TODAY + datetime.timedelta(days=1),
            points=-1,
            reason="x" * 201,
        )
    assert set(exc.value.message_dict) == {"on", "points", "reason"}
    assert ScoreEntry.objects.count() == 0


def test_only_positions_with_party_access_see_or_score_members(world, m):
    assert client_for(world.teammate).get(reverse("member-list")).status_code == 403
    assert client_for(world.teammate).get(reverse("member-detail", args=[m.id])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.score_add(member=m, user=world.teammate, rule=rule("参与网格巡查"), on=TODAY)
    assert client_for(world.street).get(reverse("member-detail", args=[m.id])).status_code == 200


def test_it_records_the_dual_report_of_in_service_members_only(world, m):
    client = client_for(world.leader)
    response = client.post(
        reverse("member-dual-report", args=[m.id]),
        {
            "community_unit": world.c2.id,
            "workplace": "区教育局",
            "reported_on": TODAY,
            "services": "辅导功课",
        },
    )
    assert response.status_code == 302
    report = DualReport.objects.get(member=m)
    assert (report.community_unit, report.street_id) == (world.c2, world.s2.pk)
    # The community where the member lives sees the report; the member's own
    # grid keeps seeing it too.
    assert list(DualReport.objects.visible_to(world.street2)) == [report]
    assert list(DualReport.objects.visible_to(world.leader)) == [report]
    ordinary = member(world.leader, world.g1, name="普通", category=Category.ORDINARY)
    with pytest.raises(ValidationError) as exc:
        services.dual_report_set(
            member=ordinary,
            user=world.leader,
            community_unit=world.c1,
            workplace="x",
            reported_on=TODAY,
        )
    assert "member" in exc.value.message_dict


@pytest.mark.parametrize(
    ("n_posts", "services_", "ok"),
    [
        (1, ["a", "b", "c"], True),
        (2, ["a", "b", "c", "d"], True),
        (0, ["a", "b", "c"], False),
        (3, ["a", "b", "c"], False),
        (1, ["a", "b"], False),
        (1, ["a", "b", "c", "d", "e"], False),
        (1, ["a", "a", "b"], False),
    ],
)
def test_it_enforces_one_or_two_posts_and_three_or_four_services(world, m, n_posts, services_, ok):
    posts = [PioneerPost.objects.create(name=f"岗{i}") for i in range(3)][:n_posts]
    if ok:
        pledge = services.pioneer_pledge_set(
            member=m, user=world.leader, posts=posts, services=services_
        )
        assert pledge.posts.count() == n_posts and pledge.services == services_
    else:
        with pytest.raises(ValidationError):
            services.pioneer_pledge_set(
                member=m, user=world.leader, posts=posts, services=services_
            )
        assert not hasattr(m, "pioneer_pledge") or m.pioneer_pledge is None


def test_it_claims_posts_through_the_page(world, m):
    posts = [PioneerPost.objects.create(name=f"岗{i}") for i in range(2)]
    client = client_for(world.leader)
    bad = client.post(
        reverse("member-pioneer", args=[m.id]), {"posts": [p.id for p in posts], "service_1": "一"}
    )
    assert bad.status_code == 200 and bad.context["form"].non_field_errors()
    good = client.post(
        reverse("member-pioneer", args=[m.id]),
        {"posts": [posts[0].id], "service_1": "一", "service_2": "二", "service_3": "三"},
    )
    assert good.status_code == 302
    page = client.get(reverse("member-detail", args=[m.id])).content.decode()
    assert "岗0" in page and "三" in page


def test_a_position_that_only_reads_members_cannot_change_them(world, m):
    client = client_for(world.street)
    assert client.get(reverse("member-detail", args=[m.id])).status_code == 200
    for name in ("member-edit", "member-dual-report", "member-pioneer"):
        assert client.get(reverse(name, args=[m.id])).status_code == 403
    response = client.post(
        reverse("member-score-add", args=[m.id]),
        {"rule": rule("参与网格巡查").pk, "on": TODAY, "points": 1, "reason": "x"},
    )
    assert response.status_code == 403 and ScoreEntry.objects.count() == 0
