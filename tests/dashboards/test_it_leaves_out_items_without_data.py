"""An assessment item with no data for a unit in the quarter is not
applicable: no points either way, and the score is over the applicable
maximum, which the page says. No data never earns full marks.

二网格 in 2025Q1 had no case, held no organizational life, did no visit
and held no activity; the community scored every hand-scored item in full
(48 points). The four case items (30 points) and the organizational-life
attendance (8 points) have nothing to be computed from: 48 of the 62
applicable points, 77.4 (before: the case items were given in full, 78
of 100, "本季度无事件可计：得满分").
"""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dashboards.models import AssessmentItem, AssessmentResult, AutoSource
from dashboards.services import assessment_publish, assessment_score_enter
from tests.dashboards.helpers import ensure_checklist
from tests.dashboards.pages import read_page, workbook_rows

# The grid checklist as 二网格's empty quarter scores it: item, maximum,
# points (None: not applicable).
EMPTY_QUARTER = [
    ("组织生活落实", Decimal("8.0"), None),
    ("党员积分管理与先锋岗履职", Decimal("5.0"), Decimal("5.0")),
    ("在职党员“双报到”", Decimal("3.0"), Decimal("3.0")),
    ("“一长三员”配齐履职", Decimal("5.0"), Decimal("5.0")),
    ("入户走访完成情况", Decimal("10.0"), Decimal("0.0")),
    ("事件办结率", Decimal("10.0"), None),
    ("按时办结率", Decimal("7.0"), None),
    ("网格自办自结率", Decimal("5.0"), None),
    ("群众满意率", Decimal("8.0"), None),
    ("矛盾纠纷排查化解", Decimal("5.0"), Decimal("5.0")),
    ("治安隐患与重点人群服务管理", Decimal("4.0"), Decimal("4.0")),
    ("安全生产隐患排查整改", Decimal("5.0"), Decimal("5.0")),
    ("消防安全", Decimal("3.0"), Decimal("3.0")),
    ("防汛防台与应急处置", Decimal("2.0"), Decimal("2.0")),
    ("环境卫生与垃圾分类", Decimal("4.0"), Decimal("4.0")),
    ("市容秩序", Decimal("3.0"), Decimal("3.0")),
    ("重点人群关爱", Decimal("4.0"), Decimal("4.0")),
    ("志愿服务与党群活动", Decimal("4.0"), Decimal("0.0")),
    ("“一户一档”信息完整准确", Decimal("3.0"), Decimal("3.0")),
    ("政策宣传与文明创建", Decimal("2.0"), Decimal("2.0")),
]


def _full_hand_scores(world, unit):
    for item in AssessmentItem.objects.filter(active=True, auto_source=""):
        if (unit.kind == "grid" and item.for_grids) or (
            unit.kind == "party_group" and item.for_party_groups
        ):
            assessment_score_enter(
                user=world.community,
                unit=unit,
                year=2025,
                quarter=1,
                item=item,
                points=item.max_points,
            )


@pytest.fixture
def empty_quarter(world):
    ensure_checklist()
    _full_hand_scores(world, world.g1b)
    assessment_publish(year=2025, quarter=1, root=world.c1)
    return world


def test_it_publishes_no_points_for_items_without_data(empty_quarter):
    w = empty_quarter
    result = AssessmentResult.objects.get(unit=w.g1b, year=2025, quarter=1)
    assert [(i.item_name, i.max_points, i.points) for i in result.items.all()] == EMPTY_QUARTER
    assert (result.points, result.max_points, result.score, result.stars) == (
        Decimal("48.0"),
        Decimal("62.0"),
        Decimal("77.4"),
        3,
    )


