import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client

from cases import services

from .conftest import file_case, make_case

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def _spread(world, cats):
    """Cases across the tree: two at G1, one at G1b, one at G2, one sent to D1."""
    return {
        "g1": file_case(world, cats, title="楼道堆放杂物", address="3栋"),
        "g1_closed": make_case(world, cats, at="g1_new", status="closed"),
        "g1b": file_case(world, cats, grid=world.g1b, user=world.community, title="路灯不亮"),
        "g2": file_case(world, cats, grid=world.g2, user=world.outsider, title="噪声扰民"),
        "d1": make_case(world, cats, at="d1", title="违章搭建"),
    }


def test_it_lists_only_the_callers_subtree(world, cats, api):
    c = _spread(world, cats)
    every = {case.id for case in c.values()}
    assert set(_ids(api(world.leader).get("/api/v1/cases/"))) == {
        c["g1"].id,
        c["g1_closed"].id,
        c["d1"].id,  # filed at G1, wherever it went
    }
    assert set(_ids(api(world.community).get("/api/v1/cases/"))) == every - {c["g2"].id}
    assert set(_ids(api(world.outsider).get("/api/v1/cases/"))) == {c["g2"].id}
    assert set(_ids(api(world.handler).get("/api/v1/cases/"))) == {c["d1"].id}
    assert set(_ids(api(world.orgdept).get("/api/v1/cases/"))) == every
    assert api().get("/api/v1/cases/").status_code == 401


def test_it_filters_by_unit_subtree_status_category_urgency_and_text(world, cats, api):
    c = _spread(world, cats)
    client = api(world.street)
    assert set(_ids(client.get(f"/api/v1/cases/?unit={world.c1.id}"))) == {
        c["g1"].id,
        c["g1_closed"].id,
        c["g1b"].id,
        c["d1"].id,
    }
    assert _ids(client.get(f"/api/v1/cases/?unit={world.g1b.id}")) == [c["g1b"].id]
    assert _ids(client.get(f"/api/v1/cases/?unit={world.d1.id}")) == [c["d1"].id]
    assert _ids(client.get("/api/v1/cases/?status=closed")) == [c["g1_closed"].id]
    assert len(_ids(client.get(f"/api/v1/cases/?category={cats['02'].id}"))) == 4
    assert _ids(client.get(f"/api/v1/cases/?category={cats['0101'].id}")) == []
    assert _ids(client.get("/api/v1/cases/?q=路灯")) == [c["g1b"].id]
    assert _ids(client.get(f"/api/v1/cases/?q={c['d1'].number}")) == [c["d1"].id]
    assert _ids(client.get("/api/v1/cases/?urgency=emergency")) == []
    assert client.get("/api/v1/cases/?status=lost").status_code == 400
    # A unit outside the caller's subtree is not found, like anything there.
    assert client.get(f"/api/v1/cases/?unit={world.g2.id}").status_code == 404


def test_it_filters_overdue_cases(world, cats, api):
    with time_machine.travel(T0, tick=False):
        old = file_case(world, cats)
        done = make_case(world, cats, at="g1_new", status="resolved")
    fresh = file_case(world, cats)
    assert _ids(api(world.leader).get("/api/v1/cases/?overdue=true")) == [old.id]
    assert set(_ids(api(world.leader).get("/api/v1/cases/?overdue=false"))) == {fresh.id, done.id}
    body = api(world.leader).get(f"/api/v1/cases/{old.id}/").json()
    assert body["overdue"] is True


def test_it_pages_by_keyset_newest_first(world, cats, api):
    cases = []
    for i in range(7):
        with time_machine.travel(T0 + timedelta(hours=i), tick=False):
            cases.append(file_case(world, cats))
    # Two with the very same time: the id breaks the tie.
    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        cases.append(file_case(world, cats))
    expected = [c.id for c in sorted(cases, key=lambda c: (c.reported_at, c.id), reverse=True)]
    client = api(world.leader)
    seen, pages, url = [], [], "/api/v1/cases/?page_size=3"
    while url:
        body = client.get(url).json()
        assert body["count"] == 8
        pages.append(body)
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == expected
    assert [len(p["results"]) for p in pages] == [3, 3, 2]
    assert pages[0]["previous"] is None
    back = client.get(pages[2]["previous"]).json()
    assert [row["id"] for row in back["results"]] == expected[3:6]
    back = client.get(back["previous"]).json()
    assert [row["id"] for row in back["results"]] == expected[:3]
    assert back["previous"] is None
    assert client.get("/api/v1/cases/?cursor=garbage").status_code == 404


