import os
import shutil

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .world import build_world

CHROMIUM = "/usr/bin/chromium"
# In CI every service is provided, so a test that would skip is a failure.
STRICT = os.environ.get("GRIDGOV_NO_SKIP") == "1"


def need(condition: bool, reason: str):
    if condition:
        return
    if STRICT:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def needs_postgres(db):
    need(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL")


@pytest.fixture
def needs_redis():
    need(bool(settings.REDIS_URL), "needs Redis: set REDIS_URL")
    return settings.REDIS_URL


@pytest.fixture
def needs_redis_server():
    """The redis-server binary, for tests that run (and stop) a Redis of their own."""
    path = shutil.which("redis-server")
    need(bool(path), "needs the redis-server binary (apt-get install redis-server)")
    return path


@pytest.fixture
def real_celery(needs_postgres, needs_redis_server, tmp_path, monkeypatch):
    """A Redis of the test's own with Celery processes against it (see
    tests/processes.py). This process sends nothing eagerly meanwhile: what it
    writes to the outbox is for those processes to deliver."""
    from grid_gov.celery import app

    from .processes import Stack

    channel = tmp_path / "channel"
    channel.mkdir()
    monkeypatch.setenv("GRIDGOV_TEST_CHANNEL_DIR", str(channel))
    stack = Stack(
        tmp_path,
        GRIDGOV_NOTIFICATION_CHANNELS="tests.channels.RecordingChannel",
        GRIDGOV_TEST_CHANNEL_DIR=str(channel),
    )
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.broker_url = False, stack.redis.url
    try:
        yield stack
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        stack.close()


@pytest.fixture
def needs_chromium():
    need(
        os.path.exists(CHROMIUM) or bool(shutil.which("chromium")),
        f"needs Chromium at {CHROMIUM} (apt-get install chromium)",
    )
    return CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def api():
    """An API client factory: api(user) signs in with a token, api() is anonymous."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
