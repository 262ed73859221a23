import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from .access import has_capability
from .kinds import Capability, UnitKind
from .models import OrgUnit
from .serializers import MeSerializer, UnitSerializer


class ObtainTokenView(ObtainAuthToken):
    """Exchange `username` and `password` for an API token."""

    # A wrong password and an unknown user get the same 400 answer.


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
    parent = django_filters.NumberFilter(field_name="parent_id")
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
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    permission_classes = [permissions.IsAuthenticated, CanManageTree]

    def get_queryset(self):
        return OrgUnit.objects.visible_to(self.request.user).order_by("tree_id", "lft")

    @extend_schema(exclude=True)
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)
