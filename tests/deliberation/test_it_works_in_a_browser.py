"""Deliberation and weekly reports in a real browser: the grid leader edits
and submits the weekly report on a phone (360 × 740); community staff on a
desktop see the grids' submitted / late / missing table and run a topic
from 问 to 评. Screenshots go to var/screens/ to be looked at."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from participation.models import Topic, WeeklyReport
from participation.services import weekly
from tests.browser import PHONE, browser_page, sign_in
from tests.participation.helpers import party
from tests.world import PASSWORD

SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
DESKTOP = {"width": 1366, "height": 768}


def shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def fits(page, width):
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll}px wide"


@pytest.fixture
def phone(needs_chromium, live_server):
    with browser_page(needs_chromium, viewport=PHONE) as page:
        page.base = live_server.url
        yield page
        connections.close_all()


@pytest.fixture
def desktop(needs_chromium, live_server):
    with browser_page(needs_chromium, viewport=DESKTOP) as page:
        page.base = live_server.url
        yield page
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_it_lets_the_grid_leader_edit_and_submit_the_weekly_report_on_a_phone(phone, world):
    w = party(world)
    week = weekly.last_full_week()
    weekly.weekly_reports_draft(week=week)
    page = phone
    sign_in(page, page.base, "leader", PASSWORD)
    page.goto(f"{page.base}/party/weekly/")
    fits(page, 360)
    page.click("#weekly-grids a:has-text('一网格')")
    page.fill("#report-text", "本周重点走访独居老人，3栋楼道灯已报修。")
    shot(page, "weekly-phone-edit")
    page.click("button:has-text('提交报告')")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#report-status") == "已提交"
    fits(page, 360)
    shot(page, "weekly-phone-submitted")
    report = WeeklyReport.objects.get(grid=w.g1, week=week)
    assert (report.status, report.text) == ("submitted", "本周重点走访独居老人，3栋楼道灯已报修。")
    assert report.late == (report.submitted_at > report.due_at)


@pytest.mark.django_db(transaction=True)
def test_it_lets_community_staff_see_the_table_and_run_a_topic_on_a_desktop(desktop, world):
    w = party(world)
    week = weekly.last_full_week() - datetime.timedelta(days=7)
    weekly.weekly_reports_draft(week=week)
    on_time = WeeklyReport.objects.get(grid=w.g1, week=week)
    weekly.weekly_report_submit(report=on_time, user=w.leader, now=on_time.due_at)
    page = desktop
    sign_in(page, page.base, "community", PASSWORD)
    page.goto(f"{page.base}/party/weekly/?week={week.isoformat()}")
    rows = page.locator("#weekly-grids li").all_inner_texts()
    assert [r.split()[:2] for r in rows] == [["一网格", "已提交"], ["二网格", "未报"]]
    shot(page, "weekly-desktop-table")

    page.goto(f"{page.base}/party/deliberations/new/")
    page.select_option("select[name=unit]", str(w.c1.pk))
    page.fill("input[name=title]", "社区广场加装路灯")
    page.fill("textarea[name=description]", "晚上广场太暗，老人散步不安全。")
    page.fill("input[name=backers]", "36")
    page.click("button:has-text('提出')")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#topic-status") == "待受理"
    page.click("button:has-text('受理，进入议事')")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.select_option("select[name=venue]", str(w.venue.pk))
    page.fill("input[name=starts_at]", f"{yesterday.isoformat()}T19:00")
    page.fill("input[name=ends_at]", "21:00")
    page.click("button:has-text('预约场所')")
    page.wait_for_load_state("networkidle")
    for i, name in enumerate(["张居民", "物业王经理", "业委会赵主任", "李居民"]):
        page.fill(f"input[name=name_{i}]", name)
    page.select_option("select[name=kind_1]", "property")
    page.select_option("select[name=kind_2]", "owners")
    page.fill("textarea[name=options]", "加装4盏路灯\n暂缓")
    page.fill("textarea[name=minutes]", "大家同意加装路灯，费用由社区公益金承担。")
    page.click("button:has-text('保存会议记录')")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=decision]", "加装4盏路灯")
    page.fill("input[name=votes_for]", "3")
    page.fill("input[name=votes_against]", "1")
    page.fill("input[name=task_title_0]", "联系路灯安装单位")
    page.fill("input[name=task_responsible_0]", "社区主任")
    page.fill("input[name=task_due_0]", (yesterday + datetime.timedelta(days=20)).isoformat())
    page.click("button:has-text('记录决定')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('开始办理')")
    page.wait_for_load_state("networkidle")
    page.fill(".task-open input[name=note]", "已安装")
    page.click(".task-open button:has-text('标记完成')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('任务全部完成，提请评议')")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=satisfied]", "3")
    page.fill("input[name=basically_satisfied]", "1")
    page.click("button:has-text('记录评议结果')")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("#topic-status") == "已办结"
    fits(page, 1366)
    shot(page, "topic-desktop-done")
    topic = Topic.objects.get(title="社区广场加装路灯")
    assert (topic.level, topic.status, topic.votes_for, topic.satisfied) == (
        "community",
        "done",
        3,
        3,
    )
    assert list(topic.events.values_list("action", flat=True)) == [
        "raise",
        "accept",
        "meet",
        "record",
        "decide",
        "start",
        "complete_task",
        "finish",
        "evaluate",
    ]
