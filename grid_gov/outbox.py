"""The transactional outbox: every side effect of a user's action (a
notification, a callback to another system, a Celery task such as a large
import) is a row written in the action's own transaction and delivered
afterwards by Celery. A broker outage or a killed worker delays a message;
it never loses it, never fails the action, and never sends it twice.

Writing
    `outbox_write(kind=…, key=…, payload={…})` inside the action's
    transaction. The row commits or rolls back with the action, and the
    request never talks to the broker. `key` is the idempotency key: a second
    write with the same key is ignored, and the handler hands the key on to
    the channel or the other system, so that a redelivery changes nothing.
    `task_later(task=…, args=…, key=…)` does the same for a Celery task: the
    relay publishes it once the action has committed.

Handling
    `register(kind, deliver, first_retry=…, max_retry=…)` in an app's
    `AppConfig.ready()`. `deliver(message)` does the side effect and returns,
    or raises: the message is then tried again after a backoff that doubles
    from `first_retry` up to `max_retry` seconds, for as long as it takes
    (the admin's outbox list shows the attempts and the last error).
    Delivery is at least once: a handler may see a message again after it did
    the work (its worker was killed before the relay recorded the delivery),
    so it passes `message.key` on, or checks its own rows, and does nothing
    the second time. Writes a handler makes to the database commit together
    with the record of the delivery, or not at all.

Relaying — a beat job, not a kick on commit
    Celery beat sends `grid_gov.tasks.relay_outbox` every second (queue
    "outbox"). A run claims up to BATCH due rows with `SELECT … FOR UPDATE
    SKIP LOCKED`, delivers them one by one (each in a savepoint), records each
    outcome in the same transaction and claims the next batch, for at most
    `GRIDGOV_OUTBOX_RELAY_SECONDS`.
    - The request stays off the broker. A kick on commit (`relay.delay()`
      after each action) would save up to a second, but it is a broker
      round-trip in every action: with Redis down it waits on connection
      retries and then fails after the commit — the very failure this
      module removes. Making it non-blocking needs a thread or a timeout
      that would itself have to be proved under every way Redis can fail.
    - One clock for everything: the same tick delivers new rows, retries
      failed ones whose backoff has passed and takes over rows a dead
      worker held. Nothing else sweeps.
    - The claim is the row lock, not a lease column. A worker killed
      mid-delivery loses its connection; PostgreSQL rolls its transaction
      back and the rows are due again at the next tick, with no lease to wait
      out. A relay that hangs while holding rows (a channel that never
      answers, a host gone from the network) is cut off by PostgreSQL after
      `GRIDGOV_OUTBOX_CLAIM_SECONDS` (`idle_in_transaction_session_timeout`,
      set for the claiming transaction only), which frees the rows the same
      way: stranded deliveries go out within a minute.
    - SKIP LOCKED lets overlapping ticks and several workers share the
      backlog without taking one message twice.
    - Emergency notifications go out at the next tick, about a second after
      the filing commits; the "outbox" queue can have a worker of its own so
      that a long import never stands in front of them.
    The price is one small indexed query a second while nothing is due.

Under eager settings (tests, a site run without a worker) tasks run
in-process: each message is delivered right after the commit of the
transaction that wrote it, still without a broker.

Adding a kind — say the 12345 hotline's result callback, retried until the
hotline takes it:

    # intake/apps.py, in IntakeConfig.ready()
    outbox.register("intake.hotline_result", callbacks.hotline_result_post,
                    first_retry=30, max_retry=3600)

    # intake/callbacks.py
    def hotline_result_post(message):
        request = urllib.request.Request(
            settings.GRIDGOV_HOTLINE_CALLBACK_URL,
            data=json.dumps(message.payload).encode(), method="POST",
            headers={"Content-Type": "application/json",
                     "Idempotency-Key": message.key})
        # Raises on a refusal or no answer: tried again after the backoff.
        urllib.request.urlopen(request, timeout=10).close()

    # in the service that closes the case, inside its transaction
    outbox_write(kind="intake.hotline_result",
                 key=f"intake.hotline_result:{case.pk}:{case.version}",
                 payload={"ticket": case.hotline_ticket, "result": case.result})

A handler holds its message's row lock while it works, so it must finish
well within GRIDGOV_OUTBOX_CLAIM_SECONDS: give every network call a timeout.
The admin's outbox list (grid_gov/admin.py) is the delivery log.
"""

import logging
import random
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger("gridgov.outbox")

BATCH = 20
TASK_KIND = "celery.task"
KEY_MAX = OutboxMessage._meta.get_field("key").max_length


@dataclass(frozen=True)
class Handler:
    deliver: Callable[[OutboxMessage], None]
    first_retry: float = 5.0
    max_retry: float = 600.0

    def backoff(self, attempts: int) -> timedelta:
        seconds = min(self.max_retry, self.first_retry * 2 ** max(attempts - 1, 0))
        # A little spread, so that messages that failed together (a gateway
        # down) do not all come back in the same second.
        return timedelta(seconds=seconds * random.uniform(1.0, 1.1))


_handlers: dict[str, Handler] = {}
# The backoff of a message whose kind has no handler (a deploy in progress).
_UNKNOWN = Handler(deliver=lambda message: None)
# What the running relay delivers: EVERYTHING due, or a set of keys (an eager
# run after a commit) that grows by what its handlers write. None outside.
EVERYTHING = "everything"
_scope: ContextVar[set | str | None] = ContextVar("gridgov_outbox_scope", default=None)


def register(kind: str, deliver, *, first_retry: float = 5.0, max_retry: float = 600.0) -> None:
    """Name the function that delivers messages of `kind`."""
    existing = _handlers.get(kind)
    if existing is not None and existing.deliver is not deliver:
        raise ValueError(f"outbox kind {kind!r} already has a handler")
    _handlers[kind] = Handler(deliver, first_retry, max_retry)


