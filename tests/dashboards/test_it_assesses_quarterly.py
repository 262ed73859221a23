"""The quarterly assessment: the seeded checklist, hand-entered scores,
scores from the records, publishing (twice = once), stars, and a grid
leader reading where points were lost."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from dashboards.models import (
    AssessmentCategory,
    AssessmentItem,
    AssessmentResult,
    AssessmentResultItem,
    AutoSource,
    StarThreshold,
)
from dashboards.services import assessment_publish
from tests.dashboards.helpers import at, categories, close_case, ensure_checklist, file_case


@pytest.fixture
def checklist(db):
    ensure_checklist()


def _manual(name):
    return AssessmentItem.objects.get(name=name)


def test_it_seeds_an_all_element_checklist(checklist):
    assert AssessmentCategory.objects.count() == 11
    assert AssessmentItem.objects.count() == 20
    grid_max = sum(i.max_points for i in AssessmentItem.objects.filter(for_grids=True))
    assert grid_max == 100
    sources = set(AssessmentItem.objects.values_list("auto_source", flat=True))
    assert {
        AutoSource.CLOSURE_RATE,
        AutoSource.ON_TIME_RATE,
        AutoSource.SATISFACTION_RATE,
    } <= sources
    assert AssessmentItem.objects.filter(for_party_groups=True).exists()
    assert sorted(StarThreshold.objects.values_list("stars", flat=True)) == [1, 2, 3, 4, 5]


def _cases(world):
    cats = categories()
    # G1 in 2025Q1: four cases, three closed (two on time), one left open.
    for day, closed, on_time in [
        (3, True, True),
        (10, True, True),
        (20, True, False),
        (25, False, None),
    ]:
        case = file_case(
            grid=world.g1,
            category=cats["fire"],
            reporter=world.leader,
            reported_at=at(2025, 2, day),
        )
        if closed:
            close_case(case, closed_at=at(2025, 2, day + 1), on_time=on_time)


def _enter(client, unit, data, quarter="2025Q1"):
    return client.post(reverse("assessment-enter", args=[unit.id]), {"quarter": quarter, **data})


def test_it_scores_publishes_and_shows_a_leader_where_points_were_lost(world, checklist, api):
    _cases(world)
    community = Client()
    community.force_login(world.community)
    fire = _manual("消防安全")
    _org_life(world, expected=10, attended=9)  # 90%: full points
    response = _enter(
        community,
        world.g1,
        {f"points_{fire.id}": "1", f"note_{fire.id}": "楼道电动车充电未整改"},
    )
    assert response.status_code == 302

    assert assessment_publish(year=2025, quarter=1) == 4  # g1, g1b, g2, p1
    result = AssessmentResult.objects.get(unit=world.g1, year=2025, quarter=1)
    lines = {i.item_name: i for i in result.items.all()}
    assert lines["消防安全"].points == 1 and lines["消防安全"].note == "楼道电动车充电未整改"
    assert lines["组织生活落实"].points == 8
    closure = lines["事件办结率"]  # 3 of 4 closed: 75% of 10 points
    assert closure.points == Decimal("7.5")
    on_time = lines["按时办结率"]  # 2 of 3 on time, of 7 points
    assert on_time.points == Decimal("4.7")
    assert lines["矛盾纠纷排查化解"].points == 0  # not entered yet
    assert result.points == sum(i.points for i in result.items.all())
    assert result.max_points == 100 and result.score == result.points
    expected_stars = max(
        (t.stars for t in StarThreshold.objects.all() if result.score >= t.min_score), default=1
    )
    assert result.stars == expected_stars

    # Publishing again changes nothing.
    before = list(AssessmentResult.objects.order_by("id").values_list("unit_id", "score", "stars"))
    items_before = AssessmentResultItem.objects.count()
    assert assessment_publish(year=2025, quarter=1) == 4
    assert (
        list(AssessmentResult.objects.order_by("id").values_list("unit_id", "score", "stars"))
        == before
    )
    assert AssessmentResultItem.objects.count() == items_before

    # The grid leader opens their own and sees where points were lost.
    leader = Client()
    leader.force_login(world.leader)
    html = leader.get(
        reverse("assessment-unit", args=[world.g1.id]) + "?quarter=2025Q1"
    ).content.decode()
    assert "楼道电动车充电未整改" in html and "−2.0" in html
    assert leader.get(reverse("assessment-unit", args=[world.g2.id])).status_code == 404

    # The API lists the community's results and shows one item by item.
    listed = api(world.community).get(
        reverse("api-assessment-list") + f"?unit={world.c1.id}&quarter=2025Q1"
    )
    assert {r["unit"]["id"] for r in listed.json()["results"]} == {
        world.g1.id,
        world.g1b.id,
        world.p1.id,
    }
    detail = api(world.leader).get(reverse("api-assessment-detail", args=[result.id])).json()
    assert detail["quarter"] == "2025Q1"
    fire_line = next(i for i in detail["items"] if i["item_name"] == "消防安全")
    assert fire_line["lost"] == "2.0"
    other = AssessmentResult.objects.get(unit=world.g2, year=2025, quarter=1)
    assert (
        api(world.leader).get(reverse("api-assessment-detail", args=[other.id])).status_code == 404
    )

    # The dashboard's ranking carries the scores and stars.
    dash = api(world.orgdept).get(
        reverse("api-dashboard") + f"?unit={world.c1.id}&from=2025-01-01&to=2025-03-31"
    )
    g1_row = next(c for c in dash.json()["children"] if c["id"] == world.g1.id)
    assert g1_row["assessment"] == {
        "score": float(result.score),
        "stars": result.stars,
        "quarter": "2025Q1",
    }


def test_it_maps_totals_to_stars_with_editable_thresholds(world, checklist):
    from dashboards.services import assessment_score_enter

    fire = _manual("消防安全")
    assessment_score_enter(
        user=world.community, unit=world.g1, year=2025, quarter=1, item=fire, points=3
    )
    assessment_publish(year=2025, quarter=1)
    low = AssessmentResult.objects.get(unit=world.g1, year=2025, quarter=1)
    # 3 of the 62 applicable points (no case, no organizational life): 4.8.
    assert (low.score, low.stars) == (Decimal("4.8"), 1)
    StarThreshold.objects.filter(stars=5).update(min_score=Decimal("4.5"))
    assessment_publish(year=2025, quarter=1)
    low.refresh_from_db()
    assert low.stars == 5


def test_it_lets_only_the_community_enter_scores(world, checklist, api):
    fire = _manual("消防安全")
    leader = Client()
    leader.force_login(world.leader)
    assert _enter(leader, world.g1, {f"points_{fire.id}": "3"}).status_code == 403
    payload = {"unit": world.g1.id, "quarter": "2025Q1", "item": fire.id, "points": "3"}
    assert (
        api(world.leader).post(reverse("api-assessment-score"), payload, format="json").status_code
        == 403
    )
    assert (
        api(world.street2).post(reverse("api-assessment-score"), payload, format="json").status_code
        == 404
    )
    assert (
        api(world.community)
        .post(reverse("api-assessment-score"), payload, format="json")
        .status_code
        == 201
    )


def test_it_refuses_bad_scores_with_a_message_and_saves_none(world, checklist, api):
    fire = _manual("消防安全")
    life = _manual("组织生活落实")
    closure = AssessmentItem.objects.get(auto_source=AutoSource.CLOSURE_RATE)
    client = Client()
    client.force_login(world.community)
    response = _enter(
        client,
        world.g1,
        {f"points_{life.id}": "8", f"points_{fire.id}": "9", f"note_{fire.id}": "x"},
    )
    assert response.status_code == 400
    assert "3.0" in response.content.decode()  # the maximum, so the person can correct it
    response = _enter(client, world.g1, {f"points_{fire.id}": "1"})
    assert response.status_code == 400  # points off need a reason
    assert _enter(client, world.g1, {f"points_{fire.id}": "1"}, quarter="2025Q9").status_code == 400
    from dashboards.models import AssessmentScore

    assert not AssessmentScore.objects.exists()  # the valid line was not kept either
    post = api(world.community).post
    url = reverse("api-assessment-score")
    bad = [
        (
            {"unit": world.g1.id, "quarter": "Q1", "item": fire.id, "points": "1", "note": "x"},
            "quarter",
        ),
        ({"unit": world.g1.id, "quarter": "2025Q1", "item": closure.id, "points": "1"}, "item"),
        ({"unit": world.c1.id, "quarter": "2025Q1", "item": fire.id, "points": "1"}, "unit"),
        (
            {
                "unit": world.g1.id,
                "quarter": "2025Q1",
                "item": fire.id,
                "points": "-1",
                "note": "x",
            },
            "points",
        ),
    ]
    for payload, field in bad:
        response = post(url, payload, format="json")
        assert response.status_code == 400, payload
        assert field in response.json(), response.json()
    assert not AssessmentScore.objects.exists()


def test_it_publishes_from_the_command_and_the_page(world, checklist):
    call_command("publish_assessments", "--quarter", "2025Q1")
    assert AssessmentResult.objects.filter(year=2025, quarter=1).count() == 4
    with pytest.raises(CommandError):
        call_command("publish_assessments", "--quarter", "spring")
    admin = Client()
    admin.force_login(world.admin)
    response = admin.post(reverse("assessment-publish", args=[world.s1.id]), {"quarter": "2025Q2"})
    assert response.status_code == 302
    assert AssessmentResult.objects.filter(year=2025, quarter=2).count() == 3  # s1: g1, g1b, p1
    community = Client()
    community.force_login(world.community)
    assert (
        community.post(
            reverse("assessment-publish", args=[world.c1.id]), {"quarter": "2025Q2"}
        ).status_code
        == 403
    )
    html = admin.get(
        reverse("assessment-unit", args=[world.s1.id]) + "?quarter=2025Q2"
    ).content.decode()
    assert "一网格" in html and "三网格" not in html


def test_it_publishes_the_last_quarter_from_the_periodic_task(world, checklist):
    import time_machine

    from dashboards.tasks import publish_last_quarter

    with time_machine.travel("2025-04-03 02:00 +0800", tick=False):
        assert publish_last_quarter.delay().get() == 4
        assert publish_last_quarter.delay().get() == 4
    assert AssessmentResult.objects.filter(year=2025, quarter=1).count() == 4
    assert AssessmentResult.objects.count() == 4


def _org_life(world, *, expected, attended, unit=None, day=10):
    """An organizational-life meeting held in 2025Q1, attendance taken (a
    plain insert: the participation rollup is rebuilt from the rows)."""
    from participation.models import Activity
    from participation.rollups import PARTY_ROLLUPS

    a = Activity(
        title="支部党员大会",
        kind="branch_meeting",
        organizer=unit or world.g1,
        starts_at=at(2025, 2, day),
        ends_at=at(2025, 2, day) + datetime.timedelta(hours=2),
        status="held",
        expected=expected,
        attended=attended,
        created_by=world.leader,
    )
    a.copy_ancestors()
    a.save()
    PARTY_ROLLUPS.rebuild()
    return a


def test_it_scores_activities_and_org_life_attendance_from_the_records(world, checklist):
    activities = AssessmentItem.objects.get(auto_source=AutoSource.ACTIVITIES)
    life = AssessmentItem.objects.get(auto_source=AutoSource.ORG_LIFE_ATTENDANCE)
    assert life.name == "组织生活落实" and life.target == 90
    community = Client()
    community.force_login(world.community)
    form = community.get(reverse("assessment-enter", args=[world.g1.id]) + "?quarter=2025Q1")
    page = form.content.decode()
    assert f'name="points_{activities.id}"' not in page
    assert f'name="points_{life.id}"' not in page
    _org_life(world, expected=10, attended=6)
    _org_life(world, expected=10, attended=8, day=20)  # 14 of 20: 70%
    assessment_publish(year=2025, quarter=1)
    result = AssessmentResult.objects.get(unit=world.g1, year=2025, quarter=1)
    lines = {i.item_name: i for i in result.items.all()}
    # 2 of the 3 activities expected, of 4 points; 70% of the 90% target, of 8.
    assert lines[activities.name].points == Decimal("2.7")
    assert lines[life.name].points == Decimal("6.2")
    assert lines[life.name].auto_source == "org_life_attendance"
    # G1b held none: no attendance to score, the item is not applicable.
    other = AssessmentResult.objects.get(unit=world.g1b, year=2025, quarter=1)
    assert other.items.get(item_name=life.name).points is None


def test_it_schedules_publishing_after_each_quarter(settings):

    entry = settings.CELERY_BEAT_SCHEDULE["dashboards-publish-last-quarter"]
    assert entry["task"] == "dashboards.tasks.publish_last_quarter"
    schedule = entry["schedule"]
    assert schedule.month_of_year == {1, 4, 7, 10}
    assert 1 in schedule.day_of_month and 20 not in schedule.day_of_month
