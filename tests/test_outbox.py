"""The transactional outbox (grid_gov/outbox.py) on its own: messages are
written in the caller's transaction, delivered after it commits, retried with
a growing backoff until the handler accepts them, shared between concurrent
relays without a message going out twice, and freed when a relay hangs."""

import threading
import time
from datetime import timedelta

import pytest
import time_machine
from celery import shared_task
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from grid_gov import outbox
from grid_gov.models import OutboxMessage
from tests.threads import join_all, start_line

DELIVERED: list[str] = []
FAILURES: dict[str, int] = {}
TASK_CALLS: list[int] = []


def _record(message):
    """Delivers, unless told to fail the first n times for this key."""
    if FAILURES.get(message.key, 0) > 0:
        FAILURES[message.key] -= 1
        raise ConnectionError("the other side is down")
    DELIVERED.append(message.key)


def _write_then_fail(message):
    outbox.outbox_write(kind="tests.record", key=f"child-of-{message.key}")
    raise RuntimeError("half done")


def _write_a_child(message):
    outbox.outbox_write(kind="tests.record", key="kid")


outbox.register("tests.record", _record, first_retry=5, max_retry=30)
outbox.register("tests.half", _write_then_fail)
outbox.register("tests.parent", _write_a_child)


@shared_task
def remember(n):
    TASK_CALLS.append(n)


@pytest.fixture(autouse=True)
def _clean():
    DELIVERED.clear()
    FAILURES.clear()
    TASK_CALLS.clear()


def _message(key):
    return OutboxMessage.objects.get(key=key)


def _rows(kind, keys):
    """Rows as a committed action leaves them (without the relay run that
    eager settings start after a commit)."""
    OutboxMessage.objects.bulk_create([OutboxMessage(kind=kind, key=key) for key in keys])


