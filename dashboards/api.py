from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from orgs.kinds import Capability
from orgs.models import OrgUnit
from orgs.scoping import subtree_q

from .assessment import ASSESSED_KINDS
from .models import AssessmentItem, AssessmentResult, AssessmentResultItem
from .periods import parse_period, parse_quarter
from .schema import DashboardSerializer
from .selectors import dashboard_figures
from .services import assessment_score_enter
from .unit_param import UnitNotFound, not_found_message, parse_unit_id, visible_unit


def _unit_or_error(request, raw, capability=Capability.VIEW_DASHBOARDS, errors=None):
    unit_id, unit_errors = parse_unit_id(raw)
    errors = dict(errors or {})
    if unit_errors:
        errors["unit"] = unit_errors
    if errors:
        raise ValidationError(errors)
    try:
        return visible_unit(request.user, unit_id, capability)
    except UnitNotFound:
        raise NotFound(not_found_message(unit_id)) from None


class DashboardView(APIView):
    """The dashboard figures of a node and of each of its children."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="unit id; default: your own area"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="first day (YYYY-MM-DD)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="last day (YYYY-MM-DD)"),
        ],
        responses={
            200: DashboardSerializer,
            400: OpenApiResponse(description="A bad period or unit id, per field."),
            404: OpenApiResponse(description="No such unit in the caller's subtree."),
        },
    )
    def get(self, request):
        date_from, date_to, errors = parse_period(
            request.query_params.get("from"), request.query_params.get("to")
        )
        unit = _unit_or_error(request, request.query_params.get("unit"), errors=errors)
        return Response(dashboard_figures(unit=unit, date_from=date_from, date_to=date_to))


class ResultItemSerializer(serializers.ModelSerializer):
    lost = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)

    class Meta:
        model = AssessmentResultItem
        fields = [
            "category_name",
            "item_name",
            "auto_source",
            "max_points",
            "points",
            "lost",
            "note",
        ]


class ResultSerializer(serializers.ModelSerializer):
    unit = serializers.SerializerMethodField()
    quarter = serializers.SerializerMethodField()

    class Meta:
        model = AssessmentResult
        fields = ["id", "unit", "quarter", "score", "points", "max_points", "stars", "published_at"]

    def get_unit(self, obj) -> dict:
        return {"id": obj.unit_id, "name": obj.unit.name, "kind": obj.unit.kind}

    def get_quarter(self, obj) -> str:
        return f"{obj.year}Q{obj.quarter}"


class ResultDetailSerializer(ResultSerializer):
    items = ResultItemSerializer(many=True, read_only=True)

    class Meta(ResultSerializer.Meta):
        fields = [*ResultSerializer.Meta.fields, "items"]


@extend_schema(
    parameters=[
        OpenApiParameter("unit", int, description="results of grids and party groups below it"),
        OpenApiParameter("quarter", str, description="e.g. 2025Q1"),
    ]
)
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published quarterly assessment results in the caller's subtree."""

    lookup_value_regex = r"[0-9]+"

    def get_serializer_class(self):
        return ResultDetailSerializer if self.action == "retrieve" else ResultSerializer

    def get_queryset(self):
        visible = OrgUnit.objects.visible_to(self.request.user)
        qs = AssessmentResult.objects.filter(unit__in=visible).select_related("unit")
        if self.action == "list":
            params = self.request.query_params
            errors = {}
            raw_quarter = params.get("quarter")
            if raw_quarter:
                quarter = parse_quarter(raw_quarter)
                if quarter is None:
                    errors["quarter"] = [
                        _("“%(value)s” is not a quarter: write it like 2025Q1.")
                        % {"value": raw_quarter}
                    ]
                else:
                    qs = qs.filter(year=quarter[0], quarter=quarter[1])
            if params.get("unit") or errors:
                unit = _unit_or_error(self.request, params.get("unit"), errors=errors)
                qs = qs.filter(subtree_q(unit, "unit"))
            return qs.order_by("-year", "-quarter", "-score", "unit__name", "id")
        return qs.prefetch_related("items")


class ScoreInputSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    quarter = serializers.CharField()
    item = serializers.IntegerField()
    points = serializers.DecimalField(max_digits=5, decimal_places=1)
    note = serializers.CharField(allow_blank=True, required=False, max_length=500)

    def validate_quarter(self, value):
        parsed = parse_quarter(value)
        if parsed is None:
            raise serializers.ValidationError(_("Write the quarter like 2025Q1."))
        return parsed


class AssessmentScoreView(APIView):
    """A community enters the score of one hand-scored item."""

    @extend_schema(request=ScoreInputSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        data = ScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        unit = _unit_or_error(request, v["unit"], capability=Capability.ENTER_ASSESSMENTS)
        if unit.kind not in ASSESSED_KINDS:
            raise ValidationError({"unit": [_("Only grids and party groups are assessed.")]})
        item = AssessmentItem.objects.filter(pk=v["item"], active=True).first()
        if item is None:
            raise ValidationError({"item": [_("There is no such item in the checklist.")]})
        score = assessment_score_enter(
            user=request.user,
            unit=unit,
            year=v["quarter"][0],
            quarter=v["quarter"][1],
            item=item,
            points=v["points"],
            note=v.get("note", ""),
        )
        return Response(
            {
                "unit": unit.pk,
                "quarter": f"{score.year}Q{score.quarter}",
                "item": item.pk,
                "points": str(score.points),
                "note": score.note,
            },
            status=status.HTTP_201_CREATED,
        )
