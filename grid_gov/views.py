from django.db import connection
from django.http import JsonResponse

from .celery import app as celery_app
from .outbox import outbox_backlog


def healthz(request):
    """Liveness for load balancers and compose: the database and the broker,
    and for the operator the outbox backlog (how many messages wait, and for
    how long the oldest has). The backlog never makes the answer unhealthy:
    a web process can serve while deliveries wait."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:  # noqa: BLE001
        checks["broker"] = f"error: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    try:
        backlog = outbox_backlog() if checks["database"] == "ok" else None
    except Exception:  # noqa: BLE001 - reported as unknown, never a failure
        backlog = None
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks, "outbox": backlog},
        status=200 if healthy else 503,
    )
