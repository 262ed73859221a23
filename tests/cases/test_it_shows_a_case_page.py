import re

from django.test import Client

from cases.models import Case

from .conftest import file_case, make_case, photo


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _actions(page):
    return re.findall(r'<details class="action" data-action="(\w+)"', page)


def test_it_shows_the_timeline_oldest_first_with_who_where_and_photos(world, cats):
    case = make_case(world, cats, at="d1", status="handling", photos=[photo()])
    page = _client(world.leader).get(f"/cases/{case.id}/").content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert re.findall(r'data-action="(\w+)"', timeline) == [
        "file",
        "escalate",
        "escalate",
        "dispatch",
        "accept",
    ]
    assert "一网格 → 一社区" in timeline and "一街道 → 街道执法队" in timeline
    assert "网格无法处置" in timeline and "请执法队处置" in timeline
    assert "leader" in timeline and "admin" in timeline
    assert timeline.count("/api/v1/case-photos/") == 2  # link and thumbnail
    # The grid sees where its case went, and may do nothing with it there.
    assert 'id="actions"' not in page
    assert "街道执法队" in page


def test_it_offers_the_grid_leader_what_a_new_case_allows(world, cats):
    case = file_case(world, cats)
    page = _client(world.leader).get(f"/cases/{case.id}/").content.decode()
    assert _actions(page) == ["accept", "escalate", "request_extension"]
    assert f'name="version" value="{case.version}"' in page


def test_it_offers_the_street_its_departments_to_dispatch_to(world, cats):
    case = make_case(world, cats, at="s1")
    page = _client(world.street).get(f"/cases/{case.id}/").content.decode()
    assert _actions(page) == [
        "accept",
        "escalate",
        "dispatch",
        "return",
        "cancel",
        "merge",
        "urge",
        "request_extension",
    ]
    form = page[page.index('data-action="dispatch"') :]
    form = form[: form.index("</form>")]
    options = re.findall(r'<option value="(\d+)"', form)
    assert {int(o) for o in options} == {
        world.d1.id,
        world.dr.id,
        world.c1.id,
        world.g1.id,
        world.g1b.id,
    }


def test_it_offers_the_reviewer_nothing(world, cats):
    case = file_case(world, cats)
    page = _client(world.orgdept).get(f"/cases/{case.id}/").content.decode()
    assert _actions(page) == []


def test_it_acts_from_the_page(world, cats):
    case = file_case(world, cats)
    client = _client(world.leader)
    response = client.post(f"/cases/{case.id}/act/accept/", {"version": 1})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.id}/"
    assert Case.objects.get(pk=case.pk).status == "handling"
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="handling"' in page
    response = client.post(
        f"/cases/{case.id}/act/resolve/",
        {"version": 2, "result": "已清理", "photos": [photo("after.png")]},
    )
    assert response.status_code == 302
    # The resolver does not record the resident's satisfaction: told why.
    response = client.post(
        f"/cases/{case.id}/act/close/", {"version": 3, "satisfaction": "satisfied"}
    )
    assert response.status_code == 403
    assert "此事件由您办结" in response.content.decode()
    response = _client(world.teammate).post(
        f"/cases/{case.id}/act/close/", {"version": 3, "satisfaction": "satisfied"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "closed"


def test_it_shows_field_errors_in_the_open_form(world, cats):
    case = file_case(world, cats)
    response = _client(world.leader).post(f"/cases/{case.id}/act/escalate/", {"version": 1})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<details class="action" data-action="escalate" open>' in page
    assert "errorlist" in page
    assert Case.objects.get(pk=case.pk).version == 1


def test_it_explains_a_conflict_and_shows_the_current_case(world, cats):
    case = file_case(world, cats)
    client = _client(world.leader)
    client.post(f"/cases/{case.id}/act/accept/", {"version": 1})
    response = _client(world.teammate).post(f"/cases/{case.id}/act/accept/", {"version": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert 'class="error-box"' in page
    assert 'data-status="handling"' in page
    assert 'name="version" value="2"' in page


def test_it_refuses_what_the_role_may_not_do(world, cats):
    case = file_case(world, cats)
    response = _client(world.orgdept).post(f"/cases/{case.id}/act/accept/", {"version": 1})
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == "reported"


def test_it_is_404_for_unknown_actions(world, cats):
    case = file_case(world, cats)
    assert (
        _client(world.leader).post(f"/cases/{case.id}/act/explode/", {"version": 1}).status_code
        == 404
    )


def test_it_merges_a_duplicate_named_by_its_number(world, cats):
    original = file_case(world, cats)
    duplicate = file_case(world, cats)
    client = _client(world.community)
    response = client.post(
        f"/cases/{duplicate.id}/act/merge/",
        {"version": 1, "note": "同一问题", "merge_number": original.number},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=duplicate.pk).merged_into_id == original.id
    response = client.post(
        f"/cases/{original.id}/act/merge/",
        {"version": 1, "note": "重复", "merge_number": "XZ-2000-999999"},
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert "请填写您辖区内事件的编号" in response.content.decode()
    assert Case.objects.get(pk=original.pk).status == "reported"
