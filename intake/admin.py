import secrets

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import IntakeClient, IntakeEvent, IntakeReport


def _new_key() -> str:
    return "gg-" + secrets.token_urlsafe(24)


@admin.register(IntakeClient)
class IntakeClientAdmin(admin.ModelAdmin):
    """Outside systems (Open311 apps, the 12345 hotline), each with its own
    key, filing into one unit's subtree. The key is shown once, when it is
    issued; only its digest is kept. The results sent to a hotline are in
    the outbox list (kind intake.result_callback)."""

    list_display = ["name", "channel", "unit", "key_hint", "callback_url", "active"]
    list_filter = ["channel", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["key_hint", "created_at"]
    actions = ["issue_new_key"]

    def save_model(self, request, obj, form, change):
        if not obj.key_digest:
            key = _new_key()
            obj.set_key(key)
            messages.warning(
                request,
                _(
                    "The key of %(name)s is %(key)s. Give it to the system now: it is not shown again."
                )
                % {"name": obj.name, "key": key},
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Issue a new key (the old one stops working)"))
    def issue_new_key(self, request, queryset):
        for client in queryset:
            key = _new_key()
            client.set_key(key)
            client.save(update_fields=["key_digest", "key_hint"])
            messages.warning(
                request,
                _(
                    "The key of %(name)s is %(key)s. Give it to the system now: it is not shown again."
                )
                % {"name": client.name, "key": key},
            )


class IntakeEventInline(admin.TabularInline):
    model = IntakeEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "actor", "at", "from_status", "to_status", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IntakeReport)
class IntakeReportAdmin(admin.ModelAdmin):
    list_display = ["receipt", "channel", "client", "external_id", "unit", "status", "created_at"]
    list_filter = ["channel", "status"]
    search_fields = ["receipt", "external_id"]
    exclude = ["contact_phone", "token"]
    readonly_fields = [
        f.name
        for f in IntakeReport._meta.get_fields()
        if f.concrete and f.name not in ("id", "contact_phone", "token")
    ]
    inlines = [IntakeEventInline]

    def has_add_permission(self, request):
        return False
