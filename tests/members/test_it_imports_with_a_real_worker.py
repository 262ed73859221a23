"""Eager mode only emulates tasks: here a real Celery worker and beat, over a
Redis of the test's own and PostgreSQL, check and apply a large file (the
tasks reach the worker through the outbox) while this process reads the
progress they write to the shared cache. Each wait polls the job with a
deadline."""

import pytest
from django.urls import reverse

from members.excel import read_progress
from members.models import ImportJob, ImportStatus, PartyMember
from tests.processes import wait_for

from .excel import MEMBER_HEADERS, client_for, upload
from .factories import id_number, xlsx


def _status_in(job, statuses):
    def check():
        job.refresh_from_db()
        return job.status in statuses

    return check


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_applies_a_large_file(real_celery, world, settings, tmp_path):
    private = tmp_path / "private"
    settings.GRIDGOV_IMPORT_SYNC_ROWS = 5
    settings.GRIDGOV_PRIVATE_ROOT = str(private)
    # The progress cache this process reads is the Redis the worker writes to.
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": real_celery.redis.url,
        },
    }
    real_celery.env["GRIDGOV_PRIVATE_ROOT"] = str(private)
    real_celery.start_worker()
    real_celery.start_beat()

    rows = [[f"党员{i}", id_number(), "", "普通党员", "TQ/01/001/01", "", ""] for i in range(30)]
    response = upload(world.leader, "members", xlsx(MEMBER_HEADERS, rows))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    wait_for(
        _status_in(job, {ImportStatus.READY, ImportStatus.INVALID}),
        timeout=30,
        what="the check",
        logs=real_celery.logs(),
    )
    assert job.status == ImportStatus.READY, job.errors
    assert read_progress(job.pk) == {"done": 30, "total": 30, "phase": "checking"}
    assert PartyMember.objects.count() == 0

    client_for(world.leader).post(reverse("import-confirm", args=[job.pk]))
    wait_for(
        _status_in(job, {ImportStatus.DONE, ImportStatus.FAILED}),
        timeout=30,
        what="the import",
        logs=real_celery.logs(),
    )
    assert job.status == ImportStatus.DONE, job.errors
    assert PartyMember.objects.count() == 30
    assert read_progress(job.pk)["phase"] == "applying"
