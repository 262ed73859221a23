from celery import shared_task

from . import services


@shared_task(acks_late=True)
def remind_unclaimed_demands() -> int:
    return services.demands_remind()
