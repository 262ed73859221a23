import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grid_gov.params import parse_id
from orgs.kinds import UnitKind
from orgs.models import OrgUnit

from . import selectors


class StaffShareSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    members = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)


class GridSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    branch = serializers.CharField(help_text="The grid party branch's name; empty when none.")
    has_branch = serializers.BooleanField()
    secretary = serializers.CharField(help_text="Empty unless the caller may see party members.")
    leaders = serializers.CharField()
    leaders_members = serializers.IntegerField(allow_null=True)
    workers = serializers.IntegerField()
    workers_members = serializers.IntegerField(allow_null=True)
    one_shoulder = serializers.BooleanField(
        help_text="The grid leader is also the branch secretary (一肩挑); derived."
    )
    members = serializers.IntegerField(allow_null=True)
    households = serializers.IntegerField()


class PeopleStatsSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    branches = serializers.DictField()
    staff = serializers.DictField(child=StaffShareSerializer())
    one_shoulder = serializers.DictField()
    members = serializers.DictField()
    visits = serializers.IntegerField(required=False)
    children = serializers.DictField()


def _date(value, name):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        raise exceptions.ValidationError({name: [_("Write dates as 2024-05-01.")]}) from None


class GridViewSet(viewsets.GenericViewSet):
    """Grids in the caller's subtree with their party branch and staff."""

    lookup_value_regex = r"[0-9]+"

    serializer_class = GridSerializer

    def get_queryset(self):
        qs = OrgUnit.objects.visible_to(self.request.user).filter(kind=UnitKind.GRID)
        raw = self.request.query_params.get("unit")
        unit = parse_id(raw)
        if raw and unit is None:
            raise exceptions.ValidationError({"unit": [_("Give the unit's numeric id.")]})
        if unit is not None:
            root = OrgUnit.objects.visible_to(self.request.user).filter(pk=unit).first()
            qs = selectors.grids_below(root) if root else qs.none()
        return qs.order_by("tree_id", "lft")

    @extend_schema(parameters=[OpenApiParameter("unit", int, description="A subtree")])
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.grid_overview_rows(grids=list(page), user=request.user)
        return self.get_paginated_response(GridSerializer(rows, many=True).data)

    def retrieve(self, request, pk=None):
        grid = get_object_or_404(self.get_queryset(), pk=pk)
        row = selectors.grid_overview_rows(grids=[grid], user=request.user)[0]
        return Response(GridSerializer(row).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True),
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, description="YYYY-MM-DD"),
        ],
        responses=PeopleStatsSerializer,
    )
    @action(detail=False, methods=["get"], serializer_class=PeopleStatsSerializer)
    def stats(self, request):
        """People figures of a node and of each child: branch coverage,
        staff party shares, 一肩挑, members by category, visits in the period."""
        unit_id = parse_id(request.query_params.get("unit"))
        if unit_id is None:
            raise exceptions.ValidationError({"unit": [_("Give the unit's numeric id.")]})
        unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=unit_id)
        start = _date(request.query_params.get("from"), "from")
        end = _date(request.query_params.get("to"), "to")
        data = selectors.people_stats(unit=unit, start=start, end=end)
        data["unit"] = unit.pk
        data["children"] = {
            str(k): v
            for k, v in selectors.people_stats_by_child(unit=unit, start=start, end=end).items()
        }
        return Response(data)
