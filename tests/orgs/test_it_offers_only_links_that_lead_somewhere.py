"""The navigation and a unit's links offer what the position can use, and a
refused or missing page answers in the site's own layout and language."""

import re

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _nav(page):
    nav = page.split('<nav class="nav">', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', nav)


def _unit_links(page):
    links = page.split('<p class="unit-links">', 1)[1].split("</p>", 1)[0]
    return re.findall(r'<a class="button" href="([^"?]+)', links)


def test_it_offers_a_department_handler_only_the_cases(world):
    page = _client(world.handler).get("/").content.decode()
    assert _nav(page) == ["/", "/cases/", "/notifications/"]
    unit = _client(world.handler).get(reverse("unit-detail", args=[world.d1.id]))
    assert _unit_links(unit.content.decode()) == ["/cases/"]
    # The links it no longer sees led to a refusal or an empty page.
    assert (
        _client(world.handler).get(reverse("dashboard-unit", args=[world.d1.id])).status_code == 403
    )


def test_it_offers_a_grid_leader_every_page_of_the_grid(world):
    page = _client(world.leader).get("/").content.decode()
    assert {"/cases/", "/households/", "/visits/", "/grids/", "/dashboard/"} <= set(_nav(page))
    unit = _client(world.leader).get(reverse("unit-detail", args=[world.g1.id])).content.decode()
    assert _unit_links(unit) == [
        "/cases/",
        f"/grids/{world.g1.id}/",
        "/households/",
        "/members/",
        "/visits/",
        f"/dashboard/{world.g1.id}/",
        f"/assessments/{world.g1.id}/",
    ]
    for href in _unit_links(unit):
        assert _client(world.leader).get(href).status_code == 200, href


def test_it_offers_a_reviewer_dashboards_but_not_a_departments(world):
    unit = _client(world.orgdept).get(reverse("unit-detail", args=[world.dr.id])).content.decode()
    assert not any(link.startswith("/dashboard/") for link in _unit_links(unit))
    region = _client(world.orgdept).get(reverse("unit-detail", args=[world.region.id]))
    assert f"/dashboard/{world.region.id}/" in _unit_links(region.content.decode())


def test_it_answers_a_missing_page_in_the_sites_layout(world):
    response = _client(world.outsider).get(reverse("unit-detail", args=[world.g1.id]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>找不到该页面 · 网格化治理管理系统</title>" in page
    assert '<nav class="nav">' in page and "返回首页" in page


def test_it_says_why_a_position_is_refused(world):
    response = _client(world.handler).get(reverse("case-new"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "<title>无权访问 · 网格化治理管理系统</title>" in page
    assert "您的岗位不能上报事件" in page


def test_it_has_a_plain_error_page_that_needs_no_request():
    with translation.override("zh-hans"):
        page = render_to_string("500.html")
    assert "系统出错了" in page and 'href="/"' in page
