from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from orgs.scoping import subtree_q

from .models import PartyBranch


@admin.register(PartyBranch)
class PartyBranchAdmin(SimpleHistoryAdmin):
    list_display = ["name", "grid", "secretary", "founded_on"]
    search_fields = ["name", "grid__name"]
    raw_id_fields = ["grid", "secretary"]

    def get_queryset(self, request):
        from orgs.scoping import scope_roots

        qs = super().get_queryset(request)
        roots = scope_roots(request.user)
        if not roots:
            return qs.none()
        q = subtree_q(roots[0], "grid")
        for root in roots[1:]:
            q |= subtree_q(root, "grid")
        return qs.filter(q)
