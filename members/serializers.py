"""API shapes of people. ID numbers and phones are write-only in full and
read back masked; POST .../reveal/ is the one way to read them, and it is
logged."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgs.serializers import ScopedUnitField

from . import masking, services
from .links import case_from_visit_url
from .models import (
    Category,
    DualReport,
    Gender,
    Household,
    PartyMember,
    PioneerPledge,
    Relation,
    Resident,
    ScoreEntry,
    ScoreRule,
    Tag,
    Visit,
)
from .personal import validate_id_number, validate_phone


class PersonalFieldsMixin(serializers.Serializer):
    id_number = serializers.CharField(
        write_only=True, max_length=30, help_text=_("18 characters; read back masked.")
    )
    phone = serializers.CharField(write_only=True, max_length=20, required=False, allow_blank=True)
    id_number_masked = serializers.CharField(read_only=True)
    phone_masked = serializers.CharField(read_only=True)

    # DRF turns a Django ValidationError raised here into the field's messages.
    def validate_id_number(self, value):
        return validate_id_number(value)

    def validate_phone(self, value):
        return validate_phone(value)


class ScoreSourceSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()


class ScoreEntrySerializer(serializers.ModelSerializer):
    """A ledger line; written with a `rule` of the catalogue (its points by
    default), never to oneself."""

    entered_by = serializers.CharField(source="entered_by.username", read_only=True)
    rule = serializers.PrimaryKeyRelatedField(queryset=ScoreRule.objects.filter(active=True))
    rule_item = serializers.CharField(source="rule.item", read_only=True, default=None)
    points = serializers.IntegerField(required=False)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)
    on = serializers.DateField(required=False)
    source = serializers.SerializerMethodField()
    reverses = serializers.IntegerField(source="reverses_id", read_only=True)

    class Meta:
        model = ScoreEntry
        fields = [
            "id",
            "on",
            "rule",
            "rule_item",
            "points",
            "reason",
            "source",
            "reverses",
            "entered_by",
            "created_at",
        ]
        read_only_fields = ["id", "entered_by", "created_at"]

    @extend_schema_field(ScoreSourceSerializer(allow_null=True))
    def get_source(self, entry):
        if not entry.source_kind:
            return None
        return {"kind": entry.source_kind, "id": entry.source_id}


class LedgerSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    year = serializers.IntegerField()
    base = serializers.IntegerField()
    total = serializers.IntegerField(help_text=_("The base of 100 plus the year's entries."))
    rank = serializers.IntegerField(help_text=_("The member's place in the branch this year."))
    members_ranked = serializers.IntegerField()
    entries = ScoreEntrySerializer(many=True)


class ScoreReverseSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True)


class DualReportSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community_unit.name", read_only=True)

    class Meta:
        model = DualReport
        fields = ["community_unit", "community_name", "workplace", "reported_on", "services"]


class PioneerPledgeSerializer(serializers.ModelSerializer):
    posts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = PioneerPledge
        fields = ["posts", "services", "updated_at"]


class MemberSerializer(PersonalFieldsMixin, serializers.ModelSerializer):
    unit = ScopedUnitField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    category = serializers.ChoiceField(choices=Category.choices)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    dual_report = serializers.SerializerMethodField()
    pioneer_pledge = serializers.SerializerMethodField()

    class Meta:
        model = PartyMember
        fields = [
            "id",
            "name",
            "gender",
            "category",
            "unit",
            "unit_name",
            "joined_on",
            "id_number",
            "id_number_masked",
            "phone",
            "phone_masked",
            "score",
            "dual_report",
            "pioneer_pledge",
        ]
        read_only_fields = ["id", "score"]

    def get_dual_report(self, member) -> dict | None:
        report = getattr(member, "dual_report", None)
        return DualReportSerializer(report).data if report else None

    def get_pioneer_pledge(self, member) -> dict | None:
        pledge = getattr(member, "pioneer_pledge", None)
        return PioneerPledgeSerializer(pledge).data if pledge else None

    def create(self, validated_data):
        user = self.context["request"].user
        return services.member_create(user=user, **validated_data)

    def update(self, instance, validated_data):
        user = self.context["request"].user
        return services.member_update(member=instance, user=user, **validated_data)


class ResidentSerializer(PersonalFieldsMixin, serializers.ModelSerializer):
    relation = serializers.ChoiceField(choices=Relation.choices)
    birth_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_(
            "Read back only for callers who may see the resident's personal data "
            "(null otherwise: the age stands in for it)."
        ),
    )
    age = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "household",
            "name",
            "relation",
            "birth_date",
            "age",
            "id_number",
            "id_number_masked",
            "phone",
            "phone_masked",
        ]
        read_only_fields = ["id"]

    def to_representation(self, resident):
        data = super().to_representation(resident)
        request = self.context.get("request")
        user = request.user if request is not None else None
        if masking.birth_date_for(user, resident) is None:
            data["birth_date"] = None
        return data

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "household" in fields and not fields["household"].read_only:
            fields["household"].queryset = Household.objects.visible_to(request.user)
        return fields

    def create(self, validated_data):
        user = self.context["request"].user
        household = validated_data.pop("household")
        return services.resident_create(household=household, user=user, **validated_data)

    def update(self, instance, validated_data):
        user = self.context["request"].user
        return services.resident_update(resident=instance, user=user, **validated_data)


class NestedResidentSerializer(ResidentSerializer):
    class Meta(ResidentSerializer.Meta):
        fields = [f for f in ResidentSerializer.Meta.fields if f not in ("id_number", "phone")]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    grid = ScopedUnitField()
    party_group = ScopedUnitField(required=False, allow_null=True)
    member_household = ScopedUnitField(required=False, allow_null=True)
    tags = serializers.ListField(child=serializers.ChoiceField(choices=Tag.choices), required=False)
    residents = NestedResidentSerializer(many=True, read_only=True)

    class Meta:
        model = Household
        fields = [
            "id",
            "address",
            "grid",
            "party_group",
            "member_household",
            "tags",
            "note",
            "residents",
            "updated_at",
        ]
        read_only_fields = ["id", "residents", "updated_at"]
        validators = []  # the service checks (grid, address) with a message per field

    def create(self, validated_data):
        user = self.context["request"].user
        return services.household_create(user=user, **validated_data)

    def update(self, instance, validated_data):
        user = self.context["request"].user
        return services.household_update(household=instance, user=user, **validated_data)


class VisitSerializer(serializers.ModelSerializer):
    visitor = serializers.CharField(source="visitor.username", read_only=True)
    address = serializers.CharField(source="household.address", read_only=True)
    case_url = serializers.SerializerMethodField(
        help_text=_("The case form prefilled from this visit, when problems were found.")
    )

    class Meta:
        model = Visit
        fields = [
            "id",
            "household",
            "address",
            "visited_on",
            "visitor",
            "notes",
            "problems",
            "case_url",
        ]
        read_only_fields = ["id", "visitor"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["household"].queryset = Household.objects.visible_to(request.user)
        return fields

    def get_case_url(self, visit) -> str | None:
        return case_from_visit_url(visit) if visit.problems else None

    def create(self, validated_data):
        user = self.context["request"].user
        household = validated_data.pop("household")
        return services.visit_create(household=household, user=user, **validated_data)


class RevealSerializer(serializers.Serializer):
    id_number = serializers.CharField()
    phone = serializers.CharField(allow_blank=True)
