"""Eager mode only emulates Celery: here a real worker and a real beat, over a
Redis of the test's own and the test database, deliver the notifications a
filing wrote to the outbox. The test waits for the rows it expects, with a
deadline."""

import pytest

from cases.models import Case, Notification
from grid_gov.models import OutboxMessage
from tests.channels import read_keys
from tests.processes import wait_for


@pytest.mark.django_db(transaction=True)
def test_it_delivers_an_emergency_notification_from_a_real_worker(real_celery, world, cats, api):
    worker = real_celery.start_worker()
    beat = real_celery.start_beat()
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
    wait_for(
        lambda: rows.filter(sent_at__isnull=False).count() == 2,
        timeout=30,
        what="the emergency notifications",
        logs=real_celery.logs(),
    )
    assert {n.recipient for n in rows} == {world.community, world.street}
    assert all(case.number in n.text for n in rows)
    assert sorted(read_keys("sent")) == sorted(
        Notification.objects.filter(case=case).values_list("key", flat=True)
    )
    wait_for(
        lambda: not OutboxMessage.objects.filter(delivered_at__isnull=True).exists(),
        timeout=10,
        what="the outbox to empty",
        logs=real_celery.logs(),
    )
    # The relay's runs that delivered something are in the log; its routine
    # lines (every second: sent, received, nothing to do) are not.
    lines = worker.log.read_text().splitlines()
    relays = [line for line in lines if "grid_gov.tasks.relay_outbox[" in line]
    assert relays and all("succeeded" in line and not line.endswith(": 0") for line in relays)
    assert "outbox-relay" not in beat.log.read_text()
