import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, mixins, parsers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grid_gov.api import ConflictSerializer
from grid_gov.params import parse_day, parse_id
from members.api import SubtreeFilter
from orgs.models import OrgUnit

from . import selectors, services
from .errors import ParticipationConflict
from .models import Activity, ActivityKind, Demand, DemandKind, DemandStatus
from .serializers import (
    ActivityDetailSerializer,
    ActivitySerializer,
    AttendanceSerializer,
    DemandCancelSerializer,
    DemandClaimSerializer,
    DemandCompleteSerializer,
    DemandDetailSerializer,
    DemandRateSerializer,
    DemandSerializer,
    DualReportSerializer,
    MissedRowSerializer,
    PledgeCreateSerializer,
    ServiceRecordSerializer,
    SignupResultSerializer,
    SignupSerializer,
    TeamMemberSerializer,
    TeamSerializer,
    VenuePhotoSerializer,
    VenueSerializer,
    call,
    conflict_body,
)

CONFLICT = {409: ConflictSerializer}


class ConflictAnswers:
    """A ParticipationConflict answers 409 with the record's present status
    and version (and a message per field where it concerns one)."""

    def handle_exception(self, exc):
        if isinstance(exc, ParticipationConflict):
            return Response(conflict_body(exc), status=409)
        return super().handle_exception(exc)


PARSERS = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]


