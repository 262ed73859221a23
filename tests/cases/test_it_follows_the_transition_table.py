"""The transition table, exhaustively: every status × every people's action
through the API, and every role × every action."""

import pytest

from cases.models import Case, Status
from cases.transitions import (
    ACTION_ROLES,
    SYSTEM_ACTIONS,
    TRANSITIONS,
    USER_ACTIONS,
    actions_for_status,
)
from orgs.kinds import Role

from .conftest import act, make_case

STATUSES = [s.value for s in Status]
ACTIONS = [a.value for a in USER_ACTIONS]


def _payload(world, action):
    return {
        "accept": {},
        "escalate": {"note": "上报"},
        "dispatch": {"to_unit": world.g1b.id},
        "return": {"note": "退回"},
        "resolve": {"result": "已处理"},
        "close": {"satisfaction": "satisfied"},
        "reopen": {"note": "重办"},
        "cancel": {"reason": "不属实"},
        "urge": {"note": "催办"},
    }[action]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_it_allows_exactly_the_tables_transitions(world, cats, api, status, action):
    # At C1 every action has somewhere to go (a parent, a sender, units
    # below), so only the status decides. The district admin may take all.
    case = make_case(world, cats, at="c1", status=status)
    response = act(api(world.admin), case, action, **_payload(world, action))
    after = Case.objects.get(pk=case.pk)
    if (status, action) in TRANSITIONS:
        assert response.status_code == 200, response.content
        assert after.status == TRANSITIONS[(status, action)]
        assert after.version == case.version + 1
        assert after.events.order_by("-id").first().action == action
    else:
        assert response.status_code == 409, response.content
        assert response.json()["allowed_actions"] == actions_for_status(status)
        assert response.json()["status"] == status
        assert (after.status, after.version) == (case.status, case.version)


def test_it_lists_no_people_action_for_cancelled_and_only_reopen_for_closed():
    assert actions_for_status("cancelled") == []
    assert actions_for_status("closed") == ["reopen"]
    assert actions_for_status("reported") == [
        "accept",
        "escalate",
        "dispatch",
        "return",
        "cancel",
        "urge",
    ]


def test_it_gives_no_role_the_systems_actions():
    for action in SYSTEM_ACTIONS:
        assert action not in ACTION_ROLES


def test_it_never_lets_the_reviewer_or_the_instructor_act():
    for roles in ACTION_ROLES.values():
        assert Role.ORGDEPT_REVIEWER not in roles
        assert Role.GRID_INSTRUCTOR not in roles


# Where each world user holds cases, and the status each action needs.
HOME = {
    "leader": "g1",
    "teammate": "g1",
    "community": "c1",
    "street": "s1",
    "handler": "d1",
    "orgdept": "c1",
    "admin": "c1",
}
ROLE = {
    "leader": Role.GRID_LEADER,
    "teammate": Role.GRID_WORKER,
    "community": Role.COMMUNITY_STAFF,
    "street": Role.STREET_DISPATCHER,
    "handler": Role.DEPARTMENT_HANDLER,
    "orgdept": Role.ORGDEPT_REVIEWER,
    "admin": Role.ADMIN,
}
NEEDS = {
    "accept": "reported",
    "escalate": "reported",
    "dispatch": "reported",
    "return": "reported",
    "resolve": "handling",
    "close": "resolved",
    "reopen": "closed",
    "cancel": "reported",
    "urge": "reported",
}


def _target(world, user, action):
    """A dispatch target below the user's unit (or a department)."""
    return {"s1": world.d1, "c1": world.g1b, "g1": world.d1, "d1": world.dr}[HOME[user]]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("user", list(HOME))
def test_it_lets_each_role_take_exactly_its_actions(world, cats, api, user, action):
    at = HOME[user]
    if at == "d1" and action in ("close", "reopen"):
        at = "d1_resolved"  # resolved cases go back to the dispatcher
    case = make_case(world, cats, at="d1" if at == "d1_resolved" else at, status=NEEDS[action])
    payload = _payload(world, action)
    if action == "dispatch":
        payload["to_unit"] = _target(world, user, action).id
    response = act(api(getattr(world, user)), case, action, **payload)
    may = ROLE[user] in ACTION_ROLES[action] and at != "d1_resolved"
    if may:
        assert response.status_code == 200, (user, action, response.content)
    else:
        assert response.status_code == 403, (user, action, response.content)
        assert Case.objects.get(pk=case.pk).version == case.version