def outbox_write(*, kind: str, key: str, payload: dict | None = None, delay=None) -> None:
    """Write a message in the current transaction (ignored if `key` was
    written before). `delay` (a timedelta) holds it back that long."""
    if kind not in _handlers:
        raise LookupError(f"no outbox handler is registered for {kind!r}")
    if len(key) > KEY_MAX:
        raise ValueError(f"outbox key longer than {KEY_MAX} characters: {key!r}")
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                kind=kind,
                key=key,
                payload=payload or {},
                created_at=now,
                next_attempt_at=now + (delay or timedelta()),
            )
        ],
        ignore_conflicts=True,
    )
    scope = _scope.get()
    if scope is None:
        _kick_after_commit(key)
    elif scope is not EVERYTHING:
        scope.add(key)


def task_later(*, task, key: str, args=(), kwargs=None) -> None:
    """Publish the Celery `task` once the current transaction commits,
    through the outbox (the request never waits on the broker). The task
    must be idempotent: a relay killed after publishing publishes again."""
    outbox_write(
        kind=TASK_KIND,
        key=key,
        payload={"task": task.name, "args": list(args), "kwargs": kwargs or {}},
    )


def publish_task(message: OutboxMessage) -> None:
    """The handler of `task_later` messages."""
    from .celery import app

    task = app.tasks[message.payload["task"]]
    task.apply_async(args=message.payload.get("args", []), kwargs=message.payload.get("kwargs"))


# --- the relay --------------------------------------------------------------


def outbox_relay(*, seconds: float | None = None, keys=None) -> int:
    """Deliver what is due, batch by batch, for at most `seconds` (only the
    messages with these `keys`, and what their handlers write, if given).
    Returns how many deliveries were tried."""
    budget = settings.GRIDGOV_OUTBOX_RELAY_SECONDS if seconds is None else seconds
    deadline = time.monotonic() + budget
    scope = EVERYTHING if keys is None else set(keys)
    token = _scope.set(scope)
    tried = 0
    try:
        while True:
            n = _relay_batch(deadline, scope)
            tried += n
            if not n or time.monotonic() >= deadline:
                return tried
    finally:
        _scope.reset(token)


def _relay_batch(deadline: float, scope) -> int:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # A claim held longer than this belongs to a relay that hangs:
            # PostgreSQL ends its session and the rows are free again.
            ms = int(settings.GRIDGOV_OUTBOX_CLAIM_SECONDS * 1000)
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('idle_in_transaction_session_timeout', %s, true)", [str(ms)]
                )
        due = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            delivered_at__isnull=True, next_attempt_at__lte=timezone.now()
        )
        if scope is not EVERYTHING:
            due = due.filter(key__in=sorted(scope))
        batch = list(due.order_by("next_attempt_at", "id")[:BATCH])
        tried = 0
        for message in batch:
            if tried and time.monotonic() >= deadline:
                break  # the rest stay due for the next run
            _deliver(message)
            tried += 1
        return tried


def _deliver(message: OutboxMessage) -> None:
    handler = _handlers.get(message.kind)
    message.attempts += 1
    try:
        if handler is None:
            raise LookupError(f"no outbox handler is registered for {message.kind!r}")
        with transaction.atomic():
            handler.deliver(message)
    except Exception as exc:  # noqa: BLE001 - any failure is tried again later
        wait = (handler or _UNKNOWN).backoff(message.attempts)
        message.next_attempt_at = timezone.now() + wait
        message.last_error = f"{exc.__class__.__name__}: {exc}"[:2000]
        logger.warning(
            "outbox %s: attempt %d failed, next in %.0f s: %s",
            message.key,
            message.attempts,
            wait.total_seconds(),
            message.last_error,
        )
        message.save(update_fields=["attempts", "next_attempt_at", "last_error"])
    else:
        message.delivered_at = timezone.now()
        message.save(update_fields=["attempts", "delivered_at"])


def _kick_after_commit(key: str) -> None:
    """Eager settings only: deliver the message in-process right after the
    transaction commits (where a task sent on commit would have run)."""
    from .celery import app

    if app.conf.task_always_eager:
        transaction.on_commit(partial(_kick, key))


def _kick(key: str) -> None:
    from .tasks import relay_outbox

    relay_outbox.delay(keys=[key])


# --- reading and housekeeping -----------------------------------------------


def outbox_backlog() -> dict:
    """How many messages wait, and the age in seconds of the oldest."""
    row = OutboxMessage.objects.filter(delivered_at__isnull=True).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    oldest = row["oldest"]
    age = max(0, round((timezone.now() - oldest).total_seconds())) if oldest else None
    return {"undelivered": row["n"], "oldest_seconds": age}


def outbox_prune(*, days: int | None = None) -> int:
    """Forget delivered messages older than `days` (the delivery log keeps
    `GRIDGOV_OUTBOX_KEEP_DAYS`). Undelivered ones are never removed."""
    keep = settings.GRIDGOV_OUTBOX_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=keep)
    removed = 0
    while True:
        ids = list(
            OutboxMessage.objects.filter(delivered_at__lt=cutoff).values_list("pk", flat=True)[
                :1000
            ]
        )
        if not ids:
            return removed
        removed += OutboxMessage.objects.filter(pk__in=ids).delete()[0]


def outbox_retry_now(*, ids) -> int:
    """Make undelivered messages due at once (an administrator's button)."""
    return OutboxMessage.objects.filter(pk__in=ids, delivered_at__isnull=True).update(
        next_attempt_at=timezone.now()
    )
