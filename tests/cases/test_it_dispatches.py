from datetime import UTC, datetime, timedelta

import time_machine

from cases import services
from cases.models import Case, Notification

from .conftest import act, file_case, make_case

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_it_dispatches_from_the_street_to_its_department(world, cats, api):
    case = make_case(world, cats, at="s1")
    response = act(api(world.street), case, "dispatch", to_unit=world.d1.id, note="请依法处置")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["responsible_unit"] == {
        "id": world.d1.id,
        "name": "街道执法队",
        "kind": "department",
    }
    assert (body["status"], body["highest_level"]) == ("reported", "street")
    event = body["events"][-1]
    assert (event["action"], event["from_unit"]["id"], event["to_unit"]["id"]) == (
        "dispatch",
        world.s1.id,
        world.d1.id,
    )
    # The department now sees the case and can take it.
    assert api(world.handler).get(f"/api/v1/cases/{case.id}/").json()["actions"] == [
        "accept",
        "return",
    ]
    assert act(api(world.handler), case, "accept").status_code == 200


def test_it_dispatches_down_the_subtree_and_to_district_departments(world, cats, api):
    case = make_case(world, cats, at="c1")
    response = act(api(world.community), case, "dispatch", to_unit=world.g1b.id)
    assert response.json()["responsible_unit"]["id"] == world.g1b.id
    case = make_case(world, cats, at="s1")
    response = act(api(world.street), case, "dispatch", to_unit=world.dr.id)
    assert response.status_code == 200
    assert response.json()["responsible_unit"]["id"] == world.dr.id
    # The street still sees it (its own grid's case) and may urge it on.
    assert "urge" in api(world.street).get(f"/api/v1/cases/{case.id}/").json()["actions"]


def test_it_lets_a_community_dispatch_to_its_streets_department(world, cats, api):
    case = make_case(world, cats, at="c1")
    assert act(api(world.community), case, "dispatch", to_unit=world.d1.id).status_code == 200


def test_it_refuses_targets_outside_the_tree_below(world, cats, api):
    case = make_case(world, cats, at="c1")
    for unit in (world.g2, world.c2, world.s1, world.c1, world.p1):
        response = act(api(world.community), case, "dispatch", to_unit=unit.id)
        assert response.status_code == 400, unit
        assert "to_unit" in response.json()


def test_it_forbids_grid_staff_and_departments_to_dispatch(world, cats, api):
    case = file_case(world, cats)
    assert act(api(world.leader), case, "dispatch", to_unit=world.d1.id).status_code == 403
    case = make_case(world, cats, at="d1")
    assert act(api(world.handler), case, "dispatch", to_unit=world.dr.id).status_code == 403
    assert act(api(world.orgdept), case, "dispatch", to_unit=world.dr.id).status_code == 403


def test_it_restarts_the_deadline_at_dispatch(world, cats):
    with time_machine.travel(T0, tick=False):
        case = file_case(world, cats)  # 0204: 72 h
        case = services.case_escalate(case=case, user=world.leader, version=1, note="x")
    assert case.due_at == T0 + timedelta(hours=72)
    later = T0 + timedelta(days=4)
    with time_machine.travel(later, tick=False):
        Case.objects.filter(pk=case.pk).update(overdue_at=T0 + timedelta(hours=72), reminded_at=T0)
        case = services.case_dispatch(
            case=case, user=world.community, version=case.version, to_unit=world.g1b
        )
    case.refresh_from_db()
    assert case.due_at == later + timedelta(hours=72)
    assert case.remind_at == later + timedelta(hours=72 * 0.8)
    assert (case.reminded_at, case.overdue_at) == (None, None)


def test_it_tells_the_department(world, cats, api, django_capture_on_commit_callbacks):
    case = make_case(world, cats, at="s1")
    with django_capture_on_commit_callbacks(execute=True):
        act(api(world.street), case, "dispatch", to_unit=world.d1.id)
    assert [n.recipient for n in Notification.objects.filter(kind="dispatched")] == [world.handler]
