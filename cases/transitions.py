"""The case loop's one table: which action may follow which status, where it
leads, and which roles may take it. Services, views and serializers ask here;
nothing else decides whether an action is possible.

    reported ─accept─▶ handling ─resolve─▶ resolved ─close─▶ closed
       │  ▲              │  ▲                  │              │
       │  └──return──────┘  ├──reopen──────────┴──────────────┘
       │                    └──close (unsatisfied)
       ├─escalate (to the parent unit)  ─▶ reported at the parent
       ├─dispatch (to a unit below or a department) ─▶ reported there
       ├─cancel (invalid) ─▶ cancelled
       └─merge (into the case it duplicates) ─▶ cancelled

An action whose outcome decides where it leads (closing with the resident's
answer) has a row per outcome: `(status, action, outcome)`; the row
`(status, action)` is the action's ordinary outcome.
"""

from django.db import models
from django.utils.translation import pgettext_lazy

from orgs.kinds import Role

from .models import Satisfaction, Status


class Action(models.TextChoices):
    # Taken by people.
    ACCEPT = "accept", pgettext_lazy("case action", "Accept")
    ESCALATE = "escalate", pgettext_lazy("case action", "Escalate")
    DISPATCH = "dispatch", pgettext_lazy("case action", "Dispatch")
    RETURN = "return", pgettext_lazy("case action", "Return")
    RESOLVE = "resolve", pgettext_lazy("case action", "Resolve")
    CLOSE = "close", pgettext_lazy("case action", "Close")
    REOPEN = "reopen", pgettext_lazy("case action", "Reopen")
    CANCEL = "cancel", pgettext_lazy("case action", "Cancel")
    MERGE = "merge", pgettext_lazy("case action", "Merge into another case")
    URGE = "urge", pgettext_lazy("case action", "Urge")
    REQUEST_EXTENSION = "request_extension", pgettext_lazy("case action", "Ask for more time")
    DECIDE_EXTENSION = "decide_extension", pgettext_lazy("case action", "Decide on more time")
    # Taken by the system: filing, and the deadline scan.
    FILE = "file", pgettext_lazy("case action", "File")
    REMIND = "remind", pgettext_lazy("case action", "Remind")
    OVERDUE = "overdue", pgettext_lazy("case action", "Mark overdue")
    SUPERVISE = "supervise", pgettext_lazy("case action", "Supervise")


A = Action
S = Status

# What an event says in the timeline (past tense).
EVENT_LABELS = {
    A.FILE: pgettext_lazy("case event", "Filed"),
    A.ACCEPT: pgettext_lazy("case event", "Accepted"),
    A.ESCALATE: pgettext_lazy("case event", "Escalated"),
    A.DISPATCH: pgettext_lazy("case event", "Dispatched"),
    A.RETURN: pgettext_lazy("case event", "Returned"),
    A.RESOLVE: pgettext_lazy("case event", "Resolved"),
    A.CLOSE: pgettext_lazy("case event", "Closed"),
    A.REOPEN: pgettext_lazy("case event", "Reopened"),
    A.CANCEL: pgettext_lazy("case event", "Cancelled"),
    A.MERGE: pgettext_lazy("case event", "Merged"),
    A.URGE: pgettext_lazy("case event", "Urged"),
    A.REQUEST_EXTENSION: pgettext_lazy("case event", "More time asked for"),
    A.DECIDE_EXTENSION: pgettext_lazy("case event", "More time decided"),
    A.REMIND: pgettext_lazy("case event", "Deadline near"),
    A.OVERDUE: pgettext_lazy("case event", "Overdue"),
    A.SUPERVISE: pgettext_lazy("case event", "Escalated for supervision"),
}

