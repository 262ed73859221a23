"""The day's main walks in Chromium at 360×740 and 1366×768: the grid
leader's home → file a case → 我上报的; a table of households; the
organization department's ranking with every column on screen. Any page
of the walk wider than the viewport fails the test."""

import os

import pytest
from django.db import connections

from cases.models import CaseCategory, CaseDeadline
from cases.seed import seed_categories
from tests.browser import PHONE, browser_page, screenshot, sign_in
from tests.cases.conftest import file_case
from tests.members.factories import household, resident
from tests.world import PASSWORD, build_world

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

DESK = {"width": 1366, "height": 768}
WIDTHS = {"phone": PHONE, "desk": DESK}

# Elements wider than the screen: the page itself, or a table card that
# has to be scrolled sideways.
TOO_WIDE = """() => {
  const out = [];
  const w = window.innerWidth;
  if (document.documentElement.scrollWidth > w) out.push('page ' + document.documentElement.scrollWidth);
  return out;
}"""


def _world():
    world = build_world()
    seed_categories(CaseCategory, CaseDeadline)
    cats = {c.code: c for c in CaseCategory.objects.all()}
    file_case(world, cats, title="井盖缺失")
    h = household(world.leader, world.g1, address="幸福路1号3栋2单元502室", tags=["elderly_alone"])
    resident(world.leader, h, name="欧阳建华")
    return world, cats, h


def _fits(page, name):
    page.wait_for_load_state("networkidle")
    problems = page.evaluate(TOO_WIDE)
    if problems:
        screenshot(page, name)
    assert problems == [], f"{page.url}: {problems}"


@pytest.mark.parametrize("size", ["phone", "desk"])
@pytest.mark.django_db(transaction=True)
def test_it_walks_the_grid_leaders_day(live_server, needs_chromium, size):
    world, cats, h = _world()
    with browser_page(needs_chromium, viewport=WIDTHS[size]) as page:
        sign_in(page, live_server.url, "leader", PASSWORD)
        _fits(page, f"day-home-{size}")
        assert page.locator('[data-figure="reported_open"] strong').inner_text() == "1"
        tabbar = page.locator(".tabbar")
        assert tabbar.is_visible() == (size == "phone")
        page.click("a.big-file")
        _fits(page, f"day-file-{size}")
        page.select_option("select[name=category]", str(cats["0204"].id))
        page.fill("input[name=title]", "楼道堆放纸箱")
        page.fill("textarea[name=description]", "5栋2单元楼道堆满纸箱，堵塞通道。")
        page.click("form.case-form button[type=submit]")
        page.wait_for_url(f"{live_server.url}/cases/*/")
        page.goto(f"{live_server.url}/cases/?view=reported")
        _fits(page, f"day-reported-{size}")
        titles = page.locator("tr.case-row .c-title").all_inner_texts()
        assert sorted(titles) == ["井盖缺失", "楼道堆放纸箱"]
        assert page.locator('[data-tab="reported"] .tab-count').inner_text() == "2"
        screenshot(page, f"day-reported-{size}")

        page.goto(f"{live_server.url}/households/")
        _fits(page, f"day-households-{size}")
        row = page.locator(f'tr[data-household="{h.id}"]')
        # The residents and the tags are on screen, not behind a scroll.
        for text in ("欧阳建华", "独居老人"):
            box = row.get_by_text(text).bounding_box()
            assert box and box["x"] + box["width"] <= WIDTHS[size]["width"], text
        # Inside one grid no column says which grid.
        assert page.locator("th", has_text="网格").count() == 0
        screenshot(page, f"day-households-{size}")
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_it_shows_the_whole_ranking_on_a_desk_and_in_print(live_server, needs_chromium):
    world, cats, h = _world()
    with browser_page(needs_chromium, viewport=DESK) as page:
        sign_in(page, live_server.url, "orgdept", PASSWORD)
        _fits(page, "ranking-home")
        page.goto(f"{live_server.url}/dashboard/{world.region.id}/")
        _fits(page, "ranking-desk")
        table = page.locator("#table-children")
        heads = table.locator("th").all_inner_texts()
        assert "考核得分" in [t.replace("\n", "") for t in heads]
        assert "星级" in heads
        scroll = table.locator(".scroll")
        assert scroll.evaluate("s => s.scrollWidth <= s.clientWidth")
        last = table.locator("th").last.bounding_box()
        assert last["x"] + last["width"] <= DESK["width"]
        screenshot(page, "ranking-desk")

        page.goto(f"{live_server.url}/dashboard/{world.region.id}/?print=1")
        page.emulate_media(media="print")
        # A4 landscape less the page margins, at 96 px an inch.
        page.set_viewport_size({"width": 1062, "height": 750})
        page.wait_for_load_state("networkidle")
        table = page.locator("#table-children table")
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth") <= 1062
    connections.close_all()
