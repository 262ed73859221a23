import pytest

from cases import services
from cases.errors import ActionNotAllowed, StaleVersion
from cases.models import Case

from .conftest import act, file_case, make_case


def test_it_lets_the_grid_leader_accept_a_new_case(world, cats, api):
    case = file_case(world, cats)
    response = act(api(world.leader), case, "accept", note="马上去现场")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["version"]) == ("handling", 2)
    assert [e["action"] for e in body["events"]] == ["file", "accept"]
    accept = body["events"][-1]
    assert accept["actor"]["id"] == world.leader.id
    assert (accept["from_status"], accept["to_status"], accept["note"]) == (
        "reported",
        "handling",
        "马上去现场",
    )
    assert Case.objects.get(pk=case.pk).accepted_at is not None


@pytest.mark.parametrize(
    ("user", "at"),
    [("teammate", "g1_new"), ("community", "c1"), ("street", "s1"), ("handler", "d1")],
)
def test_it_lets_whoever_holds_the_case_accept_it(world, cats, api, user, at):
    case = make_case(world, cats, at=at)
    response = act(api(getattr(world, user)), case, "accept")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "handling"


def test_it_lets_an_office_above_accept_a_case_below_it(world, cats, api):
    case = file_case(world, cats)
    assert act(api(world.street), case, "accept").status_code == 200


def test_it_forbids_the_reviewer_and_units_that_no_longer_hold_the_case(world, cats, api):
    case = make_case(world, cats, at="c1")
    # The reviewer sees everything and acts on nothing.
    assert act(api(world.orgdept), case, "accept").status_code == 403
    # The grid still sees the case it escalated, but it is the community's now.
    assert api(world.leader).get(f"/api/v1/cases/{case.id}/").status_code == 200
    assert act(api(world.leader), case, "accept").status_code == 403
    assert Case.objects.get(pk=case.pk).status == "reported"


def test_it_answers_409_to_a_stale_version(world, cats, api):
    case = file_case(world, cats)
    services.case_urge(case=case, user=world.community, version=1, note="快")
    response = act(api(world.leader), case, "accept", version=1)
    assert response.status_code == 409
    assert response.json()["version"] == 2
    assert Case.objects.get(pk=case.pk).status == "reported"


def test_it_answers_409_with_the_allowed_actions_when_already_accepted(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="handling")
    response = act(api(world.leader), case, "accept")
    assert response.status_code == 409
    assert response.json()["status"] == "handling"
    assert "accept" not in response.json()["allowed_actions"]
    assert "resolve" in response.json()["allowed_actions"]


def test_it_checks_version_and_status_in_the_service(world, cats):
    case = file_case(world, cats)
    with pytest.raises(StaleVersion):
        services.case_accept(case=case, user=world.leader, version=7)
    services.case_accept(case=case, user=world.leader, version=1)
    with pytest.raises(ActionNotAllowed) as exc:
        services.case_accept(case=case, user=world.leader, version=2)
    assert exc.value.status == "handling"
