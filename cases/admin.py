from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from .models import Case, CaseCategory, CaseDeadline, CaseEvent, CasePhoto, Notification


class CaseDeadlineInline(admin.TabularInline):
    model = CaseDeadline
    extra = 0


@admin.register(CaseCategory)
class CaseCategoryAdmin(MPTTModelAdmin):
    """The category tree. A leaf without its own deadline rows inherits its
    nearest ancestor's; cases are filed under leaves only."""

    list_display = ["name", "code", "active"]
    list_filter = ["active"]
    search_fields = ["name", "code"]
    inlines = [CaseDeadlineInline]
    mptt_level_indent = 16

    def has_delete_permission(self, request, obj=None):
        # A category with cases is protected; retire it with "active" instead.
        return super().has_delete_permission(request, obj) and (
            obj is None or not obj.cases.exists()
        )


@admin.register(CaseDeadline)
class CaseDeadlineAdmin(admin.ModelAdmin):
    list_display = ["category", "urgency", "hours"]
    list_editable = ["hours"]
    list_filter = ["urgency"]
    search_fields = ["category__name", "category__code"]
    autocomplete_fields = ["category"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "action", "actor", "from_unit", "to_unit", "from_status", "to_status", "note"]
    readonly_fields = fields
    ordering = ["at", "id"]
    verbose_name_plural = _("timeline")


class CasePhotoInline(ReadOnlyInline):
    model = CasePhoto
    fields = ["image", "event", "uploaded_at"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the case loop's actions, so
    every change has its event."""

    list_display = [
        "number",
        "title",
        "status",
        "urgency",
        "category",
        "responsible_unit",
        "reported_at",
        "due_at",
    ]
    list_filter = ["status", "urgency", "highest_level", "source"]
    search_fields = ["number", "title", "address"]
    date_hierarchy = "reported_at"
    inlines = [CaseEventInline, CasePhotoInline]
    list_select_related = ["category", "responsible_unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "kind", "text", "read_at", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__username", "text", "key"]
    list_select_related = ["recipient"]

    def get_queryset(self, request):
        # Notifications are personal: only a superuser reads other people's.
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(recipient=request.user)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
