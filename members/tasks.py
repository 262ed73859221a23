"""Thin Celery tasks: load, call the service. Both are idempotent."""

from celery import shared_task

from . import imports


@shared_task(acks_late=True)
def import_check_task(job_id):
    imports.import_check(job_id=job_id)


@shared_task(acks_late=True)
def import_apply_task(job_id):
    imports.import_apply(job_id=job_id)
