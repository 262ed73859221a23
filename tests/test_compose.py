"""docker-compose.yml is the documented production shape. No Docker engine
runs here, so the file is parsed and checked against the project's real
entry points."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_it_has_every_service_with_a_health_check():
    services = _compose()["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "outbox", "beat"}
    for name, service in services.items():
        assert "healthcheck" in service, name
        assert service["healthcheck"]["test"], name


def test_it_points_at_the_projects_entry_points():
    services = _compose()["services"]
    web = _command(services["web"])
    assert "gunicorn grid_gov.wsgi:application" in web
    assert "manage.py migrate" in web
    assert (ROOT / "grid_gov" / "wsgi.py").exists()
    assert "celery -A grid_gov worker" in _command(services["worker"])
    assert "celery -A grid_gov beat" in _command(services["beat"])
    # The outbox relay's queue has a worker of its own.
    assert "celery -A grid_gov worker -Q outbox" in _command(services["outbox"])
    assert (ROOT / "grid_gov" / "celery.py").exists()
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_it_runs_the_app_on_production_settings_with_secrets_from_the_environment():
    services = _compose()["services"]
    for name in ("web", "worker", "outbox", "beat"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "grid_gov.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        # Secrets are references to the environment, never literals.
        for key in ("DJANGO_SECRET_KEY", "GRIDGOV_PERSONAL_DATA_KEY"):
            assert re.fullmatch(r"\$\{[A-Z_]+:\?.+\}", env[key]), key
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "build" in services["web"]
    assert (ROOT / "Dockerfile").exists()
    assert "requirements.txt" in (ROOT / "Dockerfile").read_text()
