"""What a person sees on the case pages when something needs their attention:
messages they can act on, what they typed kept after a mistake, the next
step standing out, and a list that suits their role."""

import re

from django.test import Client

from cases.models import Case

from .conftest import file_case


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _actions(page):
    return re.findall(r'<details class="action" data-action="(\w+)"', page)


def _primary(page):
    return re.findall(r'data-action="(\w+)"[^>]*>\s*<summary class="button primary">', page)


def test_it_asks_for_a_category_in_words_a_person_understands(world, cats):
    response = _client(world.leader).post(
        "/cases/new/",
        {"grid": world.g1.id, "category": "", "title": "路灯不亮", "description": "三盏路灯不亮"},
    )
    assert response.status_code == 400
    errors = re.findall(r'<ul class="errorlist"><li>(.*?)</li>', response.content.decode())
    assert errors == ["请选择事件分类。"]
    assert not Case.objects.exists()


def test_it_keeps_what_was_typed_when_an_action_fails(world, cats):
    original = file_case(world, cats)
    duplicate = file_case(world, cats)
    response = _client(world.community).post(
        f"/cases/{duplicate.id}/act/merge/",
        {"version": 1, "note": "与早先上报的是同一处", "merge_number": "XZ-2000-999999"},
    )
    assert response.status_code == 400
    form = response.content.decode().split('data-action="merge"', 1)[1].split("</form>")[0]
    assert "与早先上报的是同一处</textarea>" in form
    assert 'value="XZ-2000-999999"' in form
    assert Case.objects.get(pk=duplicate.pk).status == "reported"
    assert Case.objects.get(pk=original.pk).status == "reported"


def test_it_keeps_the_chosen_unit_when_a_dispatch_fails(world, cats):
    case = file_case(world, cats)
    response = _client(world.community).post(
        f"/cases/{case.id}/act/dispatch/",
        {"version": 99, "to_unit": world.d1.id, "note": "请执法队协助"},
    )
    assert response.status_code == 409
    form = response.content.decode().split('data-action="dispatch"', 1)[1].split("</form>")[0]
    assert f'<option value="{world.d1.id}" data-code="{world.d1.code}" selected>' in form
    assert "请执法队协助</textarea>" in form


def test_it_puts_the_next_step_first(world, cats):
    case = file_case(world, cats)
    client = _client(world.leader)
    page = client.get(f"/cases/{case.id}/").content.decode()
    assert _primary(page) == ["accept"]
    client.post(f"/cases/{case.id}/act/accept/", {"version": 1})
    page = client.get(f"/cases/{case.id}/").content.decode()
    # Handling it here is the main road; escalating stays on offer.
    assert _primary(page) == ["resolve"]
    assert _actions(page)[0] == "resolve" and "escalate" in _actions(page)
    client.post(f"/cases/{case.id}/act/resolve/", {"version": 2, "result": "已清理"})
    # The resolver does not record the resident's satisfaction: the teammate does.
    assert "close" not in _actions(client.get(f"/cases/{case.id}/").content.decode())
    page = _client(world.teammate).get(f"/cases/{case.id}/").content.decode()
    assert _primary(page) == ["close"]


def test_it_shows_the_satisfaction_as_a_fact_and_no_deadline_once_closed(world, cats):
    case = file_case(world, cats)
    client = _client(world.leader)
    client.post(f"/cases/{case.id}/act/accept/", {"version": 1})
    client.post(f"/cases/{case.id}/act/resolve/", {"version": 2, "result": "已清理"})
    closed = _client(world.teammate).post(
        f"/cases/{case.id}/act/close/", {"version": 3, "satisfaction": "satisfied"}
    )
    assert closed.status_code == 302
    page = client.get(f"/cases/{case.id}/").content.decode()
    assert "<dt>居民满意度</dt><dd><strong>满意</strong>" in page
    assert "<dt>期限</dt>" not in page


def test_it_opens_the_area_list_for_reviewers_who_handle_no_cases(world, cats):
    file_case(world, cats)
    page = _client(world.orgdept).get("/cases/").content.decode()
    assert "<title>辖区事件" in page
    assert 'data-tab="queue"' not in page
    assert 'data-case="' in page
    leader = _client(world.leader).get("/cases/").content.decode()
    assert "<title>我的待办" in leader and 'data-tab="queue">待办 <span' in leader
