"""Celery tasks of the plumbing: thin, the work is in `grid_gov.outbox`."""

from celery import shared_task

from .outbox import outbox_prune, outbox_relay


# Acknowledged on receipt: a relay run is never worth running again, since
# the next beat tick does the same work (rows a dead run held are due again).
@shared_task(acks_late=False)
def relay_outbox(keys=None) -> int:
    return outbox_relay(keys=keys)


@shared_task(acks_late=True)
def prune_outbox() -> int:
    return outbox_prune()
