"""Celery tasks of the case loop: thin, idempotent, acknowledged late (a task
whose worker died runs again and finds its work already done)."""

from celery import shared_task

from .deadlines import deadlines_scan
from .notify import notifications_send


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_event(event_id: int, kind: str) -> int:
    return notifications_send(event_id=event_id, kind=kind)


# Expires before the next beat tick: a backlog of scans is never worth running.
@shared_task(acks_late=True, expires=55)
def scan_deadlines() -> dict:
    return deadlines_scan()
