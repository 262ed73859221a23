from django.contrib import admin

from .models import (
    AssessmentCategory,
    AssessmentItem,
    AssessmentResult,
    AssessmentResultItem,
    StarThreshold,
)


class ItemInline(admin.TabularInline):
    model = AssessmentItem
    extra = 0
    fields = [
        "order",
        "name",
        "max_points",
        "auto_source",
        "target",
        "for_grids",
        "for_party_groups",
        "active",
    ]


@admin.register(AssessmentCategory)
class AssessmentCategoryAdmin(admin.ModelAdmin):
    """The checklist: categories with their items and maximum points."""

    list_display = ["name", "order"]
    list_editable = ["order"]
    inlines = [ItemInline]


@admin.register(AssessmentItem)
class AssessmentItemAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "max_points",
        "auto_source",
        "target",
        "for_grids",
        "for_party_groups",
        "active",
    ]
    list_filter = ["category", "auto_source", "for_grids", "for_party_groups", "active"]
    search_fields = ["name", "criteria"]


@admin.register(StarThreshold)
class StarThresholdAdmin(admin.ModelAdmin):
    list_display = ["stars", "min_score"]
    list_editable = ["min_score"]


class ResultItemInline(admin.TabularInline):
    model = AssessmentResultItem
    extra = 0
    can_delete = False
    fields = ["category_name", "item_name", "max_points", "points", "note"]
    readonly_fields = fields


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    """Published results are read here; they change only by publishing again."""

    list_display = ["unit", "year", "quarter", "score", "stars", "published_at"]
    list_filter = ["year", "quarter", "stars"]
    search_fields = ["unit__name"]
    inlines = [ResultItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(unit__in=_visible_units(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _visible_units(user):
    from orgs.models import OrgUnit

    return OrgUnit.objects.visible_to(user)
