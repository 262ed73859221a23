"""Extension requests (延期申请): the handler asks with a new deadline and a
reason, the office that dispatched the case decides; only a granted request
moves the deadline, and none clears a missed one."""

from datetime import UTC, datetime, timedelta

import time_machine

from cases.models import Case, CaseEvent, CaseExtension, Notification

from .conftest import act, file_case

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 0204 normal: due T0 + 72 h
H = timedelta(hours=1)


def _dispatched_to_g1(world, cats, api):
    """Filed at G1, escalated to C1, dispatched back by C1: C1 decides."""
    with time_machine.travel(T0, tick=False):
        case = file_case(world, cats)
        act(api(world.leader), case, "escalate", note="需社区协调")
        act(api(world.community), case, "dispatch", to_unit=world.g1.id)
    return Case.objects.get(pk=case.pk)


def _state(case):
    case = Case.objects.get(pk=case.pk)
    return (case.version, case.due_at, CaseEvent.objects.filter(case=case).count())


def test_it_moves_the_deadline_only_when_granted(
    world, cats, api, django_capture_on_commit_callbacks
):
    case = _dispatched_to_g1(world, cats, api)
    handler = world.leader
    with time_machine.travel(T0 + 10 * H, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = act(
                api(handler),
                case,
                "request_extension",
                due_at="2026-03-08T09:00:00+08:00",
                reason="需协调产权单位，请求延期",
            )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["due_at"] == "2026-03-05T09:00:00+08:00"  # unchanged until granted
        [extension] = body["extensions"]
        assert (extension["status"], extension["due_at"], extension["decider_unit"]["id"]) == (
            "pending",
            "2026-03-08T09:00:00+08:00",
            world.c1.id,
        )
        assert body["events"][-1]["action"] == "request_extension"
        assert {n.recipient for n in Notification.objects.filter(kind="extension_asked")} == {
            world.community
        }
        # One request waits at a time; the handler cannot decide it.
        detail = api(handler).get(f"/api/v1/cases/{case.id}/").json()
        assert "request_extension" not in detail["actions"]
        assert "decide_extension" not in detail["actions"]
        assert act(api(handler), case, "decide_extension", grant=True).status_code == 403
        # Nor a grid worker beside them; another street does not see the case.
        assert act(api(world.teammate), case, "decide_extension", grant=True).status_code == 403
        assert act(api(world.street2), case, "decide_extension", grant=True).status_code == 404
        page = _client(world.community).get("/cases/extensions/")
        assert f'data-extension-case="{case.id}"' in page.content.decode()
    with time_machine.travel(T0 + 12 * H, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            response = act(api(world.community), case, "decide_extension", grant=True, note="同意")
        assert response.status_code == 200, response.content
        body = response.json()
    assert body["due_at"] == "2026-03-08T09:00:00+08:00"
    assert body["extensions"][0]["status"] == "granted"
    assert (body["overdue"], body["was_overdue"]) == (False, False)
    assert "2026" in body["events"][-1]["note"]
    # Whoever asked, and the staff of G1, where the case is.
    assert {n.recipient for n in Notification.objects.filter(kind="extension_answer")} == {
        world.leader,
        world.teammate,
    }


def test_it_keeps_the_deadline_when_refused(world, cats, api):
    case = _dispatched_to_g1(world, cats, api)
    handler = world.leader
    with time_machine.travel(T0 + 10 * H, tick=False):
        act(api(handler), case, "request_extension", due_at="2026-03-08T09:00:00+08:00", reason="x")
        body = act(api(world.community), case, "decide_extension", grant=False).json()
    assert body["due_at"] == "2026-03-05T09:00:00+08:00"
    assert body["extensions"][0]["status"] == "refused"
    assert "request_extension" in api(handler).get(f"/api/v1/cases/{case.id}/").json()["actions"]


def test_it_never_clears_a_missed_deadline(world, cats, api):
    case = _dispatched_to_g1(world, cats, api)
    handler = world.leader
    with time_machine.travel(T0 + 80 * H, tick=False):  # past the deadline
        act(api(handler), case, "request_extension", due_at="2026-03-09T09:00:00+08:00", reason="x")
        body = act(api(world.community), case, "decide_extension", grant=True).json()
    assert body["due_at"] == "2026-03-09T09:00:00+08:00"
    assert (body["overdue"], body["was_overdue"]) == (False, True)
    assert body["closed_on_time"] is None


def test_it_refuses_a_deadline_not_after_the_current_one(world, cats, api):
    case = _dispatched_to_g1(world, cats, api)
    handler = world.leader
    before = _state(case)
    with time_machine.travel(T0 + 10 * H, tick=False):
        for due_at in ("2026-03-05T09:00:00+08:00", "2026-03-04T09:00:00+08:00"):
            response = act(api(handler), case, "request_extension", due_at=due_at, reason="x")
            assert response.status_code == 400, response.content
            assert response.json() == {"due_at": ["新期限须晚于当前期限（2026年3月5日 09:00）。"]}
    assert _state(case) == before
    assert CaseExtension.objects.count() == 0


def test_it_answers_a_decision_without_a_request_with_409(world, cats, api):
    case = _dispatched_to_g1(world, cats, api)
    response = act(api(world.community), case, "decide_extension", grant=True)
    assert response.status_code == 409
    assert "decide_extension" not in response.json()["allowed_actions"]
    response = act(api(world.community), case, "decide_extension")
    assert response.status_code == 400
    assert response.json() == {"grant": ["请选择同意或不同意延期。"]}


def test_it_lets_a_handler_ask_and_an_office_decide_on_the_pages(world, cats, api):
    case = _dispatched_to_g1(world, cats, api)
    handler = world.leader
    with time_machine.travel(T0 + 10 * H, tick=False):
        client = _client(handler)
        page = client.get(f"/cases/{case.id}/").content.decode()
        assert 'data-action="request_extension"' in page
        response = client.post(
            f"/cases/{case.id}/act/request_extension/",
            {
                "version": Case.objects.get(pk=case.pk).version,
                "due_at": "2026-03-01T09:00",
                "reason": "等待配件",
            },
        )
        assert response.status_code == 400
        assert "新期限须晚于当前期限（2026年3月5日 09:00）。" in response.content.decode()
        response = client.post(
            f"/cases/{case.id}/act/request_extension/",
            {
                "version": Case.objects.get(pk=case.pk).version,
                "due_at": "2026-03-07T18:00",
                "reason": "等待配件",
            },
        )
        assert response.status_code == 302
        office = _client(world.community)
        page = office.get("/cases/extensions/").content.decode()
        assert "等待配件" in page
        response = office.post(
            f"/cases/{case.id}/act/decide_extension/",
            {"version": Case.objects.get(pk=case.pk).version, "grant": "true"},
        )
        assert response.status_code == 302
    case = Case.objects.get(pk=case.pk)
    assert case.due_at == datetime(2026, 3, 7, 10, 0, tzinfo=UTC)  # 18:00 in Beijing
    assert "等待配件" not in _client(world.community).get("/cases/extensions/").content.decode()


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
