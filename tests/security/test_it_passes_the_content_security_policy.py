"""Every page carries a Content-Security-Policy without 'unsafe-inline', and
Chromium reports no violation on any of them: no inline script, style or
handler anywhere, the vendored ECharts and Swagger UI included."""

import os
import re

import pytest
from django.db import connections

from cases.models import CasePhoto
from tests.browser import browser_page, screenshot, sign_in
from tests.cases.conftest import photo
from tests.test_it_fits_a_phone import _data
from tests.world import PASSWORD, build_world

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Violations are collected in the page itself, from its first script on.
COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' '
                    + (e.sourceFile || '') + ':' + e.lineNumber + ' ' + (e.sample || ''));
});
"""


def test_it_sends_a_policy_without_unsafe_inline(client, world):
    client.force_login(world.leader)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


def _walk(page, base, paths, found, hover=False):
    for path in paths:
        messages = []
        page.on("console", lambda m, out=messages: out.append(m.text))
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        if hover:
            for chart in page.query_selector_all(".chart"):
                chart.hover()
                page.wait_for_timeout(150)
        violations = page.evaluate("window.__csp")
        violations += [m for m in messages if "Content Security Policy" in m]
        if violations:
            found[path] = violations
            screenshot(page, "csp-" + re.sub(r"\W+", "-", path).strip("-"))


@pytest.mark.django_db(transaction=True)
def test_it_walks_every_kind_of_page_without_a_violation(live_server, needs_chromium):
    world = build_world()
    case, h, m = _data(world)
    from cases import services

    services.case_file(
        user=world.leader,
        grid=world.g1,
        urgency="normal",
        title="井盖缺失",
        description="路口井盖缺失。",
        category=case.category,
        address="路口",
        source="grid_patrol",
        photos=[photo("p.png")],
    )
    assert CasePhoto.objects.exists()
    leader_pages = [
        "/",
        "/cases/",
        "/cases/new/",
        f"/cases/{CasePhoto.objects.get().case_id}/",
        "/notifications/",
        "/households/",
        f"/households/{h.id}/",
        "/visits/",
        "/members/",
        f"/members/{m.id}/",
        "/imports/",
        "/grids/",
        f"/grids/{world.g1.id}/",
        f"/units/{world.g1.id}/",
        f"/assessments/{world.g1.id}/",
        f"/dashboard/{world.g1.id}/?print=1",
    ]
    admin_pages = [
        "/admin/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{world.leader.id}/change/",
        f"/admin/auth/user/{world.leader.id}/password/",
        "/admin/axes/accessattempt/",
        "/admin/cases/case/",
        f"/admin/cases/case/{case.id}/change/",
        "/admin/orgs/orgunit/",
        f"/admin/orgs/orgunit/{world.g1.id}/change/",
        "/api/docs/",
    ]
    found = {}
    with browser_page(needs_chromium) as page:
        page.add_init_script(COLLECT)
        _walk(page, live_server.url, ["/accounts/login/"], found)
        sign_in(page, live_server.url, "leader", PASSWORD)
        _walk(page, live_server.url, leader_pages, found)
        _walk(page, live_server.url, [f"/dashboard/{world.g1.id}/"], found, hover=True)
    with browser_page(needs_chromium) as page:
        page.add_init_script(COLLECT)
        world.admin.is_superuser = True
        world.admin.save()
        sign_in(page, live_server.url, "admin", PASSWORD)
        _walk(page, live_server.url, admin_pages, found)
    connections.close_all()
    assert found == {}, "\n".join(f"{k}: {v[:4]}" for k, v in found.items())
