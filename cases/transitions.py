"""The case loop's one table: which action may follow which status, where it
leads, and which roles may take it. Services, views and serializers ask here;
nothing else decides whether an action is possible.

    reported ─accept─▶ handling ─resolve─▶ resolved ─close─▶ closed
       │  ▲              │  ▲                  │              │
       │  └──return──────┘  └──reopen──────────┴──────────────┘
       ├─escalate (to the parent unit)  ─▶ reported at the parent
       ├─dispatch (to a unit below or a department) ─▶ reported there
       └─cancel (invalid, or merged into a duplicate) ─▶ cancelled
"""

from django.db import models
from django.utils.translation import pgettext_lazy

from orgs.kinds import Role

from .models import Status


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
    URGE = "urge", pgettext_lazy("case action", "Urge")
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
    A.URGE: pgettext_lazy("case event", "Urged"),
    A.REMIND: pgettext_lazy("case event", "Deadline near"),
    A.OVERDUE: pgettext_lazy("case event", "Overdue"),
    A.SUPERVISE: pgettext_lazy("case event", "Escalated for supervision"),
}

# (status, action) -> status after it. A pair that is not here is not allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.REPORTED, A.ACCEPT): S.HANDLING,
    (S.REPORTED, A.ESCALATE): S.REPORTED,
    (S.HANDLING, A.ESCALATE): S.REPORTED,
    (S.REPORTED, A.DISPATCH): S.REPORTED,
    (S.HANDLING, A.DISPATCH): S.REPORTED,
    (S.REPORTED, A.RETURN): S.REPORTED,
    (S.HANDLING, A.RETURN): S.REPORTED,
    (S.HANDLING, A.RESOLVE): S.RESOLVED,
    # Closing with "unsatisfied" takes the REOPEN row instead (see services).
    (S.RESOLVED, A.CLOSE): S.CLOSED,
    (S.RESOLVED, A.REOPEN): S.HANDLING,
    (S.CLOSED, A.REOPEN): S.HANDLING,
    (S.REPORTED, A.CANCEL): S.CANCELLED,
    (S.HANDLING, A.CANCEL): S.CANCELLED,
    (S.REPORTED, A.URGE): S.REPORTED,
    (S.HANDLING, A.URGE): S.HANDLING,
    # The deadline scan. Supervision moves the case one level up, where it
    # waits to be taken in hand again.
    (S.REPORTED, A.REMIND): S.REPORTED,
    (S.HANDLING, A.REMIND): S.HANDLING,
    (S.REPORTED, A.OVERDUE): S.REPORTED,
    (S.HANDLING, A.OVERDUE): S.HANDLING,
    (S.REPORTED, A.SUPERVISE): S.REPORTED,
    (S.HANDLING, A.SUPERVISE): S.REPORTED,
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
    A.URGE,
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
    A.URGE: OFFICES,
}

# Roles that may file a case at a grid they cover.
FILING_ROLES = GRID_HANDLERS | OFFICES


def next_status(status: str, action: str) -> str:
    return TRANSITIONS[(status, action)]


def actions_for_status(status: str) -> list[str]:
    """The people's actions the status allows, in the table's order."""
    return [a.value for a in USER_ACTIONS if (status, a) in TRANSITIONS]
