"""Writes of party life: each keyword-only, checks the caller's position
(PermissionDenied), validates with a message per field (ValidationError),
raises a ParticipationConflict for a state that no longer allows it, and
writes nothing on error."""

from .activities import (
    activity_attendance_record,
    activity_cancel,
    activity_create,
    activity_signup,
    activity_signup_cancel,
)
from .demands import (
    demand_cancel,
    demand_claim,
    demand_complete,
    demand_post,
    demand_rate,
    demands_remind,
)
from .teams import (
    pledge_add,
    service_record,
    team_create,
    team_member_add,
)
from .topic_steps import (
    topic_decide,
    topic_evaluate,
    topic_finish,
    topic_meet,
    topic_record,
    topic_start,
    topic_task_complete,
    topic_task_to_case,
    topics_supervise,
)
from .topics import topic_accept, topic_decline, topic_escalate, topic_merge, topic_raise
from .venues import venue_photo_add, venue_save

__all__ = [
    "activity_attendance_record",
    "activity_cancel",
    "activity_create",
    "activity_signup",
    "activity_signup_cancel",
    "demand_cancel",
    "demand_claim",
    "demand_complete",
    "demand_post",
    "demand_rate",
    "demands_remind",
    "pledge_add",
    "service_record",
    "team_create",
    "team_member_add",
    "topic_accept",
    "topic_decide",
    "topic_decline",
    "topic_escalate",
    "topic_evaluate",
    "topic_finish",
    "topic_meet",
    "topic_merge",
    "topic_raise",
    "topic_record",
    "topic_start",
    "topic_task_complete",
    "topic_task_to_case",
    "topics_supervise",
    "venue_photo_add",
    "venue_save",
]
