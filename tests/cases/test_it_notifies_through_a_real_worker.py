"""Eager mode only emulates Celery: this starts a real worker process against
Redis and the test database and waits for the notification it writes."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from django.db import connection

from cases.models import Case, Notification
from grid_gov.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


def _wait_for(predicate, timeout, what, log):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")


def _forget_queue(url, queue):
    client = redis.Redis.from_url(url)
    client.delete(queue)
    for key in client.scan_iter("_kombu.binding.*"):
        for member in client.smembers(key):
            if queue.encode() in member:
                client.srem(key, member)


@pytest.mark.django_db(transaction=True)
def test_it_writes_an_emergency_notification_from_a_real_worker(
    needs_postgres, needs_redis, world, cats, api, tmp_path
):
    queue = f"gridgov-test-{uuid.uuid4().hex}"  # no two runs share a queue
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "grid_gov.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": needs_redis,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DATABASE_CONN_MAX_AGE": "0",
    }
    with log.open("w") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "grid_gov",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
                "--without-heartbeat",
                "-Q",
                queue,
                "-n",
                f"{queue}@localhost",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    saved = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    try:
        _wait_for(lambda: "ready." in log.read_text(), 90, "the worker to start", log)
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = queue
        response = api(world.leader).post(
            "/api/v1/cases/",
            {
                "title": "燃气泄漏",
                "description": "3栋1单元闻到浓烈燃气味。",
                "category": cats["0103"].id,
                "grid": world.g1.id,
                "urgency": "emergency",
                "source": "resident",
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        case = Case.objects.get(pk=response.json()["id"])
        rows = Notification.objects.filter(case=case, kind="emergency")
        _wait_for(lambda: rows.filter(sent_at__isnull=False).count() == 2, 60, "the rows", log)
        assert {n.recipient for n in rows} == {world.community, world.street}
        assert all(case.number in n.text for n in rows)
        text = log.read_text()
        assert "cases.tasks.notify_event" in text and "succeeded" in text
        assert "notify community [emergency]" in text
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        _forget_queue(needs_redis, queue)
