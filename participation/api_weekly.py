"""The weekly grid report API: the reports of the grids under a unit for a
week (default the last full week), the grid leader's edit and submission,
the community's return, where each grid stands; and emergency reports."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grid_gov.api import ConflictSerializer
from grid_gov.params import parse_day, parse_id
from orgs.access import scope_roots
from orgs.models import OrgUnit
from orgs.serializers import ScopedUnitField

from . import selectors
from .access import holds
from .models import EmergencyReport, WeeklyReport
from .services import weekly


class WeeklyReportSerializer(serializers.ModelSerializer):
    grid_name = serializers.CharField(source="grid.name", read_only=True)

    class Meta:
        model = WeeklyReport
        fields = [
            "id",
            "grid",
            "grid_name",
            "week",
            "figures",
            "text",
            "status",
            "version",
            "drafted_at",
            "due_at",
            "submitted_at",
            "late",
            "return_note",
        ]
        read_only_fields = [f for f in fields if f not in ("text",)]


class WeeklyEditSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, required=False, default="")
    version = serializers.IntegerField(required=False)


class WeeklyDraftSerializer(serializers.Serializer):
    grid = ScopedUnitField()
    week = serializers.DateField()


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class ReturnSerializer(VersionSerializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


WEEK_PARAMS = [
    OpenApiParameter("unit", int, description="the grids under this unit (default: all in scope)"),
    OpenApiParameter("week", str, description="YYYY-MM-DD, a Monday; default the last full week"),
]


def _unit_and_week(request):
    p = request.query_params
    errors = {}
    unit = None
    if p.get("unit"):
        pk = parse_id(p["unit"])
        unit = OrgUnit.objects.visible_to(request.user).filter(pk=pk).first() if pk else None
        if unit is None:
            errors["unit"] = [_("Choose a unit in your area.")]
    week = weekly.last_full_week()
    if p.get("week"):
        week = weekly.check_week(errors, parse_day(p["week"]) or "")
    if errors:
        raise ValidationError(errors)
    return unit, week


class WeeklyReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Weekly grid reports in the caller's subtree."""

    serializer_class = WeeklyReportSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WeeklyReport.objects.none()
        return selectors.weekly_reports_for(self.request.user).order_by("-week", "grid_id")

    @extend_schema(parameters=WEEK_PARAMS)
    def list(self, request, *args, **kwargs):
        unit, week = _unit_and_week(request)
        qs = self.get_queryset().filter(week=week)
        if unit is not None:
            qs = qs.in_subtree(unit)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=WeeklyDraftSerializer, responses={201: WeeklyReportSerializer})
    def create(self, request, *args, **kwargs):
        """Draft a grid's report of an ended week now (the Monday job does
        it for every grid); drafting again changes nothing."""
        body = WeeklyDraftSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        grid, week = body.validated_data["grid"], body.validated_data["week"]
        errors = {}
        weekly.check_week(errors, week)
        if grid.kind != "grid" or not holds(request.user, weekly.REPORT_WRITERS, grid):
            errors["grid"] = [_("Choose a grid in your area.")]
        if errors:
            raise ValidationError(errors)
        weekly.weekly_reports_draft(week=week, grids=[grid])
        report = self.get_queryset().get(grid=grid, week=week)
        return Response(self.get_serializer(report).data, status=201)

    @extend_schema(
        request=WeeklyEditSerializer,
        responses={200: WeeklyReportSerializer, 409: ConflictSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        body = WeeklyEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        weekly.weekly_report_edit(
            report=report,
            user=request.user,
            text_value=body.validated_data["text"],
            version=body.validated_data.get("version"),
        )
        return Response(self.get_serializer(self.get_object()).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        request=VersionSerializer, responses={200: WeeklyReportSerializer, 409: ConflictSerializer}
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        weekly.weekly_report_submit(
            report=report, user=request.user, version=body.validated_data.get("version")
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        request=ReturnSerializer, responses={200: WeeklyReportSerializer, 409: ConflictSerializer}
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def send_back(self, request, pk=None):
        """The community returns a submitted report with a `note`."""
        report = self.get_object()
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        weekly.weekly_report_return(
            report=report,
            user=request.user,
            note=body.validated_data["note"],
            version=body.validated_data.get("version"),
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        parameters=WEEK_PARAMS,
        responses=inline_serializer(
            "WeeklyStanding",
            {
                "week": serializers.DateField(),
                "due_at": serializers.DateTimeField(),
                "grids": serializers.ListField(child=serializers.DictField()),
                "communities": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    @action(detail=False, methods=["get"])
    def standing(self, request):
        """Where each grid under the unit stands for the week (submitted,
        late, returned, pending, missing), and the counts per community."""
        unit, week = _unit_and_week(request)
        roots = [unit] if unit is not None else scope_roots(request.user)
        rows = [row for root in roots for row in selectors.weekly_table(root, week)]
        return Response(
            {
                "week": week,
                "due_at": weekly.due_at(week),
                "grids": [
                    {
                        "grid": r["grid"].pk,
                        "name": r["grid"].name,
                        "community": r["community"].pk if r["community"] else None,
                        "report": r["report"].pk if r["report"] else None,
                        "state": r["state"],
                    }
                    for r in rows
                ],
                "communities": [
                    {
                        **{k: v for k, v in c.items() if k != "community"},
                        "community": c["community"].pk if c["community"] else None,
                        "name": c["community"].name if c["community"] else "",
                    }
                    for c in selectors.weekly_summary(rows)
                ],
            }
        )


class EmergencySerializer(serializers.ModelSerializer):
    unit = ScopedUnitField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = EmergencyReport
        fields = ["id", "unit", "unit_name", "title", "text", "place", "sent_at"]
        read_only_fields = ["sent_at"]
        extra_kwargs = {"title": {"validators": []}, "text": {"validators": []}}


class EmergencyReportViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """急报: sent at any time; the community and the street are told at once."""

    serializer_class = EmergencySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EmergencyReport.objects.none()
        return selectors.emergency_reports_for(self.request.user).order_by("-sent_at", "-id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = weekly.emergency_report_send(
            user=self.request.user,
            unit=data["unit"],
            title=data.get("title", ""),
            text_value=data.get("text", ""),
            place=data.get("place", ""),
        )
