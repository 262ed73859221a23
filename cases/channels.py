"""Outside channels for notifications (SMS, WeChat…), beside the in-app list.

A channel is a class with `send(*, notification)`; the setting
`GRIDGOV_NOTIFICATION_CHANNELS` lists the dotted paths of those in use. The
default only logs, so a fresh install sends nothing anywhere. An SMS gateway
or a WeChat template-message sender is a subclass that calls its provider and
raises on failure (the task is then retried, and the in-app row stays).
"""

import logging
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gridgov.notifications")


class Channel:
    name = "channel"

    def send(self, *, notification) -> None:
        raise NotImplementedError


class LoggingChannel(Channel):
    name = "log"

    def send(self, *, notification) -> None:
        logger.info(
            "notify %s [%s] case=%s key=%s: %s",
            notification.recipient.get_username(),
            notification.kind,
            notification.case_id,
            notification.key,
            notification.text,
        )


@cache
def _load(paths: tuple[str, ...]) -> tuple[Channel, ...]:
    return tuple(import_string(path)() for path in paths)


def get_channels() -> tuple[Channel, ...]:
    paths = getattr(settings, "GRIDGOV_NOTIFICATION_CHANNELS", ["cases.channels.LoggingChannel"])
    return _load(tuple(paths))
