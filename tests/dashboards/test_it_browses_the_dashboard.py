import os

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from dashboards.services import assessment_publish
from tests.browser import ARTIFACTS, browser_page, screenshot, sign_in
from tests.dashboards.helpers import at, categories, close_case, ensure_checklist, file_case
from tests.world import PASSWORD, build_world

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
PERIOD = "from=2025-01-01&to=2025-06-30"


def _cases(world):
    ensure_checklist()  # a transactional test before may have flushed it
    cats = categories()
    leaves = [cats["fire"], cats["gas"], cats["trash"], cats["noise"]]
    for i in range(24):
        grid = [world.g1, world.g1b, world.g2][i % 3]
        case = file_case(
            grid=grid,
            category=leaves[i % 4],
            reporter=world.leader,
            reported_at=at(2025, 1 + i % 6, 1 + i, 9),
        )
        if i % 4 != 3:
            close_case(case, closed_at=at(2025, 1 + i % 6, 2 + i, 9), on_time=i % 5 != 0)
    assessment_publish(year=2025, quarter=1)


def _charts_drawn(page):
    expect(page.locator("html[data-charts-ready]")).to_be_attached()
    assert int(page.get_attribute("html", "data-charts-ready")) >= 3
    assert page.locator(".chart canvas").count() >= 3


@pytest.mark.django_db(transaction=True)
def test_it_drills_down_twice_exports_and_goes_back_up(live_server, needs_chromium):
    world = build_world()
    _cases(world)
    with browser_page(needs_chromium) as page:
        sign_in(page, live_server.url, "orgdept", PASSWORD)
        page.goto(f"{live_server.url}/dashboard/{world.region.id}/?{PERIOD}")
        expect(page.locator("h1")).to_contain_text("测试区")
        _charts_drawn(page)
        expect(page.locator("[data-figure=reported]")).to_have_text("24")
        screenshot(page, "dashboard-1-district")

        page.locator("#table-children a.drill", has_text="一街道").click()
        expect(page.locator("h1")).to_contain_text("一街道")
        _charts_drawn(page)
        screenshot(page, "dashboard-2-street")

        # A click anywhere on the row drills down too.
        page.locator("#table-children tr", has_text="一社区").locator("td").nth(4).click()
        expect(page.locator("h1")).to_contain_text("一社区")
        expect(page.locator("#table-children")).to_contain_text("一网格")
        _charts_drawn(page)
        screenshot(page, "dashboard-3-community")

        with page.expect_download() as info:
            page.click("a[data-export=children]")
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / "dashboard-community-children.xlsx"
        info.value.save_as(target)
        sheet = load_workbook(target).active
        values = [c for row in sheet.iter_rows(values_only=True) for c in row]
        assert "一网格" in values and "二网格" in values
        assert "三网格" not in values  # another street's grid

        page.locator(".breadcrumb a", has_text="测试区").click()
        expect(page.locator("h1")).to_contain_text("测试区")
        assert PERIOD in page.url  # the period carries along


@pytest.mark.django_db(transaction=True)
def test_it_fits_a_phone_and_prints(live_server, needs_chromium):
    world = build_world()
    _cases(world)
    with browser_page(needs_chromium, viewport={"width": 360, "height": 740}) as page:
        sign_in(page, live_server.url, "leader", PASSWORD)
        page.goto(f"{live_server.url}/dashboard/")
        expect(page.locator("h1")).to_contain_text("一网格")
        _charts_drawn(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "dashboard-grid-phone")
        page.goto(f"{live_server.url}/dashboard/{world.g1.id}/?{PERIOD}&print=1")
        expect(page.locator(".print-view")).to_be_attached()
        page.emulate_media(media="print")
        expect(page.locator("form.period")).to_be_hidden()
        screenshot(page, "dashboard-grid-print")
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}/assessments/{world.g1.id}/?quarter=2025Q1")
        expect(page.locator(".scorebox")).to_be_visible()
        expect(page.locator("#table-items tbody tr")).to_have_count(20)  # the grid's checklist
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        screenshot(page, "assessment-grid-phone")
