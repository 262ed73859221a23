"""The deliberation workflow's one table: which action may follow which
status and where it leads. Services and pages ask here; nothing else decides.

    raised ─accept─▶ deliberating ─decide─▶ decided ─start─▶ doing ─finish─▶ evaluating
      │  ▲               │  (meet, record)                 (complete_task,      │
      │  └──escalate─────┘                                  task_to_case,        │
      ├─decline─▶ declined                                  supervise)           │
      └─merge───▶ merged                          doing ◀─send_back─┤ evaluate ─▶ done

`escalate` moves the topic to the next level up (building → compound →
community), where it is raised again for that level's review.
`evaluate` takes the `send_back` row instead when too many are unsatisfied.
"""

from django.db import models
from django.utils.translation import pgettext_lazy

from .models.deliberation import TopicStatus


class TopicAction(models.TextChoices):
    ACCEPT = "accept", pgettext_lazy("topic action", "Accept")
    DECLINE = "decline", pgettext_lazy("topic action", "Decline")
    MERGE = "merge", pgettext_lazy("topic action", "Merge")
    ESCALATE = "escalate", pgettext_lazy("topic action", "Send up a level")
    MEET = "meet", pgettext_lazy("topic action", "Call the meeting")
    RECORD = "record", pgettext_lazy("topic action", "Record the meeting")
    DECIDE = "decide", pgettext_lazy("topic action", "Decide")
    START = "start", pgettext_lazy("topic action", "Start the work")
    COMPLETE_TASK = "complete_task", pgettext_lazy("topic action", "Complete a task")
    TASK_TO_CASE = "task_to_case", pgettext_lazy("topic action", "Hand a task to the case loop")
    FINISH = "finish", pgettext_lazy("topic action", "Finish the work")
    EVALUATE = "evaluate", pgettext_lazy("topic action", "Evaluate")
    # Taken by the system.
    RAISE = "raise", pgettext_lazy("topic action", "Raise")
    SEND_BACK = "send_back", pgettext_lazy("topic action", "Send back to doing")
    SUPERVISE = "supervise", pgettext_lazy("topic action", "Supervise overdue tasks")
    CASE_CLOSED = "case_closed", pgettext_lazy("topic action", "Case closed")


A = TopicAction
S = TopicStatus

# (status, action) -> status after it. A pair that is not here is not allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.RAISED, A.ACCEPT): S.DELIBERATING,
    (S.RAISED, A.DECLINE): S.DECLINED,
    (S.RAISED, A.MERGE): S.MERGED,
    (S.RAISED, A.ESCALATE): S.RAISED,
    (S.DELIBERATING, A.ESCALATE): S.RAISED,
    (S.DELIBERATING, A.MEET): S.DELIBERATING,
    (S.DELIBERATING, A.RECORD): S.DELIBERATING,
    (S.DELIBERATING, A.DECIDE): S.DECIDED,
    (S.DECIDED, A.START): S.DOING,
    (S.DOING, A.COMPLETE_TASK): S.DOING,
    (S.DOING, A.TASK_TO_CASE): S.DOING,
    (S.DOING, A.CASE_CLOSED): S.DOING,
    (S.DOING, A.SUPERVISE): S.DOING,
    (S.DOING, A.FINISH): S.EVALUATING,
    (S.EVALUATING, A.EVALUATE): S.DONE,
    (S.EVALUATING, A.SEND_BACK): S.DOING,
}

# What people take through the API and the pages.
USER_ACTIONS = (
    A.ACCEPT,
    A.DECLINE,
    A.MERGE,
    A.ESCALATE,
    A.MEET,
    A.RECORD,
    A.DECIDE,
    A.START,
    A.COMPLETE_TASK,
    A.TASK_TO_CASE,
    A.FINISH,
    A.EVALUATE,
)
OPEN_STATUSES = (S.RAISED, S.DELIBERATING, S.DECIDED, S.DOING, S.EVALUATING)

# What an event says in the timeline (past tense).
EVENT_LABELS = {
    A.RAISE: pgettext_lazy("topic event", "Raised"),
    A.ACCEPT: pgettext_lazy("topic event", "Accepted"),
    A.DECLINE: pgettext_lazy("topic event", "Declined"),
    A.MERGE: pgettext_lazy("topic event", "Merged"),
    A.ESCALATE: pgettext_lazy("topic event", "Sent up a level"),
    A.MEET: pgettext_lazy("topic event", "Meeting called"),
    A.RECORD: pgettext_lazy("topic event", "Meeting recorded"),
    A.DECIDE: pgettext_lazy("topic event", "Decided"),
    A.START: pgettext_lazy("topic event", "Work started"),
    A.COMPLETE_TASK: pgettext_lazy("topic event", "Task done"),
    A.TASK_TO_CASE: pgettext_lazy("topic event", "Task handed to the case loop"),
    A.CASE_CLOSED: pgettext_lazy("topic event", "Case closed, task done"),
    A.SUPERVISE: pgettext_lazy("topic event", "Overdue tasks supervised"),
    A.FINISH: pgettext_lazy("topic event", "Work finished"),
    A.EVALUATE: pgettext_lazy("topic event", "Evaluated"),
    A.SEND_BACK: pgettext_lazy("topic event", "Evaluated, sent back to doing"),
}


def status_allows(status: str, action: str) -> bool:
    return (status, action) in TRANSITIONS


def next_status(status: str, action: str) -> str:
    return TRANSITIONS[(status, action)]


def actions_for_status(status: str) -> list[str]:
    return [a.value for a in USER_ACTIONS if (status, a) in TRANSITIONS]