def test_it_writes_a_message_only_when_the_action_commits(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.outbox_write(kind="tests.record", key="rolled-back")
        raise RuntimeError("the action failed after writing its message")
    assert not OutboxMessage.objects.exists()
    with transaction.atomic():
        outbox.outbox_write(kind="tests.record", key="k1", payload={"case": 7})
        outbox.outbox_write(kind="tests.record", key="k1", payload={"case": 8})
    assert list(OutboxMessage.objects.values_list("key", "payload", "delivered_at")) == [
        ("k1", {"case": 7}, None)
    ]


def test_it_refuses_a_kind_nobody_handles(db):
    with pytest.raises(LookupError):
        outbox.outbox_write(kind="tests.nobody", key="k")
    assert not OutboxMessage.objects.exists()


def test_it_delivers_once_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            outbox.outbox_write(kind="tests.record", key="a")
            outbox.outbox_write(kind="tests.record", key="b")
            assert DELIVERED == []
    assert len(callbacks) == 2  # a relay run after the commit for each
    assert DELIVERED == ["a", "b"]
    message = _message("a")
    assert message.delivered_at is not None and message.attempts == 1
    assert outbox.outbox_relay() == 0  # nothing goes out twice


def test_it_retries_with_a_doubling_backoff_until_the_handler_accepts(db):
    FAILURES["k"] = 3
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        outbox.outbox_write(kind="tests.record", key="k")
        waits = []
        for _ in range(3):
            assert outbox.outbox_relay() == 1
            message = _message("k")
            waits.append((message.next_attempt_at - timezone.now()).total_seconds())
            assert message.delivered_at is None
            assert message.last_error == "ConnectionError: the other side is down"
            assert outbox.outbox_relay() == 0  # not due yet
            clock.shift(timedelta(seconds=waits[-1]))
        assert outbox.outbox_relay() == 1
    message = _message("k")
    assert DELIVERED == ["k"] and message.attempts == 4 and message.delivered_at is not None
    # 5 s, 10 s, 20 s (each with up to 10% spread), capped at the handler's 30 s.
    for wait, base in zip(waits, (5, 10, 20), strict=True):
        assert base <= wait <= base * 1.1
    handler = outbox.Handler(deliver=_record, first_retry=5, max_retry=30)
    assert 30 <= handler.backoff(6).total_seconds() <= 33


def test_it_keeps_nothing_of_a_failed_delivery_but_the_failure(db):
    outbox.outbox_write(kind="tests.half", key="h")
    outbox.outbox_relay()
    assert list(OutboxMessage.objects.values_list("key", "attempts", "last_error")) == [
        ("h", 1, "RuntimeError: half done")
    ]


def test_it_delivers_what_a_handler_wrote_in_the_same_run(db):
    outbox.outbox_write(kind="tests.parent", key="p")
    assert outbox.outbox_relay() == 2
    assert DELIVERED == ["kid"]


def test_it_publishes_a_task_after_the_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            outbox.task_later(task=remember, args=[42], key="remember:42")
            outbox.task_later(task=remember, args=[42], key="remember:42")
            assert TASK_CALLS == []
    assert TASK_CALLS == [42]
    assert _message("remember:42").payload == {
        "task": "tests.test_outbox.remember",
        "args": [42],
        "kwargs": {},
    }


def test_it_prunes_only_old_delivered_messages(db):
    for key in ("old", "new", "stuck"):
        outbox.outbox_write(kind="tests.record", key=key)
    long_ago = timezone.now() - timedelta(days=40)
    OutboxMessage.objects.filter(key="old").update(delivered_at=long_ago)
    OutboxMessage.objects.filter(key="new").update(delivered_at=timezone.now())
    OutboxMessage.objects.filter(key="stuck").update(created_at=long_ago)
    assert outbox.outbox_prune() == 1
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {"new", "stuck"}


def test_it_reports_the_backlog(db):
    assert outbox.outbox_backlog() == {"undelivered": 0, "oldest_seconds": None}
    outbox.outbox_write(kind="tests.record", key="x")
    OutboxMessage.objects.filter(key="x").update(created_at=timezone.now() - timedelta(seconds=90))
    outbox.outbox_write(kind="tests.record", key="y")
    backlog = outbox.outbox_backlog()
    assert backlog["undelivered"] == 2 and 90 <= backlog["oldest_seconds"] <= 92


def test_it_shows_the_delivery_log_to_an_administrator(db, client, django_user_model):
    FAILURES["failing"] = 1
    for key in ("failing", "fine"):
        outbox.outbox_write(kind="tests.record", key=key)
    outbox.outbox_relay()
    outbox.outbox_write(kind="tests.record", key="waiting", delay=timedelta(hours=1))
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456")
    client.force_login(root)
    url = reverse("admin:grid_gov_outboxmessage_changelist")
    page = client.get(url).content.decode()
    for text in ("failing", "fine", "waiting", "ConnectionError: the other side is down"):
        assert text in page
    assert "失败重试中" in client.get(url + "?state=failing").content.decode()
    detail = client.get(reverse("admin:grid_gov_outboxmessage_change", args=[_message("fine").pk]))
    assert detail.status_code == 200
    response = client.post(
        url,
        {
            "action": "retry_now",
            "_selected_action": [m.pk for m in OutboxMessage.objects.all()],
        },
    )
    assert response.status_code == 302
    assert outbox.outbox_relay() == 2  # the failing one and the held-back one
    assert sorted(DELIVERED) == ["failing", "fine", "waiting"]
    assert client.get(reverse("admin:grid_gov_outboxmessage_add")).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_it_never_gives_one_message_to_two_relays(needs_postgres):
    _rows("tests.slow", [f"m{i}" for i in range(60)])
    barrier = start_line(3)
    errors = []

    def relay():
        try:
            barrier.wait(timeout=10)
            outbox.outbox_relay(seconds=20)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(daemon=True, target=relay) for _ in range(3)]
    for t in threads:
        t.start()
    join_all(threads)
    assert not errors
    assert sorted(DELIVERED) == sorted(f"m{i}" for i in range(60))
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}


HANGING = threading.Event()
RELEASE = threading.Event()


def _hang(message):
    DELIVERED.append(message.key)
    if len(DELIVERED) == 1:
        HANGING.set()
        RELEASE.wait(timeout=20)


def _slow(message):
    time.sleep(0.01)
    DELIVERED.append(message.key)


outbox.register("tests.hang", _hang)
outbox.register("tests.slow", _slow)


@pytest.mark.django_db(transaction=True)
def test_it_frees_the_claim_of_a_relay_that_hangs(needs_postgres, settings):
    settings.GRIDGOV_OUTBOX_CLAIM_SECONDS = 1
    HANGING.clear()
    RELEASE.clear()
    _rows("tests.hang", ["stuck"])
    failures = []

    def hanging_relay():
        try:
            outbox.outbox_relay()
        except Exception as exc:  # noqa: BLE001 - PostgreSQL ended its session
            failures.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(daemon=True, target=hanging_relay)
    thread.start()
    try:
        assert HANGING.wait(timeout=10)
        assert outbox.outbox_relay() == 0  # held by the hanging relay
        deadline = time.monotonic() + 15
        while not outbox.outbox_relay() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        RELEASE.set()
        join_all([thread], timeout=20)
    assert DELIVERED == ["stuck", "stuck"]  # the channel gets the same key again
    message = _message("stuck")
    assert message.delivered_at is not None and message.attempts == 1
    assert len(failures) == 1  # its session was ended; it recorded nothing
