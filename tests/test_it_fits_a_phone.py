"""Every page a grid leader opens on a 360 px phone fits the screen: no
control pushed out of its card (a card clips what overflows, so a date
field or a button would be cut off unseen) and no name or address in a
table broken after every character."""

import os
import re

import pytest
from django.db import connections

from cases.models import CaseCategory, CaseDeadline
from cases.seed import seed_categories
from members import services as people
from members.models import Category
from tests.browser import PHONE, browser_page, screenshot, sign_in
from tests.cases.conftest import file_case
from tests.members.factories import household, member, resident
from tests.world import PASSWORD, build_world

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Controls whose right edge lies past their card's, and table links taller
# than one line (the table may scroll sideways instead).
PROBLEMS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.card input, .card select, .card button, .card .button')) {
    const card = el.closest('.card');
    const r = el.getBoundingClientRect(), c = card.getBoundingClientRect();
    if (r.width && r.right > c.right + 1) out.push('cut off: ' + (el.name || el.textContent.trim()));
  }
  for (const a of document.querySelectorAll('.table td a')) {
    const lh = parseFloat(getComputedStyle(a).lineHeight) || 24;
    if (a.getClientRects().length > 1 || a.getBoundingClientRect().height > lh * 1.5)
      out.push('broken: ' + a.textContent.trim());
  }
  if (document.documentElement.scrollWidth > window.innerWidth)
    out.push('page ' + document.documentElement.scrollWidth + 'px wide');
  return out;
}"""


def _data(world):
    seed_categories(CaseCategory, CaseDeadline)  # a transactional test may have flushed it
    cats = {c.code: c for c in CaseCategory.objects.all()}
    case = file_case(world, cats)
    h = household(world.leader, world.g1, address="幸福路1号3栋2单元502室")
    resident(world.leader, h, name="欧阳建华", phone="13800138000")
    people.visit_create(
        user=world.leader,
        household=h,
        visited_on=case.reported_at.date(),
        notes="老人身体尚可",
        problems="楼道灯不亮，老人晚上出门不便",
    )
    m = member(world.leader, world.g1, name="司马文静", category=Category.IN_SERVICE)
    return case, h, m


def _party(world):
    from tests.participation.helpers import activity, demand, party

    w = party(world)
    return {"venue": w.venue, "activity": activity(w), "demand": demand(w)}


@pytest.mark.django_db(transaction=True)
def test_every_page_of_the_grid_leader_fits_a_phone(live_server, needs_chromium):
    world = build_world()
    case, h, m = _data(world)
    party = _party(world)
    pages = [
        "/",
        "/cases/",
        "/cases/new/",
        f"/cases/{case.id}/",
        "/notifications/",
        "/households/",
        f"/households/{h.id}/",
        "/visits/",
        "/members/",
        f"/members/{m.id}/",
        "/households/search/?q=欧阳建华",
        "/imports/",
        "/grids/",
        f"/grids/{world.g1.id}/",
        f"/units/{world.g1.id}/",
        f"/dashboard/{world.g1.id}/",
        f"/assessments/{world.g1.id}/",
        "/party/me/",
        "/party/activities/",
        "/party/activities/new/",
        f"/party/activities/{party['activity'].id}/",
        f"/party/activities/{party['activity'].id}/attendance/",
        f"/party/org-life/?unit={world.g1.id}",
        "/party/demands/",
        "/party/demands/new/",
        f"/party/demands/{party['demand'].id}/",
        "/party/venues/",
        f"/party/venues/{party['venue'].id}/",
    ]
    found = {}
    with browser_page(needs_chromium, viewport=PHONE) as page:
        sign_in(page, live_server.url, "leader", PASSWORD)
        for path in pages:
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
            problems = page.evaluate(PROBLEMS)
            if problems:
                found[path] = problems
                screenshot(page, "phone-" + re.sub(r"\W+", "-", path).strip("-"))
    connections.close_all()
    assert found == {}
