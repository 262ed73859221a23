"""Celery tasks of the case loop: thin and idempotent. Notifications go
through the outbox (grid_gov.outbox); the relay is grid_gov.tasks."""

from celery import shared_task

from .deadlines import deadlines_scan
from .notify import notify_event_later


# Expires before the next beat tick: a backlog of scans is never worth running.
@shared_task(acks_late=True, expires=55)
def scan_deadlines() -> dict:
    return deadlines_scan()


@shared_task(acks_late=True)
def notify_event(event_id: int, kind: str) -> None:
    """A notification queued before notifications went through the outbox:
    hand it over (the key makes a second hand-over a no-op)."""
    notify_event_later(event_id=event_id, kind=kind)
