"""The intake part of the v1 API: the triage queue, its three moves, and
point → grid."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grid_gov.api import ConflictSerializer
from orgs.access import breadcrumb, has_capability, scope_roots
from orgs.kinds import Capability
from orgs.models import OrgUnit

from . import selectors, services
from .locate import grid_ids_at
from .maps import FIGURES, map_of
from .models import ReportStatus
from .serializers import (
    AcceptSerializer,
    DeclineSerializer,
    LocatedGridSerializer,
    LocateSerializer,
    MapSerializer,
    ReportDetailSerializer,
    ReportMergeSerializer,
    ReportSerializer,
)

MOVE_RESPONSES = {
    200: ReportSerializer,
    400: OpenApiResponse(description="Bad input, per field."),
    403: OpenApiResponse(description="The caller's position does not triage."),
    404: OpenApiResponse(description="No such report in the caller's subtree."),
    409: ConflictSerializer,
}


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The triage queue (待核实): reports from residents, the hotline and
    Open311 clients in the caller's subtree. `?status=` (default `pending`;
    `all` for every status). The detail carries the open cases that may tell
    of the same problem (`duplicates`, best first)."""

    lookup_value_regex = r"\d+"
    serializer_class = ReportSerializer

    def get_queryset(self):
        if self.action == "list":
            status = self.request.query_params.get("status", ReportStatus.PENDING)
            if status not in (*ReportStatus.values, "all"):
                raise serializers.ValidationError(
                    {"status": [f"{', '.join(ReportStatus.values)}, all"]}
                )
            return selectors.triage_queue(
                user=self.request.user, status=None if status == "all" else status
            )
        return selectors.reports_visible(user=self.request.user)

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=[*ReportStatus.values, "all"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=ReportDetailSerializer)
    def retrieve(self, request, pk=None):
        report = self.get_object()
        report.duplicates = selectors.report_duplicates(user=request.user, report=report)
        return Response(ReportDetailSerializer(report, context={"request": request}).data)

    def _answer(self, request, report):
        return Response(ReportSerializer(report, context={"request": request}).data)

    @extend_schema(request=AcceptSerializer, responses=MOVE_RESPONSES, summary="file as a case")
    @action(detail=True, methods=["post"], url_path="accept", url_name="accept")
    def do_accept(self, request, pk=None):
        report = self.get_object()
        data = AcceptSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        report = services.report_accept(
            report=report,
            user=request.user,
            category=data.validated_data.get("category"),
            grid=data.validated_data.get("grid"),
            version=data.validated_data.get("version"),
        )
        return self._answer(request, report)

    @extend_schema(
        request=ReportMergeSerializer, responses=MOVE_RESPONSES, summary="merge into a case"
    )
    @action(detail=True, methods=["post"], url_path="merge", url_name="merge")
    def do_merge(self, request, pk=None):
        report = self.get_object()
        data = ReportMergeSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        report = services.report_merge(
            report=report,
            user=request.user,
            case=data.validated_data["case"],
            note=data.validated_data.get("note", ""),
            version=data.validated_data.get("version"),
        )
        return self._answer(request, report)

    @extend_schema(request=DeclineSerializer, responses=MOVE_RESPONSES, summary="decline")
    @action(detail=True, methods=["post"], url_path="decline", url_name="decline")
    def do_decline(self, request, pk=None):
        report = self.get_object()
        data = DeclineSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        report = services.report_decline(
            report=report,
            user=request.user,
            reason=data.validated_data["reason"],
            version=data.validated_data.get("version"),
        )
        return self._answer(request, report)


class LocateView(generics.GenericAPIView):
    """The grid whose boundary holds the point, among the caller's grids;
    404 when none does."""

    pagination_class = None
    serializer_class = LocateSerializer

    @extend_schema(
        parameters=[LocateSerializer],
        responses={
            200: LocatedGridSerializer,
            400: OpenApiResponse(description="lat/lng missing or out of range."),
            404: OpenApiResponse(description="No grid of the caller's holds the point."),
        },
    )
    def get(self, request):
        data = LocateSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        ids = grid_ids_at(data.validated_data["lat"], data.validated_data["lng"])
        grid = (
            OrgUnit.objects.visible_to(request.user)
            .defer("boundary")
            .filter(pk__in=ids)
            .order_by("pk")
            .first()
        )
        if grid is None:
            raise Http404
        return Response(
            {
                "id": grid.pk,
                "name": grid.name,
                "path": [u.name for u in breadcrumb(request.user, grid)],
            }
        )


class MapQuerySerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, min_value=1)
    figure = serializers.ChoiceField(choices=FIGURES, default="open_cases")
    cases = serializers.BooleanField(default=True)


def map_unit(user, pk):
    """The unit a map shows: `pk` in the caller's subtree (404 otherwise), or
    the caller's own area; the caller must see dashboards there (403)."""
    units = OrgUnit.objects.visible_to(user).defer("boundary")
    if pk is None:
        roots = [
            r for r in scope_roots(user) if has_capability(user, Capability.VIEW_DASHBOARDS, r)
        ]
        if not roots:
            raise PermissionDenied(_("Your position does not see the map."))
        return roots[0]
    unit = units.filter(pk=pk).first()
    if unit is None:
        raise Http404
    if not has_capability(user, Capability.VIEW_DASHBOARDS, unit):
        raise PermissionDenied(_("Your position does not see the map."))
    return unit


class MapView(generics.GenericAPIView):
    """The map (一张图): a GeoJSON FeatureCollection of the grids under
    `unit` (default: the caller's area), each feature's properties carrying
    `value` of the chosen `figure` (open_cases, overdue, closure_rate,
    satisfaction) and all four; the open cases as Point features under
    `cases` (leave them out with `cases=false`)."""

    pagination_class = None
    serializer_class = MapQuerySerializer

    @extend_schema(parameters=[MapQuerySerializer], responses={200: MapSerializer})
    def get(self, request):
        query = MapQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        unit = map_unit(request.user, query.validated_data.get("unit"))
        return Response(
            map_of(
                unit=unit,
                figure=query.validated_data["figure"],
                with_cases=query.validated_data["cases"],
            )
        )
