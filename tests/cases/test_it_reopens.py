from cases.models import Case

from .conftest import act, make_case


def test_it_lets_the_street_reopen_a_closed_case(world, cats, api):
    case = make_case(world, cats, at="c1", status="closed")
    response = act(api(world.street), case, "reopen", note="居民再次投诉")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["responsible_unit"]["id"], body["reopen_count"]) == (
        "handling",
        world.c1.id,
        1,
    )
    assert (body["closed_at"], body["closed_on_time"]) == (None, None)
    assert body["events"][-1]["note"] == "居民再次投诉"


def test_it_lets_the_community_send_a_weak_result_back(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="resolved")
    response = act(api(world.community), case, "reopen", note="照片不清楚，请补充")
    assert (response.json()["status"], response.json()["responsible_unit"]["id"]) == (
        "handling",
        world.g1.id,
    )


def test_it_forbids_grid_staff_departments_and_the_reviewer(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="closed")
    for user in (world.leader, world.teammate, world.orgdept):
        assert act(api(user), case, "reopen", note="x").status_code == 403
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_it_needs_a_reason_and_a_finished_case(world, cats, api):
    case = make_case(world, cats, at="c1", status="closed")
    assert act(api(world.community), case, "reopen").status_code == 400
    case = make_case(world, cats, at="c1", status="handling")
    response = act(api(world.community), case, "reopen", note="x")
    assert response.status_code == 409
    assert "reopen" not in response.json()["allowed_actions"]
