"""Admin: people with their change history (django-simple-history), the
pioneer-post catalogue, and the read-only accountability records."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from orgs.kinds import Role

from .models import (
    DualReport,
    ExportRecord,
    Household,
    ImportJob,
    PartyMember,
    PioneerPost,
    Resident,
    RevealLog,
    ScoreEntry,
    ScoreRule,
)


class ScopedAdmin(SimpleHistoryAdmin):
    """Administrators see the rows of their own subtree; personal data is
    shown masked (revealing is done, and logged, on the pages)."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.display(description=_("ID number"))
    def id_masked(self, obj):
        return obj.id_number_masked

    @admin.display(description=_("phone"))
    def phone_masked(self, obj):
        return obj.phone_masked


class ScoreEntryInline(admin.TabularInline):
    model = ScoreEntry
    extra = 0
    readonly_fields = [
        "on",
        "points",
        "rule",
        "reason",
        "source_kind",
        "source_id",
        "reverses",
        "entered_by",
        "created_at",
    ]
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ScoreRuleForm(forms.ModelForm):
    awarded_by = forms.MultipleChoiceField(
        label=_("roles that may award it"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Positions whose holders may enter the item by hand."),
    )

    class Meta:
        model = ScoreRule
        fields = ["item", "points", "yearly_cap", "awarded_by", "source", "active", "order"]


@admin.register(ScoreRule)
class ScoreRuleAdmin(admin.ModelAdmin):
    """The points catalogue (量化积分): administrators edit it."""

    form = ScoreRuleForm
    list_display = ["item", "points", "yearly_cap", "source", "active", "order"]
    list_editable = ["active", "order"]

    def has_delete_permission(self, request, obj=None):
        # Entries name their rule: retire an item instead of deleting it.
        return False


@admin.register(PartyMember)
class PartyMemberAdmin(ScopedAdmin):
    list_display = ["name", "category", "unit", "id_masked", "phone_masked", "score"]
    list_filter = ["category"]
    search_fields = ["name"]
    exclude = ["id_number", "phone"]
    readonly_fields = ["id_masked", "phone_masked", "score"]
    autocomplete_fields = ["unit", "user"]
    inlines = [ScoreEntryInline]

    def has_add_permission(self, request):
        # New people come in through the pages and Excel, which take the
        # full ID number; the admin only shows it masked.
        return False

    def save_model(self, request, obj, form, change):
        obj.copy_ancestors()
        super().save_model(request, obj, form, change)


class ResidentInline(admin.TabularInline):
    model = Resident
    extra = 0
    fields = ["name", "relation", "birth_date"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Household)
class HouseholdAdmin(ScopedAdmin):
    list_display = ["address", "grid", "is_elderly_alone", "is_low_income", "is_key_care"]
    list_filter = ["is_elderly_alone", "is_low_income", "is_disabled", "is_floating", "is_key_care"]
    search_fields = ["address"]
    autocomplete_fields = ["grid", "party_group", "member_household"]
    inlines = [ResidentInline]

    def save_model(self, request, obj, form, change):
        obj.copy_ancestors()
        super().save_model(request, obj, form, change)


@admin.register(Resident)
class ResidentAdmin(ScopedAdmin):
    list_display = ["name", "household", "relation", "id_masked", "phone_masked"]
    search_fields = ["name", "household__address"]
    exclude = ["id_number", "phone"]
    readonly_fields = ["id_masked", "phone_masked"]
    raw_id_fields = ["household"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        obj.copy_ancestors()
        super().save_model(request, obj, form, change)


@admin.register(DualReport)
class DualReportAdmin(admin.ModelAdmin):
    list_display = ["member", "community_unit", "workplace", "reported_on"]
    raw_id_fields = ["member", "community_unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(PioneerPost)
class PioneerPostAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RevealLog)
class RevealLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "record_type", "record_id", "record_label", "via"]
    list_filter = ["record_type", "via"]
    search_fields = ["user__username", "record_label"]
    date_hierarchy = "at"


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "what", "rows", "unmasked", "query"]
    list_filter = ["what", "unmasked"]
    search_fields = ["user__username"]
    date_hierarchy = "at"


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "file_name", "status", "rows"]
    list_filter = ["kind", "status"]
    exclude = ["file", "token"]
