"""Deadlines per stint: a missed deadline stays missed. `overdue` says the
current stint is past due; `was_overdue` that some stint was, and no action
(dispatch, reopen, close) clears it. On time = closed and never overdue."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from cases.deadlines import deadlines_scan
from dashboards.selectors import dashboard_figures

from .conftest import act, file_case

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 0204 normal: 72 h allowed
DAY = timedelta(days=1)


def _get(client, case):
    return client.get(f"/api/v1/cases/{case.pk}/").json()


def _listed(client, query):
    return [row["id"] for row in client.get(f"/api/v1/cases/?{query}").json()["results"]]


def _flags(body):
    return (body["overdue"], body["was_overdue"])


def _escalated_to_c1(world, cats, api):
    with time_machine.travel(T0, tick=False):
        case = file_case(world, cats)
        assert act(api(world.leader), case, "escalate", note="需社区协调").status_code == 200
    return case


def test_it_keeps_a_dispatched_overdue_case_overdue(world, cats, api):
    case = _escalated_to_c1(world, cats, api)
    community = api(world.community)
    with time_machine.travel(T0 + 73 * timedelta(hours=1), tick=False):
        deadlines_scan()  # marks it overdue
    with time_machine.travel(T0 + 17 * DAY, tick=False):
        assert _flags(_get(community, case)) == (True, True)
        response = act(community, case, "dispatch", to_unit=world.g1b.id, note="请二网格处置")
        assert response.status_code == 200, response.content
        body = response.json()
        # A fresh deadline for the new stint; the missed one stays missed.
        assert body["due_at"] == "2026-03-22T09:00:00+08:00"
        assert _flags(body) == (False, True)
        assert _listed(community, "overdue=true") == [case.id]
        assert _listed(community, "was_overdue=true") == [case.id]
        assert _listed(community, "was_overdue=false") == []
    with time_machine.travel(T0 + 18 * DAY, tick=False):
        deadlines_scan()  # the new stint is not due: nothing to mark
        assert _flags(_get(community, case)) == (False, True)
        assert act(community, case, "accept").status_code == 200
        assert act(community, case, "resolve", result="已清理").status_code == 200
        body = act(api(world.street), case, "close", satisfaction="satisfied").json()
    # Closed well within the second deadline, and still not on time.
    assert (body["status"], body["closed_on_time"], body["was_overdue"]) == (
        "closed",
        False,
        True,
    )
    figures = dashboard_figures(
        unit=world.region, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)
    )["cases"]
    assert (figures["closed"], figures["closed_on_time"]) == (1, 0)


def test_it_keeps_a_missed_deadline_the_scan_never_saw(world, cats, api):
    """Dispatched after its deadline but before the scan ran: still missed."""
    case = _escalated_to_c1(world, cats, api)
    with time_machine.travel(T0 + 72 * timedelta(hours=1) + timedelta(minutes=1), tick=False):
        body = act(api(world.community), case, "dispatch", to_unit=world.g1b.id).json()
    assert _flags(body) == (False, True)


def test_it_keeps_a_reopened_overdue_case_overdue(world, cats, api):
    case = _escalated_to_c1(world, cats, api)
    community = api(world.community)
    with time_machine.travel(T0 + 1 * DAY, tick=False):
        act(community, case, "accept")
        act(community, case, "resolve", result="已清理")
    with time_machine.travel(T0 + 5 * DAY, tick=False):
        body = act(api(world.street), case, "close", satisfaction="satisfied").json()
        assert (body["closed_on_time"], _flags(body)) == (False, (False, True))
        response = act(api(world.street), case, "reopen", note="居民再次反映")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["due_at"] == "2026-03-10T09:00:00+08:00"  # a fresh stint
        assert (body["status"], _flags(body)) == ("handling", (False, True))
        assert _listed(community, "overdue=true") == [case.id]
    with time_machine.travel(T0 + 6 * DAY, tick=False):
        act(community, case, "resolve", result="彻底清理")
        body = act(api(world.street), case, "close", satisfaction="satisfied").json()
    assert (body["status"], body["closed_on_time"], _flags(body)) == (
        "closed",
        False,
        (False, True),
    )


def test_it_reopens_an_on_time_case_without_marking_it(world, cats, api):
    """A case closed on time and reopened long after: its first deadline was
    kept, so nothing was missed; its fresh stint decides the rest."""
    case = _escalated_to_c1(world, cats, api)
    community = api(world.community)
    with time_machine.travel(T0 + 1 * DAY, tick=False):
        act(community, case, "accept")
        act(community, case, "resolve", result="已清理")
        body = act(api(world.street), case, "close", satisfaction="satisfied").json()
        assert (body["closed_on_time"], _flags(body)) == (True, (False, False))
    with time_machine.travel(T0 + 30 * DAY, tick=False):
        body = act(api(world.street), case, "reopen", note="居民再次反映").json()
        assert _flags(body) == (False, False)
        assert _listed(community, "overdue=true") == []
        act(community, case, "resolve", result="彻底清理")
        body = act(api(world.street), case, "close", satisfaction="satisfied").json()
    assert (body["closed_on_time"], _flags(body)) == (True, (False, False))


def test_it_marks_a_case_overdue_now_in_the_list(world, cats, api):
    case = _escalated_to_c1(world, cats, api)
    with time_machine.travel(T0 + 4 * DAY, tick=False):
        rows = api(world.community).get("/api/v1/cases/?overdue=true").json()["results"]
    assert [(r["id"], r["overdue"], r["was_overdue"]) for r in rows] == [(case.id, True, True)]
