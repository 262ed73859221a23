"""API shapes of party life. A demand shows the claimer the street and the
building, never the household's ID or phone; once claimed, the phone only
masked (the grid staff call through)."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers

from members.models import DualReport, PartyMember
from orgs.serializers import ScopedUnitField

from .access import DEMAND_STAFF, holds
from .errors import ParticipationConflict
from .models import (
    Activity,
    ActivityKind,
    Demand,
    DemandEvent,
    DemandKind,
    Pledge,
    Presence,
    Satisfaction,
    ServiceKind,
    ServiceRecord,
    Standard,
    TeamMember,
    Venue,
    VenueKind,
    VolunteerTeam,
)
from .services.demands import is_claimer
from .transitions import actions_for_status


def conflict_body(exc: ParticipationConflict) -> dict:
    return exc.as_dict()


def call(fn, **kwargs):
    """Run a service: ValidationError → 400 with field messages,
    PermissionDenied → 403; a ParticipationConflict goes on to the view's
    handler (409)."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise serializers.ValidationError(detail) from exc
    except PermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class DutySerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=1, max_value=7)
    name = serializers.CharField(max_length=50)


class VenueSerializer(serializers.ModelSerializer):
    keeper = ScopedUnitField()
    units = ScopedUnitField(many=True, allow_empty=False)
    standards = serializers.ListField(
        child=serializers.ChoiceField(choices=Standard.choices), required=False
    )
    duty_roster = DutySerializer(many=True, required=False)
    kind = serializers.ChoiceField(choices=VenueKind.choices)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    photos = serializers.SerializerMethodField()

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "kind",
            "keeper",
            "address",
            "latitude",
            "longitude",
            "units",
            "standards",
            "photos",
            "opening_hours",
            "duty_roster",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_photos(self, venue):
        return [
            {"standard": p.standard, "url": reverse("party-photo", args=["venue", p.pk])}
            for p in venue.photos.all()
        ]


class VenuePhotoSerializer(serializers.Serializer):
    standard = serializers.ChoiceField(choices=Standard.choices)
    image = serializers.ImageField()


class ActivitySerializer(serializers.ModelSerializer):
    organizer = ScopedUnitField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.all(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=VolunteerTeam.objects.all(), required=False, allow_null=True
    )
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True, default=None)
    signups = serializers.IntegerField(source="signup_count", read_only=True, default=0)
    signed_up = serializers.SerializerMethodField()

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "kind",
            "organizer",
            "organizer_name",
            "team",
            "venue",
            "venue_name",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "online",
            "description",
            "status",
            "signups",
            "signed_up",
            "expected",
            "attended",
            "residents",
            "minutes",
            "version",
        ]
        read_only_fields = [
            "status",
            "expected",
            "attended",
            "residents",
            "minutes",
            "version",
        ]

    def get_signed_up(self, activity) -> bool:
        return bool(getattr(activity, "mine", False))


class AttendanceRowSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    presence = serializers.ChoiceField(choices=Presence.choices)


class ActivityDetailSerializer(ActivitySerializer):
    attendance = serializers.SerializerMethodField()

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "attendance"]

    @extend_schema_field(AttendanceRowSerializer(many=True))
    def get_attendance(self, activity):
        return [
            {"member": a.member_id, "name": a.member.name, "presence": a.presence}
            for a in activity.attendance.select_related("member").order_by("member__name")
        ]


class SignupSerializer(serializers.Serializer):
    member = serializers.PrimaryKeyRelatedField(
        queryset=PartyMember.objects.all(), required=False, allow_null=True
    )
    online = serializers.BooleanField(required=False, default=False)


class SignupResultSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    member = serializers.IntegerField()
    online = serializers.BooleanField()