class VenueViewSet(
    ConflictAnswers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Venues kept or served in the caller's subtree; community and street
    staff create and change them."""

    serializer_class = VenueSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.venues_for(self.request.user).order_by("name", "id")

    def _save(self, serializer, venue=None):
        data = dict(serializer.validated_data)
        if venue is not None:
            for name in ("keeper", "name", "kind", "address", "latitude", "longitude"):
                data.setdefault(name, getattr(venue, name))
            data.setdefault("units", list(venue.units.all()))
            data.setdefault("standards", venue.standards)
            data.setdefault("opening_hours", venue.opening_hours)
            data.setdefault("duty_roster", venue.duty_roster)
        serializer.instance = call(services.venue_save, user=self.request.user, venue=venue, **data)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    @extend_schema(request=VenuePhotoSerializer, responses={201: VenueSerializer})
    @action(detail=True, methods=["post"], parser_classes=PARSERS)
    def photos(self, request, pk=None):
        """A photo showing one standard met (the standard is ticked with it)."""
        venue = self.get_object()
        serializer = VenuePhotoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(services.venue_photo_add, user=request.user, venue=venue, **serializer.validated_data)
        return Response(VenueSerializer(self.get_object()).data, status=201)


class ActivityFilter(django_filters.FilterSet):
    unit = SubtreeFilter()
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)
    date_from = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="starts_at", lookup_expr="date__lte")

    class Meta:
        model = Activity
        fields = ["unit", "kind", "date_from", "date_to"]


class ActivityViewSet(
    ConflictAnswers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Activities in the caller's subtree, or near the calling member."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter

    def get_queryset(self):
        return selectors.activities_for(self.request.user).order_by("-starts_at", "-id")

    def get_serializer_class(self):
        return ActivityDetailSerializer if self.action == "retrieve" else ActivitySerializer

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create":
            user = self.request.user
            serializer.fields["venue"].queryset = selectors.venues_for(user)
            serializer.fields["team"].queryset = selectors.teams_for(user)
        return serializer

    @extend_schema(responses={201: ActivitySerializer, 409: ConflictSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = call(
            services.activity_create, user=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=SignupSerializer, responses={201: SignupResultSerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        """Sign up the calling member (or, for an organizer, `member`)."""
        activity = self.get_object()
        serializer = SignupSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        signup = call(
            services.activity_signup,
            user=request.user,
            activity=activity,
            member=serializer.validated_data.get("member"),
            online=serializer.validated_data.get("online", False),
        )
        return Response(
            {"activity": activity.pk, "member": signup.member_id, "online": signup.online},
            status=201,
        )

    @extend_schema(
        request=AttendanceSerializer, responses={200: ActivityDetailSerializer, **CONFLICT}
    )
    @action(detail=True, methods=["post"], parser_classes=PARSERS)
    def attendance(self, request, pk=None):
        """Record attendance: `members` present, `online`, `absences`
        (id → leave/sick/floating/absent), `residents` by count, `minutes`,
        and photos (multipart). Recording again replaces it."""
        activity = self.get_object()
        serializer = AttendanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(
            services.activity_attendance_record,
            user=request.user,
            activity=activity,
            photos=request.FILES.getlist("photos"),
            **serializer.validated_data,
        )
        return Response(ActivityDetailSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: ActivitySerializer, **CONFLICT})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        activity = self.get_object()
        call(services.activity_cancel, user=request.user, activity=activity)
        return Response(ActivitySerializer(self.get_object()).data)


class MissedOrgLifeView(generics.GenericAPIView):
    """Members of a branch (grid or party group) and the organizational life
    they missed in a period, with the reasons recorded."""

    serializer_class = MissedRowSerializer
    pagination_class = None
    queryset = Activity.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, required=True),
            OpenApiParameter("from", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, required=True, description="YYYY-MM-DD"),
        ],
        responses=MissedRowSerializer(many=True),
    )
    def get(self, request):
        p = request.query_params
        errors = {}
        unit_id = parse_id(p.get("unit"))
        unit = (
            OrgUnit.objects.visible_to(request.user).filter(pk=unit_id).first()
            if unit_id is not None
            else None
        )
        if unit is None or unit.kind not in ("grid", "party_group"):
            errors["unit"] = [_("Choose a branch (grid) or party group in your area.")]
        start, end = parse_day(p.get("from")), parse_day(p.get("to"))
        if start is None:
            errors["from"] = [_("Enter a date as YYYY-MM-DD.")]
        if end is None:
            errors["to"] = [_("Enter a date as YYYY-MM-DD.")]
        elif start is not None and end < start:
            errors["to"] = [_("The period ends before it starts.")]
        if errors:
            raise exceptions.ValidationError(errors)
        return Response(
            MissedRowSerializer(selectors.missed_org_life(unit, start, end), many=True).data
        )


class TeamViewSet(
    ConflictAnswers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Volunteer teams with their members and the hours they served."""

    serializer_class = TeamSerializer

    def get_queryset(self):
        return selectors.teams_for(self.request.user).order_by("name", "id")

    def perform_create(self, serializer):
        team = call(services.team_create, user=self.request.user, **serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=team.pk)

    @extend_schema(request=TeamMemberSerializer, responses={201: TeamSerializer})
    @action(detail=True, methods=["post"], serializer_class=TeamMemberSerializer)
    def members(self, request, pk=None):
        team = self.get_object()
        serializer = TeamMemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(services.team_member_add, user=request.user, team=team, **serializer.validated_data)
        return Response(TeamSerializer(self.get_object()).data, status=201)


class ServiceRecordViewSet(
    ConflictAnswers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Services done (纪实): volunteer hours, pledges kept, pioneer posts."""

    serializer_class = ServiceRecordSerializer
    parser_classes = PARSERS

    def get_queryset(self):
        return selectors.services_for(self.request.user).order_by("-on", "-id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = call(services.service_record, user=self.request.user, **data)


class DemandFilter(django_filters.FilterSet):
    unit = SubtreeFilter()
    status = django_filters.ChoiceFilter(choices=DemandStatus.choices)
    kind = django_filters.ChoiceFilter(choices=DemandKind.choices)

    class Meta:
        model = Demand
        fields = ["unit", "status", "kind"]


class DemandViewSet(
    ConflictAnswers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The demands board. Every action takes the `version` the caller saw;
    a stale one, or a status that does not allow it, answers 409."""

    serializer_class = DemandSerializer
    filterset_class = DemandFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Demand.objects.none()
        return selectors.demands_for(self.request.user).order_by("-posted_at", "-id")

    def get_serializer_class(self):
        return DemandDetailSerializer if self.action == "retrieve" else DemandSerializer

    def perform_create(self, serializer):
        serializer.instance = call(
            services.demand_post, user=self.request.user, **serializer.validated_data
        )

    def _act(self, request, service, serializer_class, **extra):
        demand = self.get_object()
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        call(service, demand=demand, user=request.user, **serializer.validated_data, **extra)
        return Response(
            DemandDetailSerializer(self.get_object(), context=self.get_serializer_context()).data
        )

    @extend_schema(
        request=DemandClaimSerializer, responses={200: DemandDetailSerializer, **CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Claim for the calling member, or for a `unit` where the caller holds a position."""
        return self._act(request, services.demand_claim, DemandClaimSerializer)

    @extend_schema(
        request=DemandCompleteSerializer, responses={200: DemandDetailSerializer, **CONFLICT}
    )
    @action(detail=True, methods=["post"], parser_classes=PARSERS)
    def complete(self, request, pk=None):
        return self._act(request, services.demand_complete, DemandCompleteSerializer)

    @extend_schema(
        request=DemandRateSerializer, responses={200: DemandDetailSerializer, **CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return self._act(request, services.demand_rate, DemandRateSerializer)

    @extend_schema(
        request=DemandCancelSerializer, responses={200: DemandDetailSerializer, **CONFLICT}
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(request, services.demand_cancel, DemandCancelSerializer)


class DualReportViewSet(
    ConflictAnswers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Dual reports (双报到) the caller sees, or the calling member's own, with
    their pledges (践诺); the services done (纪实) are `POST /services/` with
    `kind` pledge and the `pledge`."""

    serializer_class = DualReportSerializer

    def get_queryset(self):
        return (
            selectors.reports_for(self.request.user)
            .select_related("member")
            .prefetch_related("pledges")
            .order_by("-reported_on", "-id")
        )

    @extend_schema(request=PledgeCreateSerializer, responses={201: DualReportSerializer})
    @action(detail=True, methods=["post"])
    def pledges(self, request, pk=None):
        """A service pledged: by the member, or by the community reported to."""
        report = self.get_object()
        serializer = PledgeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(services.pledge_add, user=request.user, report=report, **serializer.validated_data)
        return Response(DualReportSerializer(self.get_object()).data, status=201)
