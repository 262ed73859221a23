from cases.models import Case

from .conftest import act, file_case, make_case


def test_it_cancels_an_invalid_case(world, cats, api):
    case = make_case(world, cats, at="c1")
    response = act(api(world.community), case, "cancel", reason="经核实不属实")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["events"][-1]["note"] == "经核实不属实"
    assert response.json()["actions"] == []


def test_it_merges_a_duplicate_into_another_case(world, cats, api):
    original = file_case(world, cats)
    duplicate = file_case(world, cats, user=world.teammate)
    response = act(
        api(world.community), duplicate, "cancel", reason="同一问题", merge_into=original.id
    )
    body = response.json()
    assert body["status"] == "cancelled"
    assert body["merged_into"] == {"id": original.id, "number": original.number}
    assert original.number in body["events"][-1]["note"]
    assert list(original.duplicates.all()) == [Case.objects.get(pk=duplicate.pk)]


def test_it_refuses_to_merge_into_itself_or_an_unseen_case(world, cats, api):
    case = file_case(world, cats)
    elsewhere = file_case(world, cats, user=world.outsider, grid=world.g2)
    for target in (case.id, elsewhere.id):
        response = act(api(world.community), case, "cancel", reason="重复", merge_into=target)
        assert response.status_code == 400
        assert "merge_into" in response.json()
    assert Case.objects.get(pk=case.pk).status == "reported"


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
