import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grid_gov.params import IdFilter
from orgs.access import has_capability
from orgs.kinds import Capability
from orgs.models import OrgUnit

from . import points, selectors, services
from .models import TAG_FIELDS, Category, Household, PartyMember, Resident, Tag, Visit
from .serializers import (
    HouseholdSerializer,
    LedgerSerializer,
    MemberSerializer,
    ResidentSerializer,
    RevealSerializer,
    ScoreEntrySerializer,
    ScoreReverseSerializer,
    VisitSerializer,
)

C = Capability


class SubtreeFilter(IdFilter):
    """`?unit=ID`: rows in that unit's subtree; the unit must be visible."""

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        unit = OrgUnit.objects.visible_to(self.parent.request.user).filter(pk=value).first()
        if unit is None:
            return qs.none()
        return qs.in_subtree(unit)


class MemberFilter(django_filters.FilterSet):
    unit = SubtreeFilter()
    category = django_filters.ChoiceFilter(choices=Category.choices)
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = PartyMember
        fields = ["unit", "category", "q"]


class HouseholdFilter(django_filters.FilterSet):
    unit = SubtreeFilter()
    tag = django_filters.ChoiceFilter(choices=Tag.choices, method="filter_tag")
    q = django_filters.CharFilter(field_name="address", lookup_expr="icontains")

    class Meta:
        model = Household
        fields = ["unit", "tag", "q"]

    def filter_tag(self, qs, name, value):
        return qs.filter(**{TAG_FIELDS[value]: True})


class ResidentFilter(django_filters.FilterSet):
    unit = SubtreeFilter()
    household = IdFilter(field_name="household_id")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Resident
        fields = ["unit", "household", "q"]


class VisitFilter(django_filters.FilterSet):
    unit = SubtreeFilter()
    household = IdFilter(field_name="household_id")
    date_from = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte")

    class Meta:
        model = Visit
        fields = ["unit", "household", "date_from", "date_to"]


def _reveal(request, record):
    values = services.personal_data_reveal(user=request.user, record=record, via="api")
    return Response(RevealSerializer(values).data)


class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Party members under the positions that may see them (403 for a
    caller whose positions never may)."""

    lookup_value_regex = r"[0-9]+"

    serializer_class = MemberSerializer
    filterset_class = MemberFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not has_capability(request.user, C.VIEW_PARTY_MEMBERS) and not (
            self.action == "scores" and self._own_member() is not None
        ):
            raise exceptions.PermissionDenied()

    def get_queryset(self):
        return (
            PartyMember.objects.granting(self.request.user, C.VIEW_PARTY_MEMBERS)
            .select_related("unit", "dual_report__community_unit", "pioneer_pledge")
            .prefetch_related("pioneer_pledge__posts")
            .order_by("id")
        )

    @extend_schema(request=None, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The member's full ID number and phone; the viewing is logged."""
        return _reveal(request, self.get_object())

    def _own_member(self):
        """The caller's own member record, when the URL names it."""
        own = getattr(self.request.user, "party_member", None)
        if own is not None and str(own.pk) == str(self.kwargs.get(self.lookup_field)):
            return own
        return None

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description=_("Default: this year."))],
        request=ScoreEntrySerializer,
        responses={200: LedgerSerializer, 201: ScoreEntrySerializer},
    )
    @action(detail=True, methods=["get", "post"], serializer_class=ScoreEntrySerializer)
    def scores(self, request, pk=None):
        """The member's ledger for a year (the base of 100, each entry with its
        rule and source, the total and the rank in the branch); POST adds a
        manual entry under a rule of the catalogue. The member reads their own."""
        member = self._own_member() if request.method == "GET" else None
        member = member or self.get_object()
        if request.method == "POST":
            serializer = ScoreEntrySerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            entry = services.score_add(
                member=member, user=request.user, **serializer.validated_data
            )
            return Response(ScoreEntrySerializer(entry).data, status=201)
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError:
            year = None
        # A year the calendar (and the database's dates) can hold.
        if year is None or not 1900 <= year <= 9998:
            raise exceptions.ValidationError({"year": [_("Enter a year such as 2026.")]})
        return Response(LedgerSerializer(points.ledger(member, year)).data)

    @extend_schema(request=ScoreReverseSerializer, responses={201: ScoreEntrySerializer})
    @action(
        detail=True,
        methods=["post"],
        url_path="scores/reverse",
        url_name="scores-reverse",
        serializer_class=ScoreReverseSerializer,
    )
    def scores_reverse(self, request, pk=None):
        """Correct an entry with a reversing entry (the ledger is append-only)."""
        member = self.get_object()
        serializer = ScoreReverseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = member.score_entries.filter(pk=serializer.validated_data["entry"]).first()
        if entry is None:
            raise exceptions.ValidationError({"entry": [_("No such entry in this ledger.")]})
        reversal = points.score_reverse(
            entry=entry,
            user=request.user,
            reason=serializer.validated_data.get("reason", ""),
        )
        return Response(ScoreEntrySerializer(reversal).data, status=201)


class HouseholdViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"[0-9]+"
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Household.objects.visible_to(self.request.user)
            .prefetch_related("residents")
            .order_by("id")
        )


class ResidentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"[0-9]+"
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Resident.objects.visible_to(self.request.user).order_by("id")

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action in ("update", "partial_update"):
            serializer.fields["household"].read_only = True
        return serializer

    @extend_schema(request=None, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The resident's full ID number and phone; the viewing is logged."""
        return _reveal(request, self.get_object())


class VisitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    lookup_value_regex = r"[0-9]+"
    serializer_class = VisitSerializer
    filterset_class = VisitFilter

    def get_queryset(self):
        return (
            Visit.objects.visible_to(self.request.user)
            .select_related("household", "visitor")
            .order_by("-visited_on", "-id")
        )


class SearchResultSerializer(serializers.Serializer):
    mode = serializers.CharField()
    households = HouseholdSerializer(many=True)
    residents = ResidentSerializer(many=True)
    members = MemberSerializer(many=True, allow_null=True)


class PeopleSearchView(generics.GenericAPIView):
    """Households, residents and party members in the caller's subtree by
    name, address, phone or full ID number (exact match on its keyed hash)."""

    serializer_class = SearchResultSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("q", str, required=True)])
    def get(self, request):
        q = request.query_params.get("q", "").strip()
        if not q:
            raise exceptions.ValidationError({"q": [_("Enter something to search for.")]})
        results = selectors.people_search(user=request.user, q=q)
        ctx = self.get_serializer_context()
        return Response(
            {
                "mode": results["mode"],
                "households": HouseholdSerializer(
                    results["households"], many=True, context=ctx
                ).data,
                "residents": ResidentSerializer(results["residents"], many=True, context=ctx).data,
                "members": MemberSerializer(results["members"], many=True, context=ctx).data
                if results["members"] is not None
                else None,
            }
        )
