"""Plumbing tables shared by every app. The outbox lives here; its services
are in `grid_gov.outbox`."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutboxMessage(models.Model):
    """One side effect to deliver (a notification, a callback to another
    system), written in the transaction of the action that caused it and
    delivered by the relay until its handler accepts it. The row is also the
    delivery log: attempts, the last error, when it went out."""

    kind = models.CharField(pgettext_lazy("outbox message", "kind"), max_length=64)
    # The idempotency key: unique here, and handed to the channel or the
    # other system so that a second delivery of one message changes nothing.
    key = models.CharField(_("key"), max_length=200, unique=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The relay's only read: what is due and not delivered, oldest first.
            models.Index(
                fields=["next_attempt_at", "id"],
                name="outbox_due",
                condition=Q(delivered_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.key