def test_it_keeps_filters_across_pages(world, cats, api):
    for i in range(4):
        with time_machine.travel(T0 + timedelta(hours=i), tick=False):
            file_case(world, cats, urgency="urgent" if i % 2 else "normal")
    body = api(world.leader).get("/api/v1/cases/?urgency=urgent&page_size=1").json()
    assert body["count"] == 2
    assert "urgency=urgent" in body["next"]
    second = api(world.leader).get(body["next"]).json()
    assert second["results"][0]["urgency"] == "urgent"
    assert second["next"] is None


def test_it_shows_the_work_queue_most_urgent_first(world, cats):
    with time_machine.travel(T0, tick=False):
        overdue = file_case(world, cats, title="逾期的事件")
    later = file_case(world, cats, title="普通事件")
    sooner = file_case(world, cats, title="紧急事件", urgency="emergency")
    closed = make_case(world, cats, at="g1_new", status="closed", title="已办结事件")
    escalated = make_case(world, cats, at="c1", title="已上报事件")
    resolved = make_case(world, cats, at="g1_new", status="resolved", title="待回访事件")
    client = Client()
    client.force_login(world.leader)
    page = client.get("/cases/").content.decode()
    order = [int(i) for i in re.findall(r'data-case="(\d+)"', page)]
    assert order == [overdue.id, sooner.id, later.id, resolved.id]
    assert page.count("data-overdue") == 1
    assert "已办结事件" not in page and "已上报事件" not in page
    # Everything in the area, including what went up and what is done.
    page = client.get("/cases/?view=area").content.decode()
    assert {int(i) for i in re.findall(r'data-case="(\d+)"', page)} >= {
        closed.id,
        escalated.id,
    }
    # The community's queue has the escalated case.
    client.force_login(world.community)
    page = client.get("/cases/").content.decode()
    assert re.findall(r'data-case="(\d+)"', page) == [str(escalated.id)]


def test_it_filters_the_work_queue_page(world, cats):
    with time_machine.travel(T0, tick=False):
        overdue = file_case(world, cats, title="逾期的事件")
    urgent = file_case(world, cats, title="紧急的事件", urgency="urgent", category=cats["0603"])
    handling = make_case(world, cats, at="g1_new", status="handling", title="处理中的事件")
    client = Client()
    client.force_login(world.leader)

    def shown(**query):
        page = client.get("/cases/", query).content.decode()
        return {int(i) for i in re.findall(r'data-case="(\d+)"', page)}

    assert shown(overdue="on") == {overdue.id}
    assert shown(status="handling") == {handling.id}
    assert shown(urgency="urgent") == {urgent.id}
    assert shown(category=cats["06"].id) == {urgent.id}  # a top category takes its leaves
    assert shown(category=cats["01"].id) == set()
    assert shown(category=cats["0603"].id) == {urgent.id}
    assert shown(q="处理中") == {handling.id}
    assert shown(q=overdue.number) == {overdue.id}


def test_it_lists_one_units_cases_from_the_unit_page(world, cats):
    inside = file_case(world, cats, grid=world.g1b, user=world.community)
    other = file_case(world, cats)
    client = Client()
    client.force_login(world.community)
    unit_page = client.get(f"/units/{world.g1b.id}/").content.decode()
    assert f"/cases/?unit={world.g1b.id}" in unit_page
    page = client.get(f"/cases/?unit={world.g1b.id}").content.decode()
    assert {int(i) for i in re.findall(r'data-case="(\d+)"', page)} == {inside.id}
    assert other.number not in page
    client.force_login(world.outsider)
    assert client.get(f"/cases/?unit={world.g1b.id}").status_code == 404


def test_it_counts_figures_the_dashboards_need(world, cats):
    case = make_case(world, cats, at="s1", status="closed")
    assert (case.highest_level, case.self_handled, case.reopen_count) == ("street", False, 0)
    assert case.closed_on_time is True
    assert case.closed_at >= case.reported_at
    case = services.case_reopen(case=case, user=world.street, version=case.version, note="x")
    assert case.reopen_count == 1
