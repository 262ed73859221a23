from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import services
from .access import has_capability
from .kinds import Capability, UnitKind
from .models import OrgUnit, Position


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "name", "kind"]


@extend_schema_field(OpenApiTypes.INT)
class ScopedUnitField(serializers.PrimaryKeyRelatedField):
    """A unit id that must lie in the caller's subtree; anything else reads
    as unknown, whether or not it exists."""

    default_error_messages = {
        "does_not_exist": _("Unknown unit: {pk_value}."),
        "incorrect_type": _("Give the unit's numeric id."),
    }

    def get_queryset(self):
        return OrgUnit.objects.visible_to(self.context["request"].user)


class UnitSerializer(serializers.ModelSerializer):
    parent = ScopedUnitField(allow_null=True, required=False)
    path = serializers.SerializerMethodField()
    name = serializers.CharField(max_length=100, trim_whitespace=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "name",
            "kind",
            "code",
            "parent",
            "path",
            "households",
            "population",
            "latitude",
            "longitude",
        ]
        # The model's clean() names the offending field (code among siblings);
        # DRF's generic unique-together check would only say "non_field_errors".
        validators = []

    def get_path(self, obj) -> list[str]:
        return obj.path_names()

    def validate(self, attrs):
        user = self.context["request"].user
        parent = attrs.get("parent", self.instance.parent if self.instance else None)
        target = parent or self.instance
        if target is None:
            if not user.is_superuser:
                raise serializers.ValidationError(
                    {"parent": [_("Only a superuser may create a new root unit.")]}
                )
        elif not has_capability(user, Capability.MANAGE_TREE, target):
            raise serializers.ValidationError(
                {"parent": [_("You may not edit the tree at this unit.")]}
            )
        return attrs

    def create(self, validated_data):
        return services.unit_create(parent=validated_data.pop("parent", None), **validated_data)

    def update(self, instance, validated_data):
        return services.unit_update(unit=instance, **validated_data)


class PositionSerializer(serializers.ModelSerializer):
    unit = UnitBriefSerializer()

    class Meta:
        model = Position
        fields = ["id", "unit", "role"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="first_name")
    positions = PositionSerializer(many=True)


UnitKindField = serializers.ChoiceField(choices=UnitKind.choices)