class AttendanceSerializer(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    online = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    absences = serializers.DictField(
        child=serializers.ChoiceField(
            choices=[Presence.LEAVE, Presence.SICK, Presence.FLOATING, Presence.ABSENT]
        ),
        required=False,
        default=dict,
        help_text=_("Member id → leave, sick, floating or absent."),
    )
    residents = serializers.IntegerField(required=False, default=0, min_value=0)
    minutes = serializers.CharField(required=False, allow_blank=True, default="")


class TeamMemberSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(
        source="member.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = TeamMember
        fields = ["id", "member", "member_name", "resident_name"]
        extra_kwargs = {"member": {"required": False, "allow_null": True}}


class TeamSerializer(serializers.ModelSerializer):
    unit = ScopedUnitField()
    members = TeamMemberSerializer(many=True, read_only=True)
    hours = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True, default=0)

    class Meta:
        model = VolunteerTeam
        fields = ["id", "name", "unit", "members", "hours"]


class ServiceRecordSerializer(serializers.ModelSerializer):
    unit = ScopedUnitField()
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    member_name = serializers.CharField(
        source="member.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "kind",
            "unit",
            "member",
            "member_name",
            "team",
            "resident_name",
            "pledge",
            "post",
            "activity",
            "on",
            "hours",
            "note",
            "photo",
        ]
        read_only_fields = ["activity"]
        extra_kwargs = {
            "member": {"required": False, "allow_null": True},
            "team": {"required": False, "allow_null": True},
            "pledge": {"required": False, "allow_null": True},
            "post": {"required": False, "allow_null": True},
            "photo": {"required": False},
        }


class DemandEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = DemandEvent
        fields = ["action", "from_status", "to_status", "at", "note"]


class DemandSerializer(serializers.ModelSerializer):
    grid = ScopedUnitField()
    kind = serializers.ChoiceField(choices=DemandKind.choices)
    grid_name = serializers.CharField(source="grid.name", read_only=True)
    contact_phone = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=20
    )
    contact = serializers.SerializerMethodField()
    claimed_by = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    # Blank until the demand is rated.
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Demand
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "grid",
            "grid_name",
            "place",
            "household",
            "contact_name",
            "contact_phone",
            "contact",
            "status",
            "version",
            "posted_at",
            "claimed_by",
            "claimed_at",
            "done_at",
            "done_note",
            "rated_at",
            "satisfaction",
            "feedback",
            "actions",
        ]
        read_only_fields = [
            "status",
            "version",
            "posted_at",
            "claimed_at",
            "done_at",
            "done_note",
            "rated_at",
            "satisfaction",
            "feedback",
        ]
        extra_kwargs = {
            "household": {"required": False, "allow_null": True, "write_only": True},
            "contact_name": {"write_only": True, "required": False},
        }

    @extend_schema_field(
        serializers.DictField(
            child=serializers.CharField(),
            help_text=_("Name and masked phone, once the demand is claimed; else null."),
            allow_null=True,
        )
    )
    def get_contact(self, demand):
        if demand.status in ("posted", "cancelled"):
            return None
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not (is_claimer(user, demand) or holds(user, DEMAND_STAFF, demand.grid)):
            return None
        return {"name": demand.contact_name, "phone": demand.contact_phone_masked}

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_claimed_by(self, demand):
        return demand.claimer_label or None

    def get_actions(self, demand) -> list[str]:
        return actions_for_status(demand.status)


class DemandDetailSerializer(DemandSerializer):
    events = DemandEventSerializer(many=True, read_only=True)

    class Meta(DemandSerializer.Meta):
        fields = [*DemandSerializer.Meta.fields, "events"]


class DemandVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()


@extend_schema_field(OpenApiTypes.INT)
class UnitIdField(ScopedUnitField):
    """A unit id in the caller's subtree."""


class DemandClaimSerializer(DemandVersionSerializer):
    unit = UnitIdField(required=False, allow_null=True)


class DemandCompleteSerializer(DemandVersionSerializer):
    note = serializers.CharField(max_length=1000)
    photo = serializers.ImageField(required=False)


class DemandRateSerializer(DemandVersionSerializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    feedback = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DemandCancelSerializer(DemandVersionSerializer):
    reason = serializers.CharField(max_length=500)


class MissedRowSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    expected = serializers.IntegerField()
    attended = serializers.IntegerField()
    online = serializers.IntegerField()
    missed = serializers.IntegerField()
    reasons = serializers.DictField(child=serializers.IntegerField())


class PledgeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pledge
        fields = ["id", "title"]


class DualReportSerializer(serializers.ModelSerializer):
    """A dual report (双报到) with what the member pledged (践诺)."""

    member_name = serializers.CharField(source="member.name", read_only=True)
    pledges = PledgeSerializer(many=True, read_only=True)

    class Meta:
        model = DualReport
        fields = [
            "id",
            "member",
            "member_name",
            "community_unit",
            "workplace",
            "reported_on",
            "services",
            "pledges",
        ]


class PledgeCreateSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
