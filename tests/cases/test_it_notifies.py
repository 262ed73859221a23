import logging
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from cases.channels import Channel
from cases.models import Notification
from cases.notify import notifications_muted
from grid_gov.models import OutboxMessage
from grid_gov.outbox import outbox_relay
from tests.channels import read_keys

from .conftest import act, file_case, make_case


class BrokenChannel(Channel):
    """An SMS gateway that is down."""

    def send(self, *, notification, key):
        raise ConnectionError("gateway down")


def _records(caplog):
    return [r for r in caplog.records if r.name == "gridgov.notifications"]


@pytest.fixture
def recording(settings, monkeypatch, tmp_path):
    """The outside channel is one that records keys and honours them."""
    monkeypatch.setenv("GRIDGOV_TEST_CHANNEL_DIR", str(tmp_path))
    settings.GRIDGOV_NOTIFICATION_CHANNELS = ["tests.channels.RecordingChannel"]


def test_it_sends_each_notification_once_with_its_key(
    world, cats, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(world, cats, urgency="emergency")
    event = case.events.get()
    keys = {
        f"{event.id}:new:{world.teammate.id}",
        f"{event.id}:emergency:{world.community.id}",
        f"{event.id}:emergency:{world.street.id}",
    }
    assert set(Notification.objects.values_list("key", flat=True)) == keys
    assert sorted(read_keys("sent")) == sorted(keys)
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    assert outbox_relay() == 0


def test_it_sends_nothing_twice_when_a_delivery_comes_again(
    world, cats, recording, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        file_case(world, cats, urgency="emergency")
    sent = read_keys("sent")
    # What a worker killed after the channel took the messages leaves behind:
    # the deliveries are not recorded, so they come again with the same keys.
    OutboxMessage.objects.filter(kind="cases.deliver").update(delivered_at=None)
    Notification.objects.update(sent_at=None)
    assert outbox_relay() == 3
    assert sorted(read_keys("calls")) == sorted(sent * 2)
    assert read_keys("sent") == sent
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_it_keeps_the_in_app_row_and_retries_a_failed_channel(
    world, cats, settings, caplog, django_capture_on_commit_callbacks
):
    settings.GRIDGOV_NOTIFICATION_CHANNELS = ["tests.cases.test_it_notifies.BrokenChannel"]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            file_case(world, cats, urgency="emergency")
        rows = Notification.objects.filter(kind="emergency")
        assert rows.count() == 2  # the in-app list has them already
        assert all(n.sent_at is None for n in rows)
        failing = OutboxMessage.objects.filter(kind="cases.deliver")
        assert {(m.attempts, m.last_error) for m in failing} == {
            (1, "ConnectionError: gateway down")
        }
        assert outbox_relay() == 0  # not before the backoff has passed
        settings.GRIDGOV_NOTIFICATION_CHANNELS = ["cases.channels.LoggingChannel"]
        clock.shift(timedelta(seconds=6))
        with caplog.at_level(logging.INFO, logger="gridgov.notifications"):
            assert outbox_relay() == 3
    assert all(n.sent_at is not None for n in Notification.objects.all())
    assert {m.attempts for m in OutboxMessage.objects.filter(kind="cases.deliver")} == {2}
    assert len(_records(caplog)) == 3


def test_it_writes_the_text_in_the_sites_language(world, cats, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(world, cats, urgency="emergency", title="燃气泄漏")
    text = Notification.objects.filter(kind="emergency").first().text
    assert case.number in text and "燃气泄漏" in text
    assert "紧急" in text


def test_it_writes_nothing_while_muted(world, cats, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with notifications_muted():
            file_case(world, cats, urgency="emergency")
    assert callbacks == []
    assert Notification.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_it_shows_the_unread_count_on_every_page_and_marks_read(
    world, cats, api, django_capture_on_commit_callbacks
):
    case = make_case(world, cats, at="c1")
    with django_capture_on_commit_callbacks(execute=True):
        act(api(world.community), case, "return", note="请网格处置")
        act(api(world.leader), case, "accept")
        act(api(world.community), case, "urge", note="快一点")
    client = Client()
    client.force_login(world.leader)
    for url in ("/", "/cases/", f"/cases/{case.id}/", "/notifications/"):
        page = client.get(url).content.decode()
        assert 'data-unread="2"' in page, url
    page = client.get("/notifications/").content.decode()
    assert "请网格处置" in page and "快一点" in page
    first = Notification.objects.filter(recipient=world.leader).first()
    client.get(f"/cases/{case.id}/?read={first.id}")
    assert 'data-unread="1"' in client.get("/").content.decode()
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert "data-unread" not in client.get("/").content.decode()
    # The teammate's own notifications are untouched.
    assert Notification.objects.filter(recipient=world.teammate, read_at__isnull=True).count() == 2


def test_it_never_marks_someone_elses_notifications(world, cats):
    case = file_case(world, cats)
    mine = Notification.objects.create(
        recipient=world.leader, case=case, kind="new", text="x", key="k1"
    )
    client = Client()
    client.force_login(world.outsider)
    client.post("/notifications/read/", {"id": mine.id})
    client.get(f"/cases/{case.id}/?read={mine.id}")
    mine.refresh_from_db()
    assert mine.read_at is None
