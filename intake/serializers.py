"""API shapes of the triage queue. Input serializers check the form of a
request; the services check what triage itself requires."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.models import Case, CaseCategory
from cases.serializers import CategoryBriefSerializer
from members import masking
from orgs.models import OrgUnit
from orgs.serializers import UnitBriefSerializer

from .models import IntakeReport
from .services import REASON_MAX


class CaseBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "number", "status"]


class DuplicateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    distance_m = serializers.IntegerField()
    similarity = serializers.FloatField()


class ReportSerializer(serializers.ModelSerializer):
    unit = UnitBriefSerializer()
    category = CategoryBriefSerializer(allow_null=True)
    case = CaseBriefSerializer(allow_null=True)
    contact_phone = serializers.SerializerMethodField()
    photo = serializers.SerializerMethodField()
    client = serializers.SerializerMethodField()

    class Meta:
        model = IntakeReport
        fields = [
            "id",
            "receipt",
            "channel",
            "client",
            "external_id",
            "title",
            "description",
            "category",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "photo",
            "unit",
            "status",
            "case",
            "decline_reason",
            "version",
            "created_at",
            "handled_at",
        ]

    def get_contact_phone(self, report) -> str:
        return masking.masked("contact_phone", report.contact_phone)

    def get_photo(self, report) -> bool:
        return bool(report.photo)

    def get_client(self, report) -> str | None:
        return report.client.name if report.client_id else None


class ReportDetailSerializer(ReportSerializer):
    duplicates = DuplicateSerializer(many=True, read_only=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "duplicates"]


def _scoped_grid_queryset(serializer):
    return OrgUnit.objects.visible_to(serializer.context["request"].user).filter(kind="grid")


@extend_schema_field(OpenApiTypes.INT)
class ScopedGridField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown grid: {pk_value}."),
        "incorrect_type": _("Give the grid's numeric id."),
    }

    def get_queryset(self):
        return _scoped_grid_queryset(self)


@extend_schema_field(OpenApiTypes.INT)
class ScopedCaseField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown case: {pk_value}."),
        "incorrect_type": _("Give the case's numeric id."),
    }

    def get_queryset(self):
        return Case.objects.visible_to(self.context["request"].user)


@extend_schema_field(OpenApiTypes.INT)
class CategoryField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown category: {pk_value}."),
        "incorrect_type": _("Give the category's numeric id."),
    }

    def get_queryset(self):
        return CaseCategory.objects.filter(active=True)


class AcceptSerializer(serializers.Serializer):
    category = CategoryField(required=False, allow_null=True)
    grid = ScopedGridField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)


class ReportMergeSerializer(serializers.Serializer):
    case = ScopedCaseField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX)
    version = serializers.IntegerField(required=False)


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=REASON_MAX)
    version = serializers.IntegerField(required=False)


class LocateSerializer(serializers.Serializer):
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90)
    lng = serializers.DecimalField(max_digits=10, decimal_places=6, min_value=-180, max_value=180)


# --- answers of locate and the map ---------------------------------------------


class LocatedGridSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    path = serializers.ListField(child=serializers.CharField())


class GridFiguresSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    figure = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    open_cases = serializers.IntegerField()
    overdue = serializers.IntegerField()
    closure_rate = serializers.FloatField(allow_null=True)
    satisfaction = serializers.FloatField(allow_null=True)


class GridFeatureSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    geometry = serializers.JSONField()
    properties = GridFiguresSerializer()


class CasePointPropertiesSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    overdue = serializers.BooleanField()


class CasePointGeometrySerializer(serializers.Serializer):
    type = serializers.CharField()
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class CasePointSerializer(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.IntegerField()
    geometry = CasePointGeometrySerializer()
    properties = CasePointPropertiesSerializer()


class MapSerializer(serializers.Serializer):
    """A GeoJSON FeatureCollection of grids; `cases` only when asked for."""

    type = serializers.CharField()
    unit = UnitBriefSerializer()
    figure = serializers.CharField()
    features = GridFeatureSerializer(many=True)
    cases = CasePointSerializer(many=True, required=False)
