"""API shapes of the case loop. Input serializers check the form of a request
(types, lengths, ids in scope); the services check everything the loop
itself requires. Neither changes a case by itself."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from members import masking
from orgs.kinds import UnitKind
from orgs.models import OrgUnit
from orgs.serializers import UnitBriefSerializer

from . import rules, selectors
from .models import Case, CaseCategory, CaseEvent, Satisfaction, Source, Urgency
from .photos import MAX_PHOTOS
from .services import LIMITS

# --- output ----------------------------------------------------------------


class CategoryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseCategory
        fields = ["id", "name", "code"]


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


def _photos_of(obj):
    """A case's or an event's photos: as loaded by selectors.case_with_details."""
    loaded = getattr(obj, "photo_list", None)
    return loaded if loaded is not None else obj.photos.order_by("id")


def _timeline(case):
    loaded = getattr(case, "timeline", None)
    return loaded if loaded is not None else case.events.all()


def _photo_urls(request, photos) -> list[str]:
    urls = [reverse("api-case-photo", args=[p.pk]) for p in photos]
    return [request.build_absolute_uri(u) if request else u for u in urls]


class CaseEventSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(allow_null=True)
    from_unit = UnitBriefSerializer(allow_null=True)
    to_unit = UnitBriefSerializer(allow_null=True)
    photos = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = [
            "id",
            "action",
            "actor",
            "at",
            "from_unit",
            "to_unit",
            "from_status",
            "to_status",
            "note",
            "photos",
        ]

    def get_photos(self, event) -> list[str]:
        return _photo_urls(self.context.get("request"), _photos_of(event))


# Shared, unbound field objects: they render a value as the declared fields do.
_DATETIME = serializers.DateTimeField()
_COORDINATE = serializers.DecimalField(max_digits=9, decimal_places=6)


def _when(value):
    return None if value is None else _DATETIME.to_representation(value)


def _unit(unit):
    return None if unit is None else {"id": unit.pk, "name": unit.name, "kind": unit.kind}


def _person(user):
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


class CaseListSerializer(serializers.ModelSerializer):
    category = CategoryBriefSerializer()
    grid = UnitBriefSerializer()
    responsible_unit = UnitBriefSerializer()
    overdue = serializers.SerializerMethodField()
    was_overdue = serializers.SerializerMethodField()
    supervising_unit = UnitBriefSerializer(allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "title",
            "status",
            "urgency",
            "source",
            "category",
            "grid",
            "responsible_unit",
            "highest_level",
            "reported_at",
            "due_at",
            "overdue",
            "was_overdue",
            "supervising_unit",
            "version",
        ]

    def get_overdue(self, case) -> bool:
        """The current deadline has passed."""
        return selectors.is_overdue(case)

    def get_was_overdue(self, case) -> bool:
        """A deadline was missed in some stint; never cleared."""
        return selectors.was_overdue(case)

    def to_representation(self, case):
        """What the declared fields give, written out: building DRF's field
        objects and walking them cost more than the rest of a list row.
        tests/cases/test_it_renders_cases_as_declared.py holds the two equal."""
        category = case.category
        return {
            "id": case.pk,
            "number": case.number,
            "title": case.title,
            "status": case.status,
            "urgency": case.urgency,
            "source": case.source,
            "category": {"id": category.pk, "name": category.name, "code": category.code},
            "grid": _unit(case.grid),
            "responsible_unit": _unit(case.responsible_unit),
            "highest_level": case.highest_level,
            "reported_at": _when(case.reported_at),
            "due_at": _when(case.due_at),
            "overdue": self.get_overdue(case),
            "was_overdue": self.get_was_overdue(case),
            "supervising_unit": _unit(case.supervising_unit),
            "version": case.version,
        }


class ExtensionSerializer(serializers.Serializer):
    """One extension request of the case (延期申请)."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    requested_by = PersonSerializer()
    requested_at = serializers.DateTimeField()
    previous_due_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField()
    reason = serializers.CharField()
    decider_unit = UnitBriefSerializer()
    decided_by = PersonSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()


def _extension(extension) -> dict:
    return {
        "id": extension.pk,
        "status": extension.status,
        "requested_by": _person(extension.requested_by),
        "requested_at": _when(extension.requested_at),
        "previous_due_at": _when(extension.previous_due_at),
        "due_at": _when(extension.due_at),
        "reason": extension.reason,
        "decider_unit": _unit(extension.decider_unit),
        "decided_by": _person(extension.decided_by),
        "decided_at": _when(extension.decided_at),
        "note": extension.note,
    }


class MergedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()


