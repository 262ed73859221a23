import pytest
from playwright.sync_api import expect

from tests.browser import PHONE, browser_page, screenshot, sign_in
from tests.world import PASSWORD, build_world


@pytest.mark.django_db(transaction=True)
def test_it_signs_in_and_browses_the_tree_on_a_phone(live_server, needs_chromium):
    world = build_world()
    with browser_page(needs_chromium, viewport=PHONE) as page:
        sign_in(page, live_server.url, "street", PASSWORD)
        # On a phone the positions are under the tab bar's "我的".
        page.locator(".tabbar a[href='/me/']").click()
        expect(page.locator("h2", has_text="我的岗位")).to_be_visible()
        expect(page.get_by_text("街道网格办")).to_be_visible()
        page.click(f"a[href='/units/{world.s1.id}/']")
        expect(page.locator("h1")).to_contain_text("一街道")
        node = page.locator(f".tree-node[data-unit='{world.c1.id}']")
        node.locator("button.toggle").click()
        expect(node.get_by_text("二网格")).to_be_visible()
        # Nothing overflows the phone's width.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        screenshot(page, "orgs-tree-phone")


@pytest.mark.django_db(transaction=True)
def test_it_tells_a_wrong_password_in_chinese(live_server, needs_chromium):
    build_world()
    with browser_page(needs_chromium, viewport=PHONE) as page:
        sign_in(page, live_server.url, "street", "wrong")
        expect(page.get_by_text("用户名或密码错误")).to_be_visible()
