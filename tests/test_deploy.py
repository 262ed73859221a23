"""Production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _production_env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="grid_gov.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        GRIDGOV_PERSONAL_DATA_KEY=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="gridgov.example.org",
        DATABASE_URL="sqlite:////tmp/gridgov-deploy-check.sqlite3",
    )
    env.update(extra)
    return env


def test_it_passes_check_deploy_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key():
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key,problem",
    [
        ("", "is not set"),
        ("short-key", "is shorter than 32 characters"),
        ("dev-only-personal-data-key-not-for-production", "is a placeholder"),
        ("a" * 40, "is a placeholder"),
        (secrets.token_urlsafe(32) + " x", "contains white space"),
    ],
)
def test_it_refuses_to_start_without_a_valid_personal_data_key(key, problem):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_production_env(GRIDGOV_PERSONAL_DATA_KEY=key),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"GRIDGOV_PERSONAL_DATA_KEY {problem}" in result.stderr
