"""A case filed from a household visit links both ways: the case shows the
household and the visit, the visit shows the case and no longer offers to
file again; a second filing from the same visit is refused, nothing written."""

import datetime
import re

from django.test import Client
from django.urls import reverse

from cases.models import Case
from members import services as people
from tests.members.factories import household


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _visit(world):
    h = household(world.leader, world.g1, address="幸福路1号3栋502室")
    visit = people.visit_create(
        user=world.leader,
        household=h,
        visited_on=datetime.date.today(),
        problems="楼道灯不亮，老人晚上出门不便",
    )
    return h, visit


def _form_link(html: str) -> str:
    href = re.search(r'href="(/cases/new/\?[^"]+)"', html).group(1)
    return href.replace("&amp;", "&")


def test_it_links_the_case_and_the_visit_both_ways(world, cats):
    h, visit = _visit(world)
    client = _client(world.leader)
    link = _form_link(client.get(reverse("household-detail", args=[h.id])).content.decode())
    form = client.get(link).content.decode()
    assert f'<input type="hidden" name="visit" value="{visit.id}">' in form
    response = client.post(
        "/cases/new/",
        {
            "grid": world.g1.id,
            "title": "楼道灯不亮",
            "description": "3栋楼道灯不亮",
            "category": cats["0204"].id,
            "urgency": "normal",
            "source": "visit",
            "visit": visit.id,
        },
    )
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get(title="楼道灯不亮")
    assert case.visit_id == visit.id

    detail = client.get(f"/cases/{case.id}/").content.decode()
    assert re.search(
        rf'<dd id="case-visit"><a href="/households/{h.id}/#visit-{visit.id}">幸福路1号3栋502室</a>',
        detail,
    )
    for page in (reverse("household-detail", args=[h.id]), reverse("visit-list")):
        html = client.get(page).content.decode()
        assert f'href="/cases/{case.id}/" data-filed-case>{case.number}</a>' in html
        assert "/cases/new/?" not in html, page

    # Filing again from the same visit (an old form, the API) is refused.
    again = client.post(
        "/cases/new/",
        {
            "grid": world.g1.id,
            "title": "重复上报",
            "description": "同一次走访",
            "category": cats["0204"].id,
            "visit": visit.id,
        },
    )
    assert again.status_code == 400
    assert f"已从这次走访上报过事件 {case.number}" in again.content.decode()
    assert not Case.objects.filter(title="重复上报").exists()


def test_it_refuses_a_visit_from_elsewhere(world, cats, api):
    h, visit = _visit(world)
    data = {
        "grid": world.g2.id,
        "title": "别处的走访",
        "description": "不该关联",
        "category": cats["0204"].id,
        "visit": visit.id,
    }
    response = api(world.outsider).post("/api/v1/cases/", data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"visit"}
    # In scope but another grid of the area.
    data["grid"] = world.g1b.id
    response = api(world.community).post("/api/v1/cases/", data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"visit"}
    assert not Case.objects.filter(title="别处的走访").exists()
