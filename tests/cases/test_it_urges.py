from cases.models import Case, Notification

from .conftest import act, file_case, make_case


def test_it_urges_the_grid_on_and_tells_its_staff(
    world, cats, api, django_capture_on_commit_callbacks
):
    case = file_case(world, cats)
    with django_capture_on_commit_callbacks(execute=True):
        response = act(api(world.community), case, "urge", note="请今天内处理")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["version"]) == ("reported", 2)
    assert body["events"][-1]["action"] == "urge"
    urged = Notification.objects.filter(kind="urged")
    assert {n.recipient for n in urged} == {world.leader, world.teammate}
    assert all("请今天内处理" in n.text for n in urged)


def test_it_has_a_default_note(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="handling")
    body = act(api(world.street), case, "urge").json()
    assert body["status"] == "handling"
    assert body["events"][-1]["note"]


def test_it_lets_an_office_chase_a_case_it_sent_outside_its_subtree(world, cats, api):
    case = make_case(world, cats, at="s1")
    act(api(world.street), case, "dispatch", to_unit=world.dr.id)
    assert act(api(world.street), case, "urge", note="请加快").status_code == 200


def test_it_leaves_urging_to_the_offices(world, cats, api):
    case = file_case(world, cats)
    for user in (world.leader, world.teammate, world.orgdept):
        assert act(api(user), case, "urge").status_code == 403
    case = make_case(world, cats, at="d1")
    assert act(api(world.handler), case, "urge").status_code == 403


def test_it_urges_only_open_cases(world, cats, api):
    case = make_case(world, cats, at="g1_new", status="resolved")
    assert act(api(world.community), case, "urge").status_code == 409
    assert Case.objects.get(pk=case.pk).version == case.version
