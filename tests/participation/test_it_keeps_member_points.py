import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members import points
from members.models import MemberYearScore, ScoreEntry, ScoreRule
from tests.world import make_user

from .helpers import link, party


@pytest.fixture
def w(world):
    return party(world)


TODAY = timezone.localdate()


def patrol():
    return ScoreRule.objects.get(item="参与网格巡查")


def test_it_refuses_points_to_oneself_over_the_api(w, api):
    url = reverse("api-member-scores", args=[w.leader_member.pk])
    r = api(w.leader).post(url, {"rule": patrol().pk}, format="json")
    assert r.status_code == 400
    assert r.json() == {"member": ["不能给自己加减积分。"]}
    assert not ScoreEntry.objects.exists()


def test_it_refuses_an_entry_above_the_rules_yearly_cap(w):
    rule = patrol()
    rule.yearly_cap = 2
    rule.save()
    points.score_award(member=w.m2, user=w.leader, rule=rule, on=TODAY)
    points.score_award(member=w.m2, user=w.leader, rule=rule, on=TODAY)
    with pytest.raises(ValidationError) as exc:
        points.score_award(member=w.m2, user=w.leader, rule=rule, on=TODAY)
    assert exc.value.message_dict == {"points": ["该项目每年最多 2 分；该党员今年已有 2 分。"]}
    assert ScoreEntry.objects.count() == 2


def test_it_lets_only_the_roles_a_rule_names_award_it(w, api):
    award = ScoreRule.objects.get(item="先锋示范表彰")  # community and street staff
    url = reverse("api-member-scores", args=[w.m2.pk])
    assert api(w.leader).post(url, {"rule": award.pk}, format="json").status_code == 403
    assert api(w.community).post(url, {"rule": award.pk}, format="json").status_code == 201
    record_only = ScoreRule.objects.get(source="attendance")
    assert api(w.community).post(url, {"rule": record_only.pk}, format="json").status_code == 403


def test_it_corrects_with_a_reversing_entry_and_never_twice(w, api):
    entry = points.score_award(member=w.m2, user=w.leader, rule=patrol(), on=TODAY)
    url = reverse("api-member-scores-reverse", args=[w.m2.pk])
    r = api(w.community).post(url, {"entry": entry.pk, "reason": "记错人了"}, format="json")
    assert r.status_code == 201, r.content
    assert (r.json()["points"], r.json()["reverses"]) == (-1, entry.pk)
    again = api(w.community).post(url, {"entry": entry.pk}, format="json")
    assert again.status_code == 400
    assert list(ScoreEntry.objects.values_list("points", flat=True)) == [1, -1]
    assert points.year_total(w.m2, TODAY.year) == 100


def test_it_starts_each_year_at_100_and_ranks_the_branch(w, api):
    last_year = TODAY.replace(year=TODAY.year - 1, month=6, day=1)
    points.score_award(member=w.me, user=w.leader, rule=patrol(), on=last_year)
    points.score_award(member=w.m2, user=w.leader, rule=patrol(), on=TODAY)
    absent = ScoreRule.objects.get(item="无故缺席组织生活")
    points.score_award(member=w.m3, user=w.leader, rule=absent, on=TODAY)
    # The member reads their own ledger without any position.
    r = api(w.me_user).get(reverse("api-member-scores", args=[w.me.pk]))
    assert r.status_code == 200, r.content
    body = r.json()
    # 李普通 101 first; 王在职 and 网格长本人 100 share second; 赵小组 97 last.
    assert (body["year"], body["total"], body["rank"], body["members_ranked"]) == (
        TODAY.year,
        100,
        2,
        4,
    )
    assert body["entries"] == []
    r = api(w.me_user).get(reverse("api-member-scores", args=[w.me.pk]), {"year": TODAY.year - 1})
    assert (r.json()["total"], r.json()["rank"]) == (101, 1)
    assert points.year_rank(w.m3, TODAY.year) == (4, 4)
    assert sorted(MemberYearScore.objects.values_list("year", "total")) == sorted(
        [(TODAY.year - 1, 101), (TODAY.year, 101), (TODAY.year, 97)]
    )
    # Another member's ledger stays closed to a member.
    assert api(w.me_user).get(reverse("api-member-scores", args=[w.m2.pk])).status_code == 403


def test_it_gives_a_service_done_its_points_from_the_catalogue(w, api):
    from participation.models import Pledge

    pledge = Pledge.objects.create(report=w.me.dual_report, title="法律咨询")
    r = api(w.community).post(
        reverse("api-service-list"),
        {
            "kind": "pledge",
            "unit": w.c1.pk,
            "member": w.me.pk,
            "pledge": pledge.pk,
            "on": str(TODAY - datetime.timedelta(days=1)),
            "hours": "2.5",
            "note": "为居民解答继承问题",
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    assert list(
        ScoreEntry.objects.values_list("member_id", "points", "source_kind", "source_id")
    ) == [(w.me.pk, 3, "pledge_service", r.json()["id"])]


def test_it_lets_nobody_record_their_own_service(w, api):
    other = make_user("member9")
    link(w.m2, other)
    r = api(w.leader).post(
        reverse("api-service-list"),
        {
            "kind": "volunteer",
            "unit": w.g1.pk,
            "member": w.leader_member.pk,
            "on": str(TODAY),
            "hours": "1",
            "note": "巡逻",
        },
        format="multipart",
    )
    assert r.status_code == 400 and set(r.json()) == {"member"}


def test_it_lets_administrators_edit_the_catalogue(w):
    assert ScoreRule in site._registry
    assert list(ScoreRule.objects.filter(source="").values_list("item", flat=True))
