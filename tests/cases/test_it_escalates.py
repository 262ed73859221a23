import pytest

from cases.models import Case, Notification
from cases.signals import case_changed

from .conftest import act, file_case, make_case


def test_it_escalates_from_the_grid_to_the_community(world, cats, api):
    case = file_case(world, cats)
    seen = []

    def receiver(sender, case, event, before, **kwargs):
        seen.append((before["responsible_unit_id"], case.responsible_unit_id, event.action))

    case_changed.connect(receiver)
    try:
        response = act(api(world.leader), case, "escalate", note="涉及多户，网格无法协调")
    finally:
        case_changed.disconnect(receiver)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["responsible_unit"]["id"] == world.c1.id
    assert (body["status"], body["highest_level"]) == ("reported", "community")
    event = body["events"][-1]
    assert (event["from_unit"]["id"], event["to_unit"]["id"]) == (world.g1.id, world.c1.id)
    assert event["note"] == "涉及多户，网格无法协调"
    assert seen == [(world.g1.id, world.c1.id, "escalate")]


def test_it_escalates_level_by_level_to_the_district(world, cats, api):
    case = make_case(world, cats, at="c1", status="handling")
    response = act(api(world.community), case, "escalate", note="需街道协调")
    assert response.json()["responsible_unit"]["id"] == world.s1.id
    assert response.json()["highest_level"] == "street"
    response = act(api(world.street), case, "escalate", note="需区级部门")
    assert response.json()["responsible_unit"]["id"] == world.region.id
    assert response.json()["highest_level"] == "district"
    # Nothing above the district: escalation is no longer offered.
    response = act(api(world.admin), case, "escalate", note="再上报")
    assert response.status_code == 409
    assert "escalate" not in response.json()["allowed_actions"]


def test_it_needs_a_reason(world, cats, api):
    case = file_case(world, cats)
    response = act(api(world.leader), case, "escalate", note="")
    assert response.status_code == 400
    assert "note" in response.json()


@pytest.mark.parametrize("user", ["orgdept"])
def test_it_forbids_roles_that_do_not_escalate(world, cats, api, user):
    case = file_case(world, cats)
    assert act(api(getattr(world, user)), case, "escalate", note="x").status_code == 403


def test_it_forbids_a_department_to_escalate(world, cats, api):
    case = make_case(world, cats, at="d1")
    assert act(api(world.handler), case, "escalate", note="不归我们").status_code == 403


def test_it_tells_the_community(world, cats, api, django_capture_on_commit_callbacks):
    case = file_case(world, cats)
    with django_capture_on_commit_callbacks(execute=True):
        act(api(world.leader), case, "escalate", note="请社区协调")
    notes = Notification.objects.filter(case=case, kind="escalated")
    assert [n.recipient for n in notes] == [world.community]
    assert "请社区协调" in notes[0].text


def test_it_stays_visible_to_the_grid_after_escalation(world, cats, api):
    case = make_case(world, cats, at="s1")
    assert Case.objects.get(pk=case.pk).grid_id == world.g1.id
    assert api(world.leader).get(f"/api/v1/cases/{case.id}/").status_code == 200
    assert api(world.community).get(f"/api/v1/cases/{case.id}/").json()["actions"] == ["urge"]
