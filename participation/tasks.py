from celery import shared_task

from . import services


@shared_task(acks_late=True)
def remind_unclaimed_demands() -> int:
    return services.demands_remind()


@shared_task(acks_late=True)
def draft_weekly_reports() -> int:
    """Monday: last week's report of every grid, drafted from its records."""
    from .services.weekly import weekly_reports_draft

    return weekly_reports_draft()


@shared_task(acks_late=True)
def supervise_topic_tasks() -> int:
    return services.topics_supervise()
