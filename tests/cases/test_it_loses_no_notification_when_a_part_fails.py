"""Nothing a user did is lost when a part fails (PostgreSQL, a Redis of the
test's own, a real worker, beat and web process):

- the broker is stopped while people file and act over HTTP: every answer is
  a success, and once the broker is back every notification arrives once;
- the worker is killed with SIGKILL in the middle of deliveries, three times,
  through a slow channel: every notification arrives once, including those
  the channel had taken just before its worker died (they come again with
  the same key, and the channel sends nothing the second time).

The channel is tests.channels.RecordingChannel: it writes every call and
every message it really sends to files this test reads."""

import json
import os
import signal
import urllib.request
from collections import Counter
from urllib.error import HTTPError

import pytest
from rest_framework.authtoken.models import Token

from cases.models import Notification
from grid_gov.models import OutboxMessage
from tests.channels import read_keys
from tests.processes import wait_for


def _all_delivered():
    return (
        Notification.objects.exists()
        and not Notification.objects.filter(sent_at__isnull=True).exists()
        and not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    )


def _sent_once_each():
    """Every notification went out through the channel exactly once."""
    sent = Counter(read_keys("sent"))
    assert set(sent.values()) == {1}, sent
    assert sorted(sent) == sorted(Notification.objects.values_list("key", flat=True))


class Http:
    """A user of the web process, over HTTP, with a token."""

    def __init__(self, port, user):
        self.port = port
        self.token = Token.objects.get_or_create(user=user)[0].key

    def call(self, method, path, body=None):
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Token {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read())
        except HTTPError as exc:
            body = exc.read()
            try:
                return exc.code, json.loads(body)
            except ValueError:
                return exc.code, body.decode(errors="replace")[:500]


def _filing(cats, world, **extra):
    return {
        "title": "楼道堆放杂物",
        "description": "3栋2单元楼道堆放纸箱。",
        "category": cats["0204"].id,
        "grid": world.g1.id,
        "urgency": "normal",
        "source": "grid_patrol",
        **extra,
    }


@pytest.mark.django_db(transaction=True)
def test_it_loses_nothing_while_the_broker_is_down(real_celery, world, cats):
    real_celery.start_worker()
    real_celery.start_beat()
    port = real_celery.start_web()
    leader, community = Http(port, world.leader), Http(port, world.community)

    real_celery.redis.stop()
    answers = []
    status, a = leader.call("POST", "/api/v1/cases/", _filing(cats, world, urgency="emergency"))
    answers.append(status)
    status, b = leader.call("POST", "/api/v1/cases/", _filing(cats, world))
    answers.append(status)
    status, b = leader.call(
        "POST", f"/api/v1/cases/{b['id']}/escalate/", {"note": "网格无法处置", "version": 1}
    )
    answers.append(status)
    status, b = community.call(
        "POST",
        f"/api/v1/cases/{b['id']}/dispatch/",
        {"to_unit": world.g1.id, "note": "请网格处置", "version": b["version"]},
    )
    answers.append(status)
    assert answers == [201, 201, 200, 200]
    # The health check tells the operator, and does not fail for the backlog.
    status, health = leader.call("GET", "/healthz")
    assert status == 503 and health["database"] == "ok"
    assert health["broker"].startswith("error") and health["outbox"]["undelivered"] >= 1

    real_celery.redis.start()
    wait_for(_all_delivered, timeout=60, what="every notification", logs=real_celery.logs())
    assert sorted(
        Notification.objects.values_list("case_id", "kind", "recipient__username")
    ) == sorted(
        [
            (a["id"], "new", "teammate"),
            (a["id"], "emergency", "community"),
            (a["id"], "emergency", "street"),
            (b["id"], "new", "teammate"),
            (b["id"], "escalated", "community"),
            (b["id"], "dispatched", "leader"),
            (b["id"], "dispatched", "teammate"),
        ]
    )
    _sent_once_each()


@pytest.mark.django_db(transaction=True)
def test_it_loses_and_repeats_nothing_when_the_worker_is_killed_mid_delivery(
    real_celery, world, cats, api
):
    # Each send takes a while, and its answer a while longer: a kill right
    # after the channel took a message lands before the delivery is recorded.
    real_celery.env["GRIDGOV_TEST_CHANNEL_PAUSE"] = "0.02,0.3"
    real_celery.start_beat()
    client = api(world.leader)
    for _ in range(4):
        response = client.post(
            "/api/v1/cases/", _filing(cats, world, urgency="emergency"), format="json"
        )
        assert response.status_code == 201, response.content

    # Twice the pool process that delivers is killed (the worker forks a new
    # one), then the whole worker with it (and a new worker is started).
    worker = real_celery.start_worker(pool="prefork")
    for n in range(3):
        sent_before = len(read_keys("sent"))
        wait_for(
            lambda before=sent_before: len(read_keys("sent")) > before,
            timeout=30,
            what="a message to go out",
            logs=[worker.log],
        )
        if n < 2:
            for pid in worker.children():
                os.kill(pid, signal.SIGKILL)
        else:
            worker.kill()
    real_celery.start_worker(name="restarted", pool="prefork")
    wait_for(_all_delivered, timeout=60, what="every notification", logs=real_celery.logs())

    assert Notification.objects.count() == 12  # 4 filings × (teammate, community, street)
    _sent_once_each()
    # The messages the channel had taken when each worker died came again
    # with the same key: three keys were offered twice, and sent once.
    calls = Counter(read_keys("calls"))
    assert len([key for key, n in calls.items() if n >= 2]) >= 3, calls
