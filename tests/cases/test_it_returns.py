from cases.models import Notification

from .conftest import act, file_case, make_case


def test_it_returns_an_escalated_case_to_the_grid(world, cats, api):
    case = make_case(world, cats, at="c1")
    response = act(api(world.community), case, "return", note="网格可自行处置")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["responsible_unit"]["id"], body["status"]) == (world.g1.id, "reported")
    event = body["events"][-1]
    assert (event["action"], event["from_unit"]["id"], event["to_unit"]["id"], event["note"]) == (
        "return",
        world.c1.id,
        world.g1.id,
        "网格可自行处置",
    )


def test_it_lets_a_department_return_a_case_to_the_street(world, cats, api):
    case = make_case(world, cats, at="d1", status="handling")
    response = act(api(world.handler), case, "return", note="不属于本队职责")
    assert response.status_code == 200
    assert response.json()["responsible_unit"]["id"] == world.s1.id


def test_it_returns_step_by_step_up_a_chain_of_dispatches(world, cats, api):
    case = make_case(world, cats, at="s1")
    act(api(world.street), case, "dispatch", to_unit=world.c1.id)
    act(api(world.community), case, "dispatch", to_unit=world.g1.id)
    assert act(api(world.leader), case, "return", note="x").json()["responsible_unit"]["id"] == (
        world.c1.id
    )
    assert act(api(world.community), case, "return", note="y").json()["responsible_unit"]["id"] == (
        world.s1.id
    )


def test_it_cannot_return_a_case_nobody_sent(world, cats, api):
    case = file_case(world, cats)
    response = act(api(world.leader), case, "return", note="x")
    assert response.status_code == 409
    assert "return" not in response.json()["allowed_actions"]


def test_it_needs_a_reason(world, cats, api):
    case = make_case(world, cats, at="c1")
    response = act(api(world.community), case, "return")
    assert response.status_code == 400
    assert "note" in response.json()


def test_it_forbids_the_reviewer(world, cats, api):
    case = make_case(world, cats, at="c1")
    assert act(api(world.orgdept), case, "return", note="x").status_code == 403


def test_it_tells_the_unit_it_returns_to(world, cats, api, django_capture_on_commit_callbacks):
    case = make_case(world, cats, at="c1")
    with django_capture_on_commit_callbacks(execute=True):
        act(api(world.community), case, "return", note="请网格处置")
    assert {n.recipient for n in Notification.objects.filter(kind="returned")} == {
        world.leader,
        world.teammate,
    }
