from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from .models import KindLabel, OrgUnit, Position

TREE_LEVELS = 7  # deeper units indent like the seventh level


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(OrgUnit)
class OrgUnitAdmin(MPTTModelAdmin):
    """Tree edits go through OrgUnit.save, which takes the tree lock; moving a
    unit is a change of its parent and carries the whole subtree along."""

    list_display = ["tree_name", "kind", "code", "households"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    inlines = [PositionInline]
    # django-mptt would indent with style="" attributes, which the
    # Content-Security-Policy refuses: the name column indents by class.
    mptt_indent_field = "-"

    class Media:
        css = {"all": ["css/admin-tree.css"]}

    @admin.display(description=_("name"), ordering="name")
    def tree_name(self, unit):
        level = min(unit.level, TREE_LEVELS)
        return format_html('<span class="tree-level-{}">{}</span>', level, unit.name)

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_delete_permission(self, request, obj=None):
        # Deleting a unit with children or positions is refused by PROTECT;
        # leaves are the only units that can go.
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_leaf_node())


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]

    def get_queryset(self, request):
        units = OrgUnit.objects.visible_to(request.user)
        return super().get_queryset(request).filter(unit__in=units)


class UserPositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["unit"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class GridGovUserAdmin(UserAdmin):
    """Users with their positions on one page: positions are what grant access."""

    inlines = [UserPositionInline]
    list_display = ["username", "first_name", "is_active", "is_staff", "last_login"]


@admin.register(KindLabel)
class KindLabelAdmin(admin.ModelAdmin):
    list_display = ["kind", "label"]


admin.site.site_header = _("GridGov administration")
admin.site.site_title = _("GridGov")
