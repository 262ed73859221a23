import django_filters
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.response import Response

from grid_gov.params import IdFilter

from .access import has_capability
from .kinds import Capability, UnitKind
from .models import OrgUnit
from .serializers import MeSerializer, UnitSerializer


class MeView(generics.GenericAPIView):
    serializer_class = MeSerializer

    def get(self, request):
        user = request.user
        data = MeSerializer(
            {
                "id": user.id,
                "username": user.username,
                "first_name": user.first_name,
                "positions": list(user.positions.select_related("unit")),
            }
        ).data
        return Response(data)


class UnitFilter(django_filters.FilterSet):
    parent = IdFilter(field_name="parent_id")
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices)

    class Meta:
        model = OrgUnit
        fields = ["parent", "kind"]


class CanManageTree(permissions.BasePermission):
    """Reads for everyone signed in (scoped by the queryset); writes only for
    positions that manage the tree. The unit-level check is in the serializer."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return has_capability(request.user, Capability.MANAGE_TREE)


class UnitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"[0-9]+"
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    permission_classes = [permissions.IsAuthenticated, CanManageTree]
    # A unit is changed field by field (PATCH); there is no whole replacement.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return OrgUnit.objects.visible_to(self.request.user).order_by("tree_id", "lft")
