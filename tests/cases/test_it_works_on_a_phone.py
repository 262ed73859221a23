"""The case loop in a real browser at phone size (360 × 740)."""

import re

import pytest
from django.db import connections

from cases import services
from cases.models import Case
from tests.browser import PHONE, browser_page, screenshot, sign_in
from tests.world import PASSWORD

from .conftest import file_case, png_bytes


@pytest.fixture
def phone(needs_chromium, live_server):
    with browser_page(needs_chromium, viewport=PHONE) as page:
        page.base = live_server.url
        yield page
        # While Playwright's loop runs, Django keeps this thread's database
        # connection in a context variable: close it here, or it outlives the
        # test and blocks dropping the test database.
        connections.close_all()


def _sign_in(page, username):
    sign_in(page, page.base, username, PASSWORD)


def _fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width}px wide"


def _act(page, action, fill=None):
    details = page.locator(f'details.action[data-action="{action}"]')
    details.locator("summary").click()
    if fill:
        fill(details)
    details.locator("button[type=submit]").click()
    page.wait_for_load_state("load")


@pytest.mark.django_db(transaction=True)
def test_it_lets_the_grid_leader_file_a_case_with_a_photo_and_close_it(
    phone, world, cats, tmp_path
):
    page = phone
    picture = tmp_path / "scene.png"
    picture.write_bytes(png_bytes(size=(800, 600)))

    _sign_in(page, "leader")
    page.click('.tabbar a[href="/cases/"]')
    page.click('a[href="/cases/new/"]')
    _fits(page)
    page.select_option("select[name=category]", str(cats["0204"].id))
    page.fill("input[name=title]", "楼道堆放纸箱")
    page.fill("textarea[name=description]", "5栋2单元楼道堆满纸箱，堵塞通道。")
    page.check("input[name=urgency][value=urgent]")
    page.fill("input[name=address]", "5栋2单元")
    page.set_input_files("input[name=photos]", str(picture))
    screenshot(page, "case-file-phone")
    page.click("button.wide[type=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+/$"))

    case = Case.objects.get()
    assert (case.title, case.urgency, case.grid_id) == ("楼道堆放纸箱", "urgent", world.g1.id)
    assert page.get_attribute("#case-status", "data-status") == "reported"
    thumb = page.locator(".photos img").first
    thumb.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    _fits(page)

    _act(page, "accept")
    assert page.get_attribute("#case-status", "data-status") == "handling"
    _act(page, "resolve", lambda d: d.locator("textarea[name=result]").fill("纸箱已清理完毕"))
    assert page.get_attribute("#case-status", "data-status") == "resolved"
    # The follow-up with the resident is another grid worker's, not the resolver's.
    assert page.locator('details.action[data-action="close"]').count() == 0
    page.context.clear_cookies()
    _sign_in(page, "teammate")
    page.goto(f"{page.base}/cases/{case.pk}/")
    _act(page, "close", lambda d: d.locator("input[value=satisfied]").check())
    assert page.get_attribute("#case-status", "data-status") == "closed"
    _fits(page)
    screenshot(page, "case-closed-phone")

    case.refresh_from_db()
    assert (case.status, case.satisfaction, case.self_handled) == ("closed", "satisfied", True)
    actions = [e.action for e in case.events.all()]
    assert actions == ["file", "accept", "resolve", "close"]
    assert case.photos.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_lets_the_street_office_dispatch_an_escalated_case_to_a_department(phone, world, cats):
    case = file_case(world, cats, title="违章搭建彩钢房")
    case = services.case_escalate(case=case, user=world.leader, version=1, note="网格无法处置")
    case = services.case_escalate(case=case, user=world.community, version=2, note="需执法")
    page = phone

    _sign_in(page, "street")
    page.click('.tabbar a[href="/cases/"]')
    item = page.locator(f'tr[data-case="{case.id}"]')
    assert "违章搭建彩钢房" in item.inner_text()
    _fits(page)
    item.locator("a").click()
    page.wait_for_url(re.compile(rf".*/cases/{case.id}/$"))
    _fits(page)

    def choose(details):
        details.locator("select[name=to_unit]").select_option(str(world.d1.id))
        details.locator("textarea[name=note]").fill("请三日内依法拆除")

    _act(page, "dispatch", choose)
    assert page.locator("#responsible-unit").inner_text() == "街道执法队"
    assert page.get_attribute("#case-status", "data-status") == "reported"
    last = page.locator("#timeline li").last
    assert last.get_attribute("data-action") == "dispatch"
    assert "请三日内依法拆除" in last.inner_text()
    _fits(page)
    screenshot(page, "case-dispatched-phone")

    case.refresh_from_db()
    assert (case.responsible_unit_id, case.status, case.highest_level) == (
        world.d1.id,
        "reported",
        "street",
    )
