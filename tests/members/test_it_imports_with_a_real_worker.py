"""Eager mode only emulates tasks: here a real Celery worker, over Redis and
PostgreSQL, checks and applies a large file while this process reads the
progress it writes to the shared cache."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from grid_gov.celery import app as celery_app
from members.excel import read_progress
from members.models import ImportJob, ImportStatus, PartyMember

from .excel import MEMBER_HEADERS, client_for, upload
from .factories import id_number, xlsx

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(job, statuses, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.3)
    raise AssertionError(f"job stuck in {job.status}")


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_applies_a_large_file(
    world, needs_postgres, needs_redis, settings, tmp_path
):
    settings.GRIDGOV_IMPORT_SYNC_ROWS = 5
    settings.GRIDGOV_PRIVATE_ROOT = str(tmp_path / "private")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "grid_gov.settings.test",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": needs_redis,
        "GRIDGOV_PRIVATE_ROOT": settings.GRIDGOV_PRIVATE_ROOT,
    }
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "grid_gov",
            "worker",
            "--pool=solo",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        rows = [
            [f"党员{i}", id_number(), "", "普通党员", "TQ/01/001/01", "", ""] for i in range(30)
        ]
        response = upload(world.leader, "members", xlsx(MEMBER_HEADERS, rows))
        assert response.status_code == 302
        job = _wait_for(ImportJob.objects.get(), {ImportStatus.READY, ImportStatus.INVALID})
        assert job.status == ImportStatus.READY, job.errors
        assert read_progress(job.pk) == {"done": 30, "total": 30, "phase": "checking"}
        assert PartyMember.objects.count() == 0
        client_for(world.leader).post(reverse("import-confirm", args=[job.pk]))
        job = _wait_for(job, {ImportStatus.DONE, ImportStatus.FAILED})
        assert job.status == ImportStatus.DONE, job.errors
        assert PartyMember.objects.count() == 30
        assert read_progress(job.pk)["phase"] == "applying"
    finally:
        celery_app.conf.task_always_eager = eager
        worker.terminate()
        worker.wait(timeout=20)
