"""Party life in a real browser: the grid leader and a member on a phone
(360 × 740), the organization department on a desktop. Screenshots go to
var/screens/ to be looked at."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from members import points
from participation.models import Activity, Attendance, Demand
from tests.browser import PHONE, browser_page, sign_in
from tests.world import PASSWORD

from .helpers import party

SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
DESKTOP = {"width": 1366, "height": 768}


def shot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def fits(page, width=360):
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


def as_user(page, username):
    page.context.clear_cookies()
    sign_in(page, page.base, username, PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_it_runs_party_life_on_a_phone(phone, world):
    w = party(world)
    page = phone
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    # The grid leader plans a theme day at the venue.
    as_user(page, "leader")
    page.click('.tabbar a[href="/me/"]')
    page.click('.menu-list a[href="/party/activities/"]')
    page.click('a[href="/party/activities/new/"]')
    fits(page)
    page.fill("input[name=title]", "十二月主题党日")
    page.select_option("select[name=kind]", "theme_day")
    page.select_option("select[name=organizer]", str(w.g1.pk))
    page.select_option("select[name=venue]", str(w.venue.pk))
    page.fill("input[name=starts_at]", f"{tomorrow}T09:00")
    page.fill("input[name=ends_at]", f"{tomorrow}T11:00")
    page.check("input[name=online]")
    shot(page, "party-leader-plan-phone")
    page.click("form.party-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/party/activities/\d+/$"))
    activity = Activity.objects.get(title="十二月主题党日")
    assert (activity.venue_id, activity.organizer_id) == (w.venue.pk, w.g1.pk)

    # The member signs up from their page.
    as_user(page, "member1")
    page.click('.tabbar a[href="/me/"]')
    page.click('.menu-list a[href="/party/me/"]')
    fits(page)
    page.click(f'a[href="/party/activities/{activity.pk}/"]')
    page.click("form.signup-form button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator(".signed-up").is_visible()
    fits(page)
    shot(page, "party-member-signed-up-phone")

    # It took place: the leader records attendance.
    start = timezone.now() - datetime.timedelta(hours=3)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    as_user(page, "leader")
    page.goto(f"{page.base}/party/activities/{activity.pk}/")
    page.click(f'a[href="/party/activities/{activity.pk}/attendance/"]')
    fits(page)
    page.check(f'input[name="m{w.me.pk}"][value=present]')
    page.check(f'input[name="m{w.m3.pk}"][value=online]')
    page.select_option(f'select[name="m{w.m2.pk}r"]', "sick")
    page.fill("input[name=residents]", "8")
    page.fill("textarea[name=minutes]", "学习党章，讨论楼道整治。")
    shot(page, "party-leader-attendance-phone")
    page.click("form.attendance-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/party/activities/\d+/$"))
    assert sorted(Attendance.objects.values_list("member__name", "presence")) == [
        ("李普通", "sick"),
        ("王在职", "present"),
        ("网格长本人", "absent"),
        ("赵小组", "online"),
    ]
    assert page.locator("#attendance").is_visible()
    fits(page)
    shot(page, "party-activity-held-phone")

    # The leader posts a need; the member claims and completes it.
    page.click('.tabbar a[href="/me/"]')
    page.click('.menu-list a[href="/party/demands/"]')
    page.click('a[href="/party/demands/new/"]')
    fits(page)
    page.select_option("select[name=kind]", "wish")
    page.fill("input[name=title]", "帮张奶奶换灯泡")
    page.fill("textarea[name=description]", "卫生间灯泡坏了")
    page.fill("input[name=place]", "幸福路1号3栋")
    page.fill("input[name=contact_name]", "张奶奶")
    page.fill("input[name=contact_phone]", "13812345678")
    page.click("form.party-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/party/demands/\d+/$"))
    demand = Demand.objects.get(title="帮张奶奶换灯泡")

    as_user(page, "member1")
    page.goto(f"{page.base}/party/me/")
    page.click(f'#my-demands a[href="/party/demands/{demand.pk}/"]')
    assert "13812345678" not in page.content() and "138****5678" not in page.content()
    page.click('form[action$="/claim/"] button[type=submit]')
    page.wait_for_load_state("load")
    assert "138****5678" in page.content() and "13812345678" not in page.content()
    page.fill("textarea[name=note]", "已换好新灯泡")
    shot(page, "party-member-complete-phone")
    page.click('form[action$="/complete/"] button[type=submit]')
    page.wait_for_load_state("load")
    fits(page)

    as_user(page, "leader")
    page.goto(f"{page.base}/party/demands/{demand.pk}/")
    page.check("input[name=satisfaction][value=satisfied]")
    page.click('form[action$="/rate/"] button[type=submit]')
    page.wait_for_load_state("load")
    demand.refresh_from_db()
    assert (demand.status, demand.claimed_member_id) == ("rated", w.me.pk)

    # The member sees the points: attendance 2, the demand 3.
    as_user(page, "member1")
    page.goto(f"{page.base}/party/me/")
    total = points.year_total(w.me, timezone.localdate().year)
    assert total == 105
    assert page.locator(".points-total strong").inner_text() == "105"
    fits(page)
    shot(page, "party-member-points-phone")


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_organization_department_the_party_block_and_its_drill_down(desktop, world):
    from participation import services

    w = party(world)
    for organizer, attended in ((w.g1, [w.me, w.m2]), (w.g2, [w.far])):
        a = services.activity_create(
            user=w.admin,
            title="支部党员大会",
            kind="branch_meeting",
            organizer=organizer,
            starts_at=timezone.now() - datetime.timedelta(days=2),
            ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
        )
        services.activity_attendance_record(
            user=w.admin, activity=a, members=[m.pk for m in attended], residents=3
        )
    page = desktop
    as_user(page, "orgdept")
    page.goto(f"{page.base}/dashboard/{w.region.pk}/")
    block = page.locator("#participation")
    assert block.is_visible()
    assert block.locator('[data-figure="activities_held"]').inner_text() == "2"
    shot(page, "party-dashboard-desktop")
    table = page.locator("#table-participation_children")
    table.scroll_into_view_if_needed()
    assert table.locator("tr[data-unit]").count() == 2
    table.locator(f'tr[data-unit="{w.s1.pk}"] a.drill').click()
    page.wait_for_url(re.compile(rf".*/dashboard/{w.s1.pk}/.*"))
    assert page.locator('#participation [data-figure="activities_held"]').inner_text() == "1"
    # 2 of the 4 members of G1's branch came.
    assert (
        page.locator('#participation [data-figure="org_life_attendance_rate"]').inner_text()
        == "50.0%"
    )
    shot(page, "party-dashboard-street-desktop")
    with page.expect_download() as download:
        page.click('a[data-export="participation_children"]')
    assert download.value.suggested_filename.endswith(".xlsx")
