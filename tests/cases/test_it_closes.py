from datetime import UTC, datetime, timedelta

import time_machine

from cases import services
from cases.models import Case, Notification

from .conftest import act, file_case, make_case

T0 = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)


def test_it_closes_a_self_handled_case_on_time(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="resolved")
    response = act(api(world.leader), case, "close", satisfaction="satisfied", feedback="很满意")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["satisfaction"], body["feedback"]) == (
        "closed",
        "satisfied",
        "很满意",
    )
    assert (body["self_handled"], body["closed_on_time"], body["reopen_count"]) == (True, True, 0)
    assert body["closed_at"] is not None


def test_it_does_not_count_an_escalated_case_as_self_handled(world, cats, api):
    case = make_case(world, cats, at="c1", status="resolved")
    body = act(api(world.community), case, "close", satisfaction="basically_satisfied").json()
    assert (body["status"], body["self_handled"], body["highest_level"]) == (
        "closed",
        False,
        "community",
    )


def test_it_does_not_count_a_case_sent_back_down_as_self_handled(world, cats):
    case = make_case(world, cats, at="g1", status="resolved")  # went to C1 and back
    case = services.case_close(
        case=case, user=world.leader, version=case.version, satisfaction="satisfied"
    )
    assert case.self_handled is False


def test_it_records_a_late_close(world, cats):
    with time_machine.travel(T0, tick=False):
        case = file_case(world, cats)  # 72 h allowed
        case = services.case_accept(case=case, user=world.leader, version=1)
        case = services.case_resolve(case=case, user=world.leader, version=2, result="x")
    with time_machine.travel(T0 + timedelta(days=5), tick=False):
        case = services.case_close(
            case=case, user=world.teammate, version=3, satisfaction="satisfied"
        )
    assert (case.closed_on_time, case.was_overdue) == (False, True)
    assert case.closed_at - case.reported_at == timedelta(days=5)


def test_it_reopens_to_the_resolving_department_when_the_resident_is_unsatisfied(
    world, cats, api, django_capture_on_commit_callbacks
):
    case = make_case(world, cats, at="d1", status="resolved")  # resolved by D1, now at S1
    assert case.responsible_unit_id == world.s1.id
    with django_capture_on_commit_callbacks(execute=True):
        response = act(
            api(world.street), case, "close", satisfaction="unsatisfied", feedback="还在漏水"
        )
    body = response.json()
    assert (body["status"], body["responsible_unit"]["id"]) == ("handling", world.d1.id)
    assert (body["reopen_count"], body["satisfaction"], body["closed_at"]) == (
        1,
        "unsatisfied",
        None,
    )
    event = body["events"][-1]
    # The table's row (resolved, close, unsatisfied) -> handling, logged as a reopen.
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "reopen",
        "resolved",
        "handling",
    )
    assert "还在漏水" in event["note"]
    assert [n.recipient for n in Notification.objects.filter(kind="reopened")] == [world.handler]
    # Resolved again and closed: the count stays, the verdict is the last one.
    act(api(world.handler), case, "resolve", result="已彻底修复")
    body = act(api(world.street), case, "close", satisfaction="satisfied").json()
    assert (body["status"], body["reopen_count"], body["satisfaction"]) == (
        "closed",
        1,
        "satisfied",
    )


def test_it_needs_a_valid_satisfaction(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="resolved")
    for data in ({}, {"satisfaction": "meh"}):
        response = act(api(world.leader), case, "close", **data)
        assert response.status_code == 400
        assert "satisfaction" in response.json()
    assert Case.objects.get(pk=case.pk).status == "resolved"


def test_it_closes_only_resolved_cases(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="handling")
    response = act(api(world.leader), case, "close", satisfaction="satisfied")
    assert response.status_code == 409
    assert "close" not in response.json()["allowed_actions"]


def test_it_forbids_the_reviewer(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="resolved")
    assert act(api(world.orgdept), case, "close", satisfaction="satisfied").status_code == 403
