from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from orgs.access import scope_roots
from orgs.scoping import subtrees_q

from .models import PartyBranch


@admin.register(PartyBranch)
class PartyBranchAdmin(SimpleHistoryAdmin):
    list_display = ["name", "grid", "secretary", "founded_on"]
    search_fields = ["name", "grid__name"]
    raw_id_fields = ["grid", "secretary"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(subtrees_q(scope_roots(request.user), "grid"))
