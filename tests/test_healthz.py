from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from grid_gov.models import OutboxMessage


def test_it_reports_database_broker_and_an_empty_outbox(db, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "outbox": {"undelivered": 0, "oldest_seconds": None},
    }


def test_it_reports_the_outbox_backlog_without_failing_for_it(db, client):
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                kind="cases.notify", key="waiting", created_at=now - timedelta(minutes=5)
            ),
            OutboxMessage(kind="cases.notify", key="new", created_at=now),
            OutboxMessage(kind="cases.notify", key="done", created_at=now, delivered_at=now),
        ]
    )
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    outbox = response.json()["outbox"]
    assert outbox["undelivered"] == 2 and 300 <= outbox["oldest_seconds"] <= 302


def test_it_reports_a_broken_broker(db, client, settings):
    from grid_gov.celery import app

    OutboxMessage.objects.create(kind="cases.notify", key="waiting")
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"
    assert response.json()["outbox"]["undelivered"] == 1
