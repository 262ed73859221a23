from .conftest import act, file_case, make_case


def test_it_cancels_an_invalid_case(world, cats, api):
    case = make_case(world, cats, at="c1")
    response = act(api(world.community), case, "cancel", reason="经核实不属实")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["events"][-1]["note"] == "经核实不属实"
    assert response.json()["actions"] == []


def test_it_needs_a_reason(world, cats, api):
    case = file_case(world, cats)
    assert act(api(world.community), case, "cancel").status_code == 400


def test_it_leaves_cancelling_to_the_offices(world, cats, api):
    case = file_case(world, cats)
    for user in (world.leader, world.teammate, world.orgdept):
        assert act(api(user), case, "cancel", reason="x").status_code == 403
    assert act(api(world.street), case, "cancel", reason="x").status_code == 200


def test_it_cannot_cancel_a_closed_case(world, cats, api):
    case = make_case(world, cats, at="c1", status="closed")
    response = act(api(world.community), case, "cancel", reason="x")
    assert response.status_code == 409
    assert response.json()["allowed_actions"] == ["reopen"]
