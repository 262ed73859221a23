import logging

import pytest
from celery.exceptions import Retry
from django.test import Client

from cases.channels import Channel
from cases.models import Notification
from cases.notify import notifications_muted, notifications_send
from cases.tasks import notify_event

from .conftest import act, file_case, make_case


class BrokenChannel(Channel):
    """An SMS gateway that is down."""

    def send(self, *, notification):
        raise ConnectionError("gateway down")


def _records(caplog):
    return [r for r in caplog.records if r.name == "gridgov.notifications"]


def test_it_sends_nothing_twice_when_the_task_is_delivered_again(world, cats, caplog):
    case = file_case(world, cats, urgency="emergency")
    event = case.events.get()
    with caplog.at_level(logging.INFO, logger="gridgov.notifications"):
        assert notify_event.delay(event.id, "emergency").get() == 2
        assert notify_event.delay(event.id, "emergency").get() == 0
    assert Notification.objects.filter(kind="emergency").count() == 2
    assert len(_records(caplog)) == 2
    assert {r.getMessage().split()[1] for r in _records(caplog)} == {"community", "street"}


def test_it_keeps_the_in_app_row_and_retries_a_failed_channel(world, cats, settings, caplog):
    case = file_case(world, cats, urgency="emergency")
    event = case.events.get()
    settings.GRIDGOV_NOTIFICATION_CHANNELS = ["tests.cases.test_it_notifies.BrokenChannel"]
    with pytest.raises(ConnectionError):
        notifications_send(event_id=event.id, kind="emergency")
    # As a task it is retried rather than lost.
    with pytest.raises(Retry):
        notify_event.apply(args=(event.id, "emergency"), throw=True)
    rows = Notification.objects.filter(kind="emergency")
    assert rows.count() == 2  # the in-app list has them already
    assert all(n.sent_at is None for n in rows)
    settings.GRIDGOV_NOTIFICATION_CHANNELS = ["cases.channels.LoggingChannel"]
    with caplog.at_level(logging.INFO, logger="gridgov.notifications"):
        assert notify_event.delay(event.id, "emergency").get() == 2
    assert all(n.sent_at is not None for n in Notification.objects.filter(kind="emergency"))
    assert len(_records(caplog)) == 2


def test_it_writes_the_text_in_the_sites_language(world, cats):
    case = file_case(world, cats, urgency="emergency", title="燃气泄漏")
    notify_event.delay(case.events.get().id, "emergency")
    text = Notification.objects.filter(kind="emergency").first().text
    assert case.number in text and "燃气泄漏" in text
    assert "紧急" in text


def test_it_enqueues_nothing_while_muted(world, cats, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with notifications_muted():
            file_case(world, cats, urgency="emergency")
    assert callbacks == []
    assert Notification.objects.count() == 0


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
