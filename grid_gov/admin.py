import json

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboxMessage
from .outbox import outbox_retry_now


def _when(value) -> str:
    """Short, and kept on one line in a narrow column: 12/02 06:53."""
    return timezone.localtime(value).strftime("%m/%d\u00a0%H:%M")


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("waiting", _("Waiting")),
            ("failing", _("Failing")),
            ("delivered", _("Delivered")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "delivered":
            return queryset.filter(delivered_at__isnull=False)
        if value == "waiting":
            return queryset.filter(delivered_at__isnull=True, attempts=0)
        if value == "failing":
            return queryset.filter(delivered_at__isnull=True, attempts__gt=0)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The delivery log: what was sent to whom (by kind and key), how many
    tries it took and why the last one failed. Read-only, but for one button
    that makes failing messages due again at once."""

    list_display = ["created", "kind", "key", "state", "attempts", "short_error"]
    list_display_links = ["created"]
    list_filter = [StateFilter, "kind"]
    search_fields = ["key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "kind",
        "key",
        "created_at",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "last_error",
        "payload_text",
    ]
    readonly_fields = fields

    @admin.display(description=_("created at"), ordering="created_at")
    def created(self, obj):
        return _when(obj.created_at)

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.delivered_at:
            return format_html("{}<br><small>{}</small>", _("Delivered"), _when(obj.delivered_at))
        label = _("Failing") if obj.attempts else _("Waiting")
        return format_html(
            "{}<br><small>{}</small>",
            label,
            _("next: %(when)s") % {"when": _when(obj.next_attempt_at)},
        )

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        text = obj.last_error
        return text if len(text) <= 40 else text[:39] + "…"

    @admin.display(description=_("payload"))
    def payload_text(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.payload, ensure_ascii=False, indent=2))

    @admin.action(description=_("Deliver the selected messages again now"), permissions=["change"])
    def retry_now(self, request, queryset):
        n = outbox_retry_now(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(n)d message is due again.", "%(n)d messages are due again.", n) % {"n": n},
            messages.SUCCESS,
        )

    def has_change_permission(self, request, obj=None):
        # The list's button needs it; a message itself is only ever read.
        return obj is None and super().has_change_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
