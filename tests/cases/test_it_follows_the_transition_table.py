"""The transition table, exhaustively: the table and the role table written
out, every status × every people's action through the API, and every role ×
every action."""

from datetime import timedelta

import pytest

from cases import services
from cases.models import Case, Status
from cases.transitions import (
    ACTION_ROLES,
    LOGGED_AS,
    SYSTEM_ACTIONS,
    TRANSITIONS,
    USER_ACTIONS,
    actions_for_status,
)
from orgs.kinds import Role
from tests.world import make_user

from .conftest import act, file_case, make_case

STATUSES = [s.value for s in Status]
ACTIONS = [a.value for a in USER_ACTIONS]

# (status, action[, outcome]) -> status after it.
EXPECTED_TRANSITIONS = {
    ("reported", "accept"): "handling",
    ("reported", "escalate"): "reported",
    ("handling", "escalate"): "reported",
    ("reported", "dispatch"): "reported",
    ("handling", "dispatch"): "reported",
    ("reported", "return"): "reported",
    ("handling", "return"): "reported",
    ("handling", "resolve"): "resolved",
    ("resolved", "close"): "closed",
    ("resolved", "close", "unsatisfied"): "handling",
    ("resolved", "reopen"): "handling",
    ("closed", "reopen"): "handling",
    ("reported", "cancel"): "cancelled",
    ("handling", "cancel"): "cancelled",
    ("reported", "merge"): "cancelled",
    ("handling", "merge"): "cancelled",
    ("reported", "urge"): "reported",
    ("handling", "urge"): "handling",
    ("reported", "request_extension"): "reported",
    ("handling", "request_extension"): "handling",
    ("reported", "decide_extension"): "reported",
    ("handling", "decide_extension"): "handling",
    ("reported", "remind"): "reported",
    ("handling", "remind"): "handling",
    ("reported", "overdue"): "reported",
    ("handling", "overdue"): "handling",
    ("reported", "supervise"): "reported",
    ("handling", "supervise"): "handling",
}
EXPECTED_LOGGED_AS = {("resolved", "close", "unsatisfied"): "reopen"}

GRID = {
    "grid_leader",
    "grid_worker",
    "info_officer",
    "safety_supervisor",
    "appearance_supervisor",
    "building_leader",
}
OFFICE = {"community_staff", "street_dispatcher", "admin"}
EXPECTED_ROLES = {
    "accept": GRID | OFFICE | {"department_handler"},
    "escalate": GRID | OFFICE,
    "dispatch": OFFICE,
    "return": GRID | OFFICE | {"department_handler"},
    "resolve": GRID | OFFICE | {"department_handler"},
    "close": GRID | OFFICE,
    "reopen": OFFICE,
    "cancel": OFFICE,
    "merge": OFFICE,
    "urge": OFFICE,
    "request_extension": GRID | OFFICE | {"department_handler"},
    "decide_extension": OFFICE,
}


def test_it_has_exactly_the_designed_tables():
    assert {k: str(v) for k, v in TRANSITIONS.items()} == EXPECTED_TRANSITIONS
    assert {k: str(v) for k, v in LOGGED_AS.items()} == EXPECTED_LOGGED_AS
    assert {str(a): {str(r) for r in roles} for a, roles in ACTION_ROLES.items()} == (
        EXPECTED_ROLES
    )


def _payload(world, cats, case, action):
    """What `action` needs; for a decision, a request waiting for it."""
    if action == "decide_extension" and case.status in ("reported", "handling"):
        services.case_request_extension(
            case=case,
            user=world.admin,
            version=Case.objects.get(pk=case.pk).version,
            due_at=case.due_at + timedelta(days=3),
            reason="需协调",
        )
    return {
        "accept": {},
        "escalate": {"note": "上报"},
        "dispatch": {"to_unit": world.g1b.id},
        "return": {"note": "退回"},
        "resolve": {"result": "已处理"},
        "close": {"satisfaction": "satisfied"},
        "reopen": {"note": "重办"},
        "cancel": {"reason": "不属实"},
        "merge": {"into": file_case(world, cats).id, "note": "重复"} if action == "merge" else {},
        "urge": {"note": "催办"},
        "request_extension": {"due_at": "2099-01-01T09:00:00+08:00", "reason": "需协调"},
        "decide_extension": {"grant": True, "note": "同意"},
    }[action]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", STATUSES)
def test_it_allows_exactly_the_tables_transitions(world, cats, api, status, action):
    # At C1 every action has somewhere to go (a parent, a sender, units
    # below), so only the status decides. A district admin may take all (one
    # who did not resolve the case: the resolver does not close it).
    case = make_case(world, cats, at="c1", status=status)
    admin = make_user("admin_follow_up", world.region, Role.ADMIN)
    payload = _payload(world, cats, case, action)
    case = Case.objects.get(pk=case.pk)  # a decision's request moved it on
    response = act(api(admin), case, action, **payload)
    after = Case.objects.get(pk=case.pk)
    if (status, action) in TRANSITIONS:
        assert response.status_code == 200, response.content
        assert after.status == TRANSITIONS[(status, action)]
        assert after.version == case.version + 1
        assert after.events.order_by("-id").first().action == action
    else:
        assert response.status_code == 409, response.content
        # No extension request waits here: nothing to decide.
        allowed = [a for a in actions_for_status(status) if a != "decide_extension"]
        assert response.json()["allowed_actions"] == allowed
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
        "merge",
        "urge",
        "request_extension",
        "decide_extension",
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
    "merge": "reported",
    "urge": "reported",
    "request_extension": "reported",
    "decide_extension": "reported",
}
# The office that decides an extension is the one that sent the case where it
# is: put the case where each office decides.
DECIDES_FROM = {"community": "g1", "street": "d1"}


def _target(world, user, action):
    """A dispatch target below the user's unit (or a department)."""
    return {"s1": world.d1, "c1": world.g1b, "g1": world.d1, "d1": world.dr}[HOME[user]]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("user", list(HOME))
def test_it_lets_each_role_take_exactly_its_actions(world, cats, api, user, action):
    at = HOME[user]
    if action == "decide_extension":
        at = DECIDES_FROM.get(user, at)
    if at == "d1" and action in ("close", "reopen"):
        at = "d1_resolved"  # resolved cases go back to the dispatcher
    case = make_case(world, cats, at="d1" if at == "d1_resolved" else at, status=NEEDS[action])
    payload = _payload(world, cats, case, action)
    case = Case.objects.get(pk=case.pk)
    if action == "dispatch":
        payload["to_unit"] = _target(world, user, action).id
    response = act(api(getattr(world, user)), case, action, **payload)
    # make_case resolves as the district admin, who so may not close it.
    resolver_closing = user == "admin" and action == "close"
    may = ROLE[user] in EXPECTED_ROLES[action] and at != "d1_resolved" and not resolver_closing
    if may:
        assert response.status_code == 200, (user, action, response.content)
    else:
        assert response.status_code == 403, (user, action, response.content)
        assert Case.objects.get(pk=case.pk).version == case.version
