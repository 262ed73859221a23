"""Outside channels for notifications (SMS, WeChat…), beside the in-app list.

A channel is a class with `send(*, notification, key)`; the setting
`GRIDGOV_NOTIFICATION_CHANNELS` lists the dotted paths of those in use. The
default only logs, so a fresh install sends nothing anywhere. An SMS gateway
or a WeChat template-message sender is a subclass that calls its provider and
raises on failure (the delivery is tried again later; the in-app row stays).

`key` is the idempotency key of the message (the same for every delivery of
one notification to one person). Delivery is at least once — a worker killed
after the provider accepted a message, before the delivery was recorded,
leads to a second `send` with the same key — so a channel must send nothing
for a key it has already sent: pass it to the provider as the client message
id (SMS gateways and WeChat template messages deduplicate on one), or keep
its own record of sent keys.
"""

import logging
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gridgov.notifications")


class Channel:
    name = "channel"

    def send(self, *, notification, key: str) -> None:
        raise NotImplementedError


class LoggingChannel(Channel):
    name = "log"

    def send(self, *, notification, key: str) -> None:
        logger.info(
            "notify %s [%s] case=%s key=%s: %s",
            notification.recipient.get_username(),
            notification.kind,
            notification.case_id,
            key,
            notification.text,
        )


@cache
def _load(paths: tuple[str, ...]) -> tuple[Channel, ...]:
    return tuple(import_string(path)() for path in paths)


def get_channels() -> tuple[Channel, ...]:
    paths = getattr(settings, "GRIDGOV_NOTIFICATION_CHANNELS", ["cases.channels.LoggingChannel"])
    return _load(tuple(paths))