# (status, action[, outcome]) -> status after it. A pair that is not here is
# not allowed.
TRANSITIONS: dict[tuple[str, ...], str] = {
    (S.REPORTED, A.ACCEPT): S.HANDLING,
    (S.REPORTED, A.ESCALATE): S.REPORTED,
    (S.HANDLING, A.ESCALATE): S.REPORTED,
    (S.REPORTED, A.DISPATCH): S.REPORTED,
    (S.HANDLING, A.DISPATCH): S.REPORTED,
    (S.REPORTED, A.RETURN): S.REPORTED,
    (S.HANDLING, A.RETURN): S.REPORTED,
    (S.HANDLING, A.RESOLVE): S.RESOLVED,
    (S.RESOLVED, A.CLOSE): S.CLOSED,
    # The resident is unsatisfied: the case is reopened, not closed.
    (S.RESOLVED, A.CLOSE, Satisfaction.UNSATISFIED): S.HANDLING,
    (S.RESOLVED, A.REOPEN): S.HANDLING,
    (S.CLOSED, A.REOPEN): S.HANDLING,
    (S.REPORTED, A.CANCEL): S.CANCELLED,
    (S.HANDLING, A.CANCEL): S.CANCELLED,
    # A duplicate is cancelled into the case that survives.
    (S.REPORTED, A.MERGE): S.CANCELLED,
    (S.HANDLING, A.MERGE): S.CANCELLED,
    (S.REPORTED, A.URGE): S.REPORTED,
    (S.HANDLING, A.URGE): S.HANDLING,
    # Extensions of the current deadline: the status stays.
    (S.REPORTED, A.REQUEST_EXTENSION): S.REPORTED,
    (S.HANDLING, A.REQUEST_EXTENSION): S.HANDLING,
    (S.REPORTED, A.DECIDE_EXTENSION): S.REPORTED,
    (S.HANDLING, A.DECIDE_EXTENSION): S.HANDLING,
    # The deadline scan. Supervision records the unit one level up as
    # supervising; the case stays with its handler, in its status.
    (S.REPORTED, A.REMIND): S.REPORTED,
    (S.HANDLING, A.REMIND): S.HANDLING,
    (S.REPORTED, A.OVERDUE): S.REPORTED,
    (S.HANDLING, A.OVERDUE): S.HANDLING,
    (S.REPORTED, A.SUPERVISE): S.REPORTED,
    (S.HANDLING, A.SUPERVISE): S.HANDLING,
}

# The rows whose event is logged as another action (the timeline reads
# "reopened" when the resident's answer reopened the case).
LOGGED_AS: dict[tuple[str, ...], str] = {
    (S.RESOLVED, A.CLOSE, Satisfaction.UNSATISFIED): A.REOPEN,
}

USER_ACTIONS = (
    A.ACCEPT,
    A.ESCALATE,
    A.DISPATCH,
    A.RETURN,
    A.RESOLVE,
    A.CLOSE,
    A.REOPEN,
    A.CANCEL,
    A.MERGE,
    A.URGE,
    A.REQUEST_EXTENSION,
    A.DECIDE_EXTENSION,
)
SYSTEM_ACTIONS = (A.FILE, A.REMIND, A.OVERDUE, A.SUPERVISE)

OPEN_STATUSES = (S.REPORTED, S.HANDLING)

R = Role
# The grid's own staff handle cases; the grid instructor advises, and the
# organization department only reads.
GRID_HANDLERS = frozenset(
    {
        R.GRID_LEADER,
        R.GRID_WORKER,
        R.INFO_OFFICER,
        R.SAFETY_SUPERVISOR,
        R.APPEARANCE_SUPERVISOR,
        R.BUILDING_LEADER,
    }
)
OFFICES = frozenset({R.COMMUNITY_STAFF, R.STREET_DISPATCHER, R.ADMIN})

# action -> roles that may take it, at a unit their position covers.
ACTION_ROLES: dict[str, frozenset[str]] = {
    A.ACCEPT: GRID_HANDLERS | OFFICES | {R.DEPARTMENT_HANDLER},
    A.ESCALATE: GRID_HANDLERS | OFFICES,
    A.DISPATCH: OFFICES,
    A.RETURN: GRID_HANDLERS | OFFICES | {R.DEPARTMENT_HANDLER},
    A.RESOLVE: GRID_HANDLERS | OFFICES | {R.DEPARTMENT_HANDLER},
    A.CLOSE: GRID_HANDLERS | OFFICES,
    A.REOPEN: OFFICES,
    A.CANCEL: OFFICES,
    A.MERGE: OFFICES,
    A.URGE: OFFICES,
    # The handler asks, at the responsible unit; the office that sent the
    # case there decides (see rules.acting_units).
    A.REQUEST_EXTENSION: GRID_HANDLERS | OFFICES | {R.DEPARTMENT_HANDLER},
    A.DECIDE_EXTENSION: OFFICES,
}

# Roles that may file a case at a grid they cover.
FILING_ROLES = GRID_HANDLERS | OFFICES


def next_status(status: str, action: str, outcome: str | None = None) -> str:
    """Where `action` (with `outcome`, if it has a row of its own) leads."""
    if outcome is not None and (status, action, outcome) in TRANSITIONS:
        return TRANSITIONS[(status, action, outcome)]
    return TRANSITIONS[(status, action)]


def logged_action(status: str, action: str, outcome: str | None = None) -> str:
    """The action the event of this move is logged as."""
    return LOGGED_AS.get((status, action, outcome), action)


def actions_for_status(status: str) -> list[str]:
    """The people's actions the status allows, in the table's order."""
    return [a.value for a in USER_ACTIONS if (status, a) in TRANSITIONS]
