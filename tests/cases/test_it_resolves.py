from cases.models import Case, CasePhoto, Notification

from .conftest import act, file_case, make_case, photo


def test_it_resolves_at_the_grid_with_after_photos(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="handling")
    response = act(
        api(world.leader), case, "resolve", result="杂物已清理", photos=[photo(), photo("b.png")]
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["result"]) == ("resolved", "杂物已清理")
    assert body["resolved_by_unit"]["id"] == world.g1.id
    assert body["responsible_unit"]["id"] == world.g1.id
    assert len(body["events"][-1]["photos"]) == 2
    assert CasePhoto.objects.filter(event__action="resolve").count() == 2


def test_it_hands_a_departments_result_back_to_the_dispatcher(
    world, cats, api, django_capture_on_commit_callbacks
):
    case = make_case(world, cats, at="d1", status="handling")
    with django_capture_on_commit_callbacks(execute=True):
        response = act(api(world.handler), case, "resolve", result="已拆除违建")
    body = response.json()
    assert (body["status"], body["responsible_unit"]["id"]) == ("resolved", world.s1.id)
    assert body["resolved_by_unit"]["id"] == world.d1.id
    assert [n.recipient for n in Notification.objects.filter(kind="resolved")] == [world.street]
    # The street closes it with the resident; the department cannot.
    assert act(api(world.handler), case, "close", satisfaction="satisfied").status_code == 403
    assert act(api(world.street), case, "close", satisfaction="satisfied").status_code == 200


def test_it_needs_a_result(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="handling")
    response = act(api(world.leader), case, "resolve", result="  ")
    assert response.status_code == 400
    assert "result" in response.json()


def test_it_needs_the_case_accepted_first(world, cats, api):
    case = file_case(world, cats)
    response = act(api(world.leader), case, "resolve", result="x")
    assert response.status_code == 409
    assert response.json()["allowed_actions"][0] == "accept"


def test_it_forbids_the_reviewer(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="handling")
    assert act(api(world.orgdept), case, "resolve", result="x").status_code == 403
    assert Case.objects.get(pk=case.pk).status == "handling"
