import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from knox.models import AuthToken
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
            _, key = AuthToken.objects.create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    caches["throttle"].clear()
