"""Supervision (督办) leaves the case with its handler and lists it for the
unit above; the resident's satisfaction is recorded by someone other than the
resolver; "reported by me" and "done by me" find a case wherever it is."""

from datetime import UTC, datetime, timedelta

import time_machine

from cases.deadlines import deadlines_scan
from cases.models import Case, CaseEvent

from .conftest import act, file_case, make_case

T0 = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
H = timedelta(hours=1)


def _ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_it_supervises_from_one_level_up_and_leaves_the_case_with_its_handler(world, cats, api):
    with time_machine.travel(T0, tick=False):
        case = make_case(world, cats, at="d1", status="handling")  # at the street's department
    with time_machine.travel(T0 + 200 * H, tick=False):
        assert deadlines_scan()["supervised"] == 1
        body = api(world.handler).get(f"/api/v1/cases/{case.id}/").json()
        assert (body["responsible_unit"]["id"], body["status"]) == (world.d1.id, "handling")
        assert body["supervising_unit"] == {"id": world.s1.id, "name": "一街道", "kind": "street"}
        assert (body["overdue"], body["was_overdue"]) == (True, True)
        # The handler still works it.
        assert body["actions"] == ["return", "resolve", "request_extension"]
        assert _ids(api(world.street).get("/api/v1/cases/?supervising=true")) == [case.id]
        assert _ids(api(world.street).get("/api/v1/cases/?supervising=false")) == []
        for user in (world.community, world.handler, world.leader, world.street2):
            assert _ids(api(user).get("/api/v1/cases/?supervising=true")) == [], user
        # The supervising unit urges it on.
        response = act(api(world.street), case, "urge", note="请今天内办结")
        assert response.status_code == 200, response.content
        assert response.json()["events"][-1]["action"] == "urge"
        page = _client(world.street).get("/cases/?view=supervising")
        assert page.status_code == 200
        assert f'data-case="{case.id}"' in page.content.decode()


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_it_forbids_the_resolver_to_record_the_satisfaction(world, cats, api):
    case = file_case(world, cats)
    act(api(world.leader), case, "accept")
    act(api(world.leader), case, "resolve", result="已清理")
    before = Case.objects.get(pk=case.pk)
    events = CaseEvent.objects.filter(case=case).count()
    detail = api(world.leader).get(f"/api/v1/cases/{case.id}/").json()
    assert "close" not in detail["actions"]
    response = act(api(world.leader), case, "close", satisfaction="satisfied")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "此事件由您办结，群众满意度须由他人回访记录："
        "社区回访人员、其他网格员，或由群众本人评价。"
    }
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.version, after.satisfaction) == ("resolved", before.version, "")
    assert CaseEvent.objects.filter(case=case).count() == events
    # Another grid worker of the grid records it.
    assert "close" in api(world.teammate).get(f"/api/v1/cases/{case.id}/").json()["actions"]
    response = act(api(world.teammate), case, "close", satisfaction="satisfied")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"


def test_it_lets_the_communitys_follow_up_reopen_an_unsatisfied_case(world, cats, api):
    case = file_case(world, cats)
    act(api(world.leader), case, "accept")
    act(api(world.leader), case, "resolve", result="已清理")
    body = act(api(world.community), case, "close", satisfaction="unsatisfied").json()
    assert (body["status"], body["reopen_count"], body["responsible_unit"]["id"]) == (
        "handling",
        1,
        world.g1.id,
    )
    # Resolved again by the teammate: now the leader may record the answer.
    act(api(world.teammate), case, "resolve", result="彻底清理")
    response = act(api(world.leader), case, "close", satisfaction="satisfied")
    assert response.status_code == 200, response.content


def test_it_lists_what_the_caller_reported_and_did(world, cats, api):
    mine = file_case(world, cats)
    act(api(world.leader), mine, "escalate", note="需社区协调")  # now at C1
    theirs = file_case(world, cats, user=world.teammate)
    act(api(world.leader), theirs, "accept")
    untouched = file_case(world, cats, user=world.teammate)
    leader = api(world.leader)
    assert _ids(leader.get("/api/v1/cases/?mine=reported")) == [mine.id]
    assert sorted(_ids(leader.get("/api/v1/cases/?mine=done"))) == sorted([mine.id, theirs.id])
    teammate = api(world.teammate)
    assert sorted(_ids(teammate.get("/api/v1/cases/?mine=reported"))) == sorted(
        [theirs.id, untouched.id]
    )
    assert _ids(teammate.get("/api/v1/cases/?mine=done")) == []
    response = leader.get("/api/v1/cases/?mine=everything")
    assert response.status_code == 400
    assert "mine" in response.json()
