"""What party life does when the case loop moves: a case that a
deliberation task was handed to closes, and the task is done with it."""

from cases.models import Status


def case_closed_closes_task(sender, case, event, before, **kwargs):
    if case.status != Status.CLOSED or (before or {}).get("status") == Status.CLOSED:
        return
    from .services.topic_steps import topic_case_closed

    topic_case_closed(case=case, at=event.at)
