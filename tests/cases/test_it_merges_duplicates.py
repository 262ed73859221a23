"""Merge is its own action: the duplicate is cancelled into the case that
survives, which lists it; the reporters hear the outcome. A merge into
itself, into a closed or cancelled case, or into a case outside the caller's
area is refused with nothing written."""

from cases.models import Case, CaseEvent, Notification

from .conftest import act, file_case, make_case


def _state(*cases):
    rows = [Case.objects.get(pk=c.pk) for c in cases]
    return (
        [(c.status, c.version, c.merged_into_id) for c in rows],
        CaseEvent.objects.count(),
        Notification.objects.count(),
    )


def test_it_merges_a_duplicate_and_tells_every_reporter(
    world, cats, api, django_capture_on_commit_callbacks
):
    original = file_case(world, cats)  # by the leader
    duplicate = file_case(world, cats, user=world.teammate)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(api(world.community), duplicate, "merge", into=original.id, note="同一楼道")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["merged_into"]) == (
        "cancelled",
        {"id": original.id, "number": original.number},
    )
    event = body["events"][-1]
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "merge",
        "reported",
        "cancelled",
    )
    assert original.number in event["note"] and "同一楼道" in event["note"]
    survivor = api(world.leader).get(f"/api/v1/cases/{original.id}/").json()
    assert survivor["merged"] == [{"id": duplicate.id, "number": duplicate.number}]
    assert [n.recipient for n in Notification.objects.filter(kind="merged")] == [world.teammate]
    assert original.number in Notification.objects.get(kind="merged").text
    # The survivor closes: its reporter and the duplicate's both hear it.
    act(api(world.leader), original, "accept")
    act(api(world.leader), original, "resolve", result="已清理")
    with django_capture_on_commit_callbacks(execute=True):
        act(api(world.community), original, "close", satisfaction="satisfied")
    assert {n.recipient for n in Notification.objects.filter(kind="closed")} == {
        world.leader,
        world.teammate,
    }
    page = _client(world.leader).get(f"/cases/{original.id}/").content.decode()
    assert f'href="/cases/{duplicate.id}/"' in page


def test_it_tells_the_reporter_of_a_cancelled_case(
    world, cats, api, django_capture_on_commit_callbacks
):
    case = file_case(world, cats)
    with django_capture_on_commit_callbacks(execute=True):
        act(api(world.community), case, "cancel", reason="经核实不属实")
    [told] = Notification.objects.filter(kind="cancelled")
    assert told.recipient == world.leader and "经核实不属实" in told.text


def test_it_refuses_a_merge_into_itself(world, cats, api):
    case = file_case(world, cats)
    before = _state(case)
    response = act(api(world.community), case, "merge", into=case.id)
    assert response.status_code == 400
    assert response.json() == {"into": ["事件不能合并到自身：请填写与它重复的另一事件。"]}
    assert _state(case) == before


def test_it_refuses_a_merge_into_a_closed_or_cancelled_case(world, cats, api):
    case = file_case(world, cats)
    for target in (
        make_case(world, cats, at="c1", status="closed"),
        make_case(world, cats, at="c1", status="cancelled"),
    ):
        before = _state(case, target)
        response = act(api(world.community), case, "merge", into=target.id)
        assert response.status_code == 409, response.content
        body = response.json()
        assert body["detail"] == (
            "要合并到的事件已办结或已作废：请选择仍在办理的事件，或直接作废本事件。"
        )
        assert _state(case, target) == before


def test_it_answers_a_merge_into_a_case_outside_the_area_as_unknown(world, cats, api):
    case = file_case(world, cats)
    elsewhere = file_case(world, cats, user=world.outsider, grid=world.g2)
    before = _state(case, elsewhere)
    for target in (elsewhere.id, 999999):
        response = act(api(world.community), case, "merge", into=target)
        assert response.status_code == 404, response.content
        assert response.json() == {"detail": "未找到。"}
    assert _state(case, elsewhere) == before


def test_it_leaves_merging_to_the_offices(world, cats, api):
    original = file_case(world, cats)
    duplicate = file_case(world, cats)
    for user in (world.leader, world.teammate, world.orgdept):
        assert act(api(user), duplicate, "merge", into=original.id).status_code == 403
    assert Case.objects.get(pk=duplicate.pk).status == "reported"


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
