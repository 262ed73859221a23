"""The case lists a person works from, each a tab with its count: 待办 (what
waits at their units), 我上报的 (what they filed, wherever it is now), 已办
(what they acted on), 辖区全部; the API's `?mine=` behind them; sorting and
the time left; a number found by any part of it."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.test import Client

from cases import services
from cases.models import Case

from .conftest import file_case, make_case

T0 = datetime(2026, 4, 1, 0, 0, tzinfo=UTC)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _tabs(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-tab="(\w+)">[^<]*<span class="tab-count">(\d+)</span>', html))


def _rows(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr class="case-row[^"]*" data-case="(\d+)"', html)]


def _escalated(world, cats, **extra):
    """Filed by the leader at G1 and escalated by the leader to C1."""
    case = file_case(world, cats, **extra)
    return services.case_escalate(
        case=case, user=world.leader, version=case.version, note="网格无法处置"
    )


def test_it_keeps_an_escalated_case_under_reported_by_me(world, cats):
    up = _escalated(world, cats, title="井盖缺失")
    here = file_case(world, cats, title="楼道堆放杂物")
    theirs = file_case(world, cats, user=world.teammate, title="路灯不亮")
    client = _client(world.leader)

    queue = client.get("/cases/").content.decode()
    assert _tabs(queue) == {"queue": "2", "reported": "2", "done": "1", "area": "3"}
    assert set(_rows(queue)) == {here.id, theirs.id}

    reported = client.get("/cases/?view=reported").content.decode()
    assert set(_rows(reported)) == {up.id, here.id}
    done = client.get("/cases/?view=done").content.decode()
    assert _rows(done) == [up.id]
    assert set(_rows(client.get("/cases/?view=area").content.decode())) == {
        up.id,
        here.id,
        theirs.id,
    }


def test_it_answers_mine_on_the_api(world, cats, api):
    up = _escalated(world, cats)
    here = file_case(world, cats)
    theirs = file_case(world, cats, user=world.teammate)

    def ids(user, query):
        response = api(user).get(f"/api/v1/cases/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}, response.json()["count"]

    assert ids(world.leader, "mine=reported") == ({up.id, here.id}, 2)
    assert ids(world.leader, "mine=done") == ({up.id}, 1)
    assert ids(world.teammate, "mine=reported") == ({theirs.id}, 1)
    assert ids(world.teammate, "mine=done") == (set(), 0)
    # The community accepted nothing yet; the outsider sees none of it.
    assert ids(world.community, "mine=done") == (set(), 0)
    assert ids(world.outsider, "mine=reported") == (set(), 0)
    bad = api(world.leader).get("/api/v1/cases/?mine=everything")
    assert bad.status_code == 400
    assert "mine" in bad.json()


def test_it_lists_what_the_office_acted_on_as_done(world, cats):
    case = make_case(world, cats, at="g1_new")
    case = services.case_escalate(case=case, user=world.leader, version=case.version, note="上报")
    services.case_accept(case=case, user=world.community, version=case.version)
    client = _client(world.community)
    html = client.get("/cases/?view=done").content.decode()
    assert _rows(html) == [case.id]
    assert _tabs(html)["done"] == "1"
    # The teammate in the same grid did nothing with it.
    assert _rows(_client(world.teammate).get("/cases/?view=done").content.decode()) == []


def test_it_shows_a_reviewer_no_queue_tab(world, cats):
    file_case(world, cats)
    html = _client(world.orgdept).get("/cases/?view=queue").content.decode()
    assert _tabs(html) == {"reported": "0", "done": "0", "area": "1"}


def test_it_sorts_the_queue_and_shows_the_time_left(world, cats):
    with time_machine.travel(T0, tick=False):
        normal = file_case(world, cats, title="一般事件")
        urgent = file_case(world, cats, title="紧急事件", urgency="urgent")
    hours = {
        c.id: (Case.objects.get(pk=c.id).due_at - T0).total_seconds() / 3600
        for c in (normal, urgent)
    }
    assert hours[urgent.id] < hours[normal.id]
    client = _client(world.leader)
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        by_due = client.get("/cases/?view=queue&sort=due").content.decode()
        latest_due_first = client.get("/cases/?view=queue&sort=-due").content.decode()
        left = re.findall(r"data-remaining>([^<]+)<", by_due)
    assert _rows(by_due) == [urgent.id, normal.id]
    assert _rows(latest_due_first) == [normal.id, urgent.id]
    assert left == [
        f"剩余 {int(hours[urgent.id]) - 1} 小时",
        f"剩余 {int(hours[normal.id]) - 1} 小时",
    ]
    with time_machine.travel(T0 + timedelta(hours=hours[normal.id] + 3), tick=False):
        late = client.get("/cases/?view=queue&sort=due").content.decode()
    assert re.findall(r"data-remaining>([^<]+)<", late)[1] == "超期 3 小时"


def test_it_finds_a_case_by_part_of_its_number(world, cats, api):
    case = file_case(world, cats)
    other = file_case(world, cats)
    tail = case.number[-6:]
    html = _client(world.leader).get(f"/cases/?view=area&q={tail}").content.decode()
    assert _rows(html) == [case.id]
    response = api(world.leader).get(f"/api/v1/cases/?q={case.number[-4:]}")
    assert [row["id"] for row in response.json()["results"]] == [case.id]
    assert other.number[-6:] != tail
    # Outside the caller's area the same part finds nothing.
    assert _rows(_client(world.outsider).get(f"/cases/?view=area&q={tail}").content.decode()) == []


def test_it_urges_the_chosen_cases_at_once(world, cats):
    from cases.models import CaseEvent

    here = file_case(world, cats, title="一网格的事件")
    there = file_case(world, cats, grid=world.g2, user=world.outsider, title="三网格的事件")
    client = _client(world.street)
    page = client.get("/cases/?view=area").content.decode()
    assert f'name="case" value="{here.id}" form="bulk-urge"' in page
    response = client.post(
        "/cases/urge/", {"case": [here.id, there.id], "note": "请今天处理", "view": "area"}
    )
    assert response.status_code == 302 and response["Location"] == "/cases/?view=area"
    urged = CaseEvent.objects.filter(action="urge").values_list("case_id", "note")
    assert list(urged) == [(here.id, "请今天处理")]
    follow = client.get("/cases/?view=area").content.decode()
    assert "已催办 1 件事件。" in follow
    assert "所选事件中有 1 件您现在不能催办。" in follow
    # A grid leader works in one grid: no boxes to tick.
    assert 'form="bulk-urge"' not in _client(world.leader).get("/cases/?view=area").content.decode()