class CaseDetailSerializer(CaseListSerializer):
    community = UnitBriefSerializer(allow_null=True)
    street = UnitBriefSerializer(allow_null=True)
    reporter = PersonSerializer()
    resident_phone = serializers.SerializerMethodField()
    resolved_by_unit = UnitBriefSerializer(allow_null=True)
    merged_into = serializers.SerializerMethodField()
    merged = serializers.SerializerMethodField()
    extensions = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    events = CaseEventSerializer(many=True)
    actions = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "description",
            "address",
            "latitude",
            "longitude",
            "community",
            "street",
            "reporter",
            "resident_name",
            "resident_phone",
            "accepted_at",
            "resolved_at",
            "resolved_by_unit",
            "closed_at",
            "result",
            "satisfaction",
            "feedback",
            "reopen_count",
            "self_handled",
            "closed_on_time",
            "merged_into",
            "merged",
            "extensions",
            "photos",
            "events",
            "actions",
        ]

    def get_resident_phone(self, case) -> str:
        """Masked for everyone; POST .../reveal/ shows it in full, logged."""
        return masking.mask_phone(case.resident_phone)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "number": {"type": "string"}},
        }
    )
    def get_merged_into(self, case):
        if case.merged_into_id is None:
            return None
        return {"id": case.merged_into_id, "number": case.merged_into.number}

    @extend_schema_field(MergedCaseSerializer(many=True))
    def get_merged(self, case) -> list[dict]:
        """The cases merged into this one, oldest first."""
        return [{"id": c.pk, "number": c.number} for c in selectors.case_merged(case)]

    @extend_schema_field(ExtensionSerializer(many=True))
    def get_extensions(self, case) -> list[dict]:
        """The extension requests, oldest first."""
        return [_extension(e) for e in selectors.case_extensions(case)]

    def get_photos(self, case) -> list[str]:
        return _photo_urls(self.context.get("request"), _photos_of(case))

    def get_actions(self, case) -> list[str]:
        """The actions the caller may take on the case now."""
        return rules.actions_for_user(self.context["request"].user, case)

    def to_representation(self, case):
        """What the declared fields give, written out (see the list's)."""
        request = self.context.get("request")
        coordinate = {
            name: None if value is None else _COORDINATE.to_representation(value)
            for name, value in (("latitude", case.latitude), ("longitude", case.longitude))
        }
        return {
            **super().to_representation(case),
            "description": case.description,
            "address": case.address,
            **coordinate,
            "community": _unit(case.community),
            "street": _unit(case.street),
            "reporter": _person(case.reporter),
            "resident_name": case.resident_name,
            "resident_phone": self.get_resident_phone(case),
            "accepted_at": _when(case.accepted_at),
            "resolved_at": _when(case.resolved_at),
            "resolved_by_unit": _unit(case.resolved_by_unit),
            "closed_at": _when(case.closed_at),
            "result": case.result,
            "satisfaction": case.satisfaction,
            "feedback": case.feedback,
            "reopen_count": case.reopen_count,
            "self_handled": bool(case.self_handled),
            "closed_on_time": case.closed_on_time,
            "merged_into": self.get_merged_into(case),
            "merged": self.get_merged(case),
            "extensions": self.get_extensions(case),
            "photos": self.get_photos(case),
            "events": [
                {
                    "id": event.pk,
                    "action": event.action,
                    "actor": _person(event.actor),
                    "at": _when(event.at),
                    "from_unit": _unit(event.from_unit),
                    "to_unit": _unit(event.to_unit),
                    "from_status": event.from_status,
                    "to_status": event.to_status,
                    "note": event.note,
                    "photos": _photo_urls(request, _photos_of(event)),
                }
                for event in _timeline(case)
            ],
            "actions": self.get_actions(case),
        }


# --- input -----------------------------------------------------------------


def _text(field: str, *, required: bool):
    return serializers.CharField(
        max_length=LIMITS[field],
        required=required,
        allow_blank=not required,
        default="" if not required else serializers.empty,
        trim_whitespace=True,
    )


@extend_schema_field(OpenApiTypes.INT)
class ScopedGridField(serializers.PrimaryKeyRelatedField):
    """A grid in the caller's subtree; anything else reads as unknown."""

    default_error_messages = {
        "does_not_exist": _("Choose a grid in your area."),
        "incorrect_type": _("Give the grid's numeric id."),
        # An empty choice arrives as null: say what to do, not "may not be null".
        "null": _("Choose a grid."),
    }

    def get_queryset(self):
        user = self.context["request"].user
        return OrgUnit.objects.visible_to(user).filter(kind=UnitKind.GRID)