def test_it_answers_null_points_in_the_api(empty_quarter, api):
    w = empty_quarter
    result = AssessmentResult.objects.get(unit=w.g1b, year=2025, quarter=1)
    response = api(w.community).get(reverse("api-assessment-detail", args=[result.id]))
    assert response.status_code == 200
    body = response.json()
    assert (body["score"], body["points"], body["max_points"], body["stars"]) == (
        "77.4",
        "48.0",
        "62.0",
        3,
    )
    assert [(i["item_name"], i["points"], i["lost"]) for i in body["items"][4:9]] == [
        ("入户走访完成情况", "0.0", "10.0"),
        ("事件办结率", None, None),
        ("按时办结率", None, None),
        ("网格自办自结率", None, None),
        ("群众满意率", None, None),
    ]


def test_it_says_so_on_the_page_and_leaves_the_cells_empty_in_excel(empty_quarter):
    w = empty_quarter
    leader = Client()
    leader.force_login(w.community)
    url = reverse("assessment-unit", args=[w.g1b.id]) + "?quarter=2025Q1"
    response = leader.get(url)
    page = read_page(response)
    assert page.figures["score"] == "77.4"
    assert page.figures["points"] == "适用项满分62.0分，得48.0分"
    assert "38.0" in page.figures["not_applicable"] and "不适用" in page.figures["not_applicable"]
    rows = {row[1].split()[0]: row[3:5] for row in page.tables["items"]}
    assert rows["事件办结率"] == ["不适用", "—"]
    assert rows["入户走访完成情况"] == ["0.0", "−10.0"]
    assert rows["消防安全"] == ["3.0", "0"]
    assert "得满分" not in response.content.decode()

    export = leader.get(reverse("assessment-export", args=[w.g1b.id]) + "?quarter=2025Q1")
    cells = {row[1]: row[2:5] for row in workbook_rows(export)[3:]}
    assert cells["事件办结率"] == [10.0, None, None]
    assert cells["入户走访完成情况"] == [10.0, 0.0, 10.0]


def test_it_gives_a_party_group_no_points_for_case_data_it_does_not_have(world):
    ensure_checklist()
    # An administrator scores party groups on their grid's closure rate too.
    AssessmentItem.objects.filter(auto_source=AutoSource.CLOSURE_RATE).update(for_party_groups=True)
    _full_hand_scores(world, world.p1)
    assessment_publish(year=2025, quarter=1, root=world.g1)
    result = AssessmentResult.objects.get(unit=world.p1, year=2025, quarter=1)
    assert [(i.item_name, i.max_points, i.points) for i in result.items.all()] == [
        ("组织生活落实", Decimal("8.0"), None),
        ("党员积分管理与先锋岗履职", Decimal("5.0"), Decimal("5.0")),
        ("在职党员“双报到”", Decimal("3.0"), Decimal("3.0")),
        ("入户走访完成情况", Decimal("10.0"), Decimal("0.0")),
        ("事件办结率", Decimal("10.0"), None),
        ("重点人群关爱", Decimal("4.0"), Decimal("4.0")),
        ("志愿服务与党群活动", Decimal("4.0"), Decimal("0.0")),
        ("政策宣传与文明创建", Decimal("2.0"), Decimal("2.0")),
    ]
    assert (result.points, result.max_points, result.score, result.stars) == (
        Decimal("14.0"),
        Decimal("28.0"),
        Decimal("50.0"),
        1,
    )


def test_it_gives_no_score_and_no_stars_with_nothing_applicable(world):
    ensure_checklist()
    # A checklist of case items only, and a quarter with no case.
    AssessmentItem.objects.exclude(
        auto_source__in=[
            AutoSource.CLOSURE_RATE,
            AutoSource.ON_TIME_RATE,
            AutoSource.SATISFACTION_RATE,
            AutoSource.SELF_HANDLED_SHARE,
        ]
    ).update(active=False)
    assessment_publish(year=2025, quarter=1, root=world.c1)
    assert not AssessmentResult.objects.filter(unit=world.g1b).exists()
    client = Client()
    client.force_login(world.community)
    page = read_page(
        client.get(reverse("assessment-unit", args=[world.g1b.id]) + "?quarter=2025Q1")
    )
    assert (page.figures["score"], page.figures["points"]) == (
        "—",
        "本季度无数据可考核：不评分，不评星。",
    )
    assert "30.0" in page.figures["not_applicable"]
