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
    assert "gunicorn -c gunicorn.conf.py grid_gov.wsgi:application" in web
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


def test_it_states_gunicorns_workers_and_timeout_in_one_file():
    web = _command(_compose()["services"]["web"])
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "-c gunicorn.conf.py" in web
    assert '"-c", "gunicorn.conf.py"' in dockerfile
    for text in (web, dockerfile):
        assert "--workers" not in text and "--timeout" not in text
    config = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), config)
    assert config["workers"] == 3
    assert config["timeout"] == 30
    assert config["bind"] == "0.0.0.0:8000"


def _pinned(lock: str) -> set[str]:
    names = set()
    for line in (ROOT / lock).read_text().splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            names.add(line.split("==")[0].lower())
    return names


def test_it_builds_the_image_from_the_runtime_lock_alone():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes -r requirements.txt" in dockerfile
    assert "requirements-dev" not in dockerfile
    runtime = _pinned("requirements.txt")
    assert {"django", "djangorestframework", "celery", "gunicorn"} <= runtime
    assert not {"pytest", "pytest-django", "playwright", "ruff", "time-machine"} & runtime
    # The development lock holds the runtime pins too, at the same versions.
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            assert line in (ROOT / "requirements-dev.txt").read_text(), line
    for lock in ("requirements.txt", "requirements-dev.txt"):
        text = (ROOT / lock).read_text()
        pins = [line for line in text.splitlines() if "==" in line and not line.startswith("#")]
        assert pins and all(line.endswith("\\") for line in pins), lock
        assert text.count("--hash=sha256:") >= len(pins), lock