@extend_schema_field(OpenApiTypes.INT)
class LeafCategoryField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        "does_not_exist": _("Unknown category."),
        "incorrect_type": _("Give the category's numeric id."),
        "null": _("Choose a category."),
    }

    def get_queryset(self):
        return CaseCategory.objects.filter(active=True)

    def to_internal_value(self, data):
        category = super().to_internal_value(data)
        if not category.is_leaf_node():
            raise serializers.ValidationError(_("Choose a category with no subcategories."))
        return category


class CoordinateField(serializers.FloatField):
    """Browsers report many decimals; six (about 10 cm) are kept."""

    def to_internal_value(self, data):
        if data in ("", None):
            return None
        value = super().to_internal_value(data)
        return Decimal(str(round(value, 6)))


class PhotosField(serializers.ListField):
    child = serializers.FileField(allow_empty_file=False)

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_PHOTOS)
        kwargs.setdefault("default", list)
        super().__init__(**kwargs)
        self.error_messages["max_length"] = _("At most %(n)d photos, please.") % {"n": MAX_PHOTOS}

    def get_value(self, dictionary):
        # Multipart: every file under the same name; JSON cannot carry files.
        if hasattr(dictionary, "getlist"):
            files = [f for f in dictionary.getlist(self.field_name) if f]
            return files or serializers.empty
        return super().get_value(dictionary)


class VisitField(serializers.IntegerField):
    """The household visit a case is filed from: one the caller can see, in
    the case's grid, that no case was filed from yet (checked by the service)."""

    def to_internal_value(self, data):
        if data in ("", None):
            return None
        value = super().to_internal_value(data)
        from members.models import Visit

        visit = (
            Visit.objects.visible_to(self.context["request"].user)
            .select_related("household")
            .filter(pk=value)
            .first()
        )
        if visit is None:
            raise serializers.ValidationError(_("Choose a visit in your area."))
        return visit


class CaseFileSerializer(serializers.Serializer):
    title = _text("title", required=True)
    description = _text("description", required=True)
    category = LeafCategoryField()
    grid = ScopedGridField()
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.GRID_PATROL)
    address = _text("address", required=False)
    latitude = CoordinateField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = CoordinateField(required=False, allow_null=True, min_value=-180, max_value=180)
    resident_name = _text("resident_name", required=False)
    resident_phone = _text("resident_phone", required=False)
    photos = PhotosField()
    visit = VisitField(required=False, allow_null=True, default=None)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class NoteSerializer(VersionSerializer):
    note = _text("note", required=False)


class RequiredNoteSerializer(VersionSerializer):
    note = _text("note", required=True)


class DispatchSerializer(NoteSerializer):
    to_unit = serializers.IntegerField()

    def validate_to_unit(self, value):
        unit = OrgUnit.objects.filter(pk=value).first()
        if unit is None:
            raise serializers.ValidationError(_("Unknown unit."))
        return unit


class ResolveSerializer(VersionSerializer):
    result = _text("result", required=True)
    photos = PhotosField()


class CloseSerializer(VersionSerializer):
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    feedback = _text("feedback", required=False)


class CancelSerializer(VersionSerializer):
    reason = _text("reason", required=True)


class RequestExtensionSerializer(VersionSerializer):
    due_at = serializers.DateTimeField(
        error_messages={
            "required": _("Give the new deadline you ask for."),
            "invalid": _("Give the new deadline as a date and time."),
            "null": _("Give the new deadline you ask for."),
        }
    )
    reason = _text("reason", required=True)


class DecideExtensionSerializer(VersionSerializer):
    grant = serializers.BooleanField(
        error_messages={
            "required": _("Say whether you grant the extension."),
            "invalid": _("Say whether you grant the extension."),
            "null": _("Say whether you grant the extension."),
        }
    )
    note = _text("note", required=False)


class MergeSerializer(VersionSerializer):
    into = serializers.IntegerField(
        error_messages={
            "required": _("Give the case this one duplicates."),
            "invalid": _("Give the number of the case this one duplicates."),
            "null": _("Give the case this one duplicates."),
        }
    )
    note = _text("note", required=False)


ACTION_SERIALIZERS = {
    "accept": NoteSerializer,
    "escalate": RequiredNoteSerializer,
    "dispatch": DispatchSerializer,
    "return": RequiredNoteSerializer,
    "resolve": ResolveSerializer,
    "close": CloseSerializer,
    "reopen": RequiredNoteSerializer,
    "cancel": CancelSerializer,
    "urge": NoteSerializer,
    "request_extension": RequestExtensionSerializer,
    "decide_extension": DecideExtensionSerializer,
    "merge": MergeSerializer,
}


class CategoryNodeSerializer(serializers.Serializer):
    """One node of the category tree (for the schema; built by a selector)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    deadlines = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    children = serializers.ListField(child=serializers.DictField())
