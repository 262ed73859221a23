"""The cases part of the v1 API: list, file, read, act; the category tree."""

import mimetypes

import django_filters
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from grid_gov.api import ConflictSerializer
from grid_gov.params import YesNoFilter
from members.services import personal_data_reveal

from . import selectors, services
from .models import Case, CaseCategory, CasePhoto, Status, Urgency
from .pagination import CaseKeysetPagination
from .serializers import (
    ACTION_SERIALIZERS,
    CaseDetailSerializer,
    CaseFileSerializer,
    CaseListSerializer,
    CategoryNodeSerializer,
)
from .transitions import Action


class CaseFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(method="filter_unit", label="unit (whole subtree)")
    status = django_filters.ChoiceFilter(choices=Status.choices)
    category = django_filters.NumberFilter(method="filter_category")
    urgency = django_filters.ChoiceFilter(choices=Urgency.choices)
    overdue = YesNoFilter(
        method="filter_overdue",
        label="open cases that missed a deadline, in this stint or an earlier one",
    )
    was_overdue = YesNoFilter(
        method="filter_was_overdue", label="cases that ever missed a deadline"
    )
    q = django_filters.CharFilter(method="filter_q", max_length=100)
    mine = django_filters.ChoiceFilter(
        choices=[(m, m) for m in selectors.MINE],
        method="filter_mine",
        label="reported: what the caller filed (我上报的); done: what the caller acted on (已办)",
    )
    supervising = django_filters.BooleanFilter(
        method="filter_supervising", label="what the caller's unit supervises (督办)"
    )

    # What the filters resolved, for the list's count.
    resolved_unit = resolved_category = None
    category_unknown = False

    def filter_unit(self, qs, name, value):
        self.resolved_unit = selectors.unit_visible(user=self.request.user, pk=int(value))
        return selectors.cases_filter(qs, unit=self.resolved_unit)

    def filter_category(self, qs, name, value):
        self.resolved_category = CaseCategory.objects.filter(pk=int(value)).first()
        if self.resolved_category is None:
            self.category_unknown = True
            return qs.none()
        return selectors.cases_filter(qs, category=self.resolved_category)

    def filter_overdue(self, qs, name, value):
        return selectors.cases_filter(qs, overdue=value)

    def filter_was_overdue(self, qs, name, value):
        return selectors.cases_filter(qs, was_overdue=value)

    def filter_supervising(self, qs, name, value):
        return selectors.cases_filter(qs, supervising=value, user=self.request.user)

    def filter_q(self, qs, name, value):
        return selectors.cases_filter(qs, q=value)

    def filter_mine(self, qs, name, value):
        return qs.filter(selectors.mine_q(user=self.request.user, mine=value))

    def count(self, queryset) -> tuple[int, bool]:
        """(count, exact) of the filtered list: see `selectors.cases_count`."""
        if self.category_unknown:
            return 0, True
        data = self.form.cleaned_data
        return selectors.cases_count(
            queryset,
            user=self.request.user,
            unit=self.resolved_unit,
            status=data.get("status") or None,
            urgency=data.get("urgency") or None,
            category=self.resolved_category,
            other_filters=data.get("overdue") is not None
            or data.get("was_overdue") is not None
            or data.get("supervising") is not None
            or bool(data.get("mine"))
            or bool(data.get("q")),
        )


class CaseFilterBackend(DjangoFilterBackend):
    """The usual filter backend that also hands the view its filterset, so
    the list can tell its count from what the filters resolved."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise translate_validation(filterset.errors)
        queryset = filterset.qs
        view.filterset = filterset
        return queryset


def _action_view(name: str):
    serializer_class = ACTION_SERIALIZERS[name]

    def view(self, request, pk=None):
        return self.perform_action(request, name, serializer_class)

    view.__name__ = f"do_{name}"
    # The schema annotation goes on top of @action, which resets `kwargs`.
    return extend_schema(
        request={
            "application/json": serializer_class,
            "multipart/form-data": serializer_class,
        },
        responses={
            200: CaseDetailSerializer,
            400: OpenApiResponse(description="Bad input, per field."),
            403: OpenApiResponse(description="The caller's role may not take this action."),
            404: OpenApiResponse(description="No such case in the caller's subtree."),
            409: ConflictSerializer,
        },
        summary=f"{name} a case",
    )(action(detail=True, methods=["post"], url_path=name, url_name=name)(view))


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Cases in the caller's subtree. Every action takes the `version` the
    caller saw and answers with the case as `GET /cases/{id}/` does."""

    filterset_class = CaseFilter
    filter_backends = [CaseFilterBackend]
    filterset = None
    lookup_value_regex = r"\d+"
    pagination_class = CaseKeysetPagination
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.action == "list":
            return selectors.cases_for_list(user=self.request.user)
        return selectors.cases_visible(user=self.request.user)

    def list(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        rows = self.paginate_queryset(queryset)
        selectors.attach_briefs(rows)
        data = CaseListSerializer(rows, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def count_list(self, queryset) -> tuple[int, bool]:
        """The paginator's count: (count, exact)."""
        if self.filterset is not None:
            return self.filterset.count(queryset)
        return selectors.cases_count(queryset, user=self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return CaseListSerializer
        if self.action == "create":
            return CaseFileSerializer
        return CaseDetailSerializer

    def _detail(self, pk):
        case = selectors.case_get(user=self.request.user, pk=pk)
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data)

    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        request={"multipart/form-data": CaseFileSerializer, "application/json": CaseFileSerializer},
        responses={201: CaseDetailSerializer},
    )
    def create(self, request):
        serializer = CaseFileSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        case = services.case_file(user=request.user, **serializer.validated_data)
        # The case as filed, in the same shape as GET: the row just written
        # needs no second read, its events and photos are read back.
        case = selectors.case_with_details(case, user=request.user)
        data = CaseDetailSerializer(case, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_action(self, request, name, serializer_class):
        case = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        services.ACTION_SERVICES[Action(name)](
            case=case, user=request.user, **serializer.validated_data
        )
        return self._detail(case.pk)

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "CaseResidentPhone", {"resident_phone": serializers.CharField()}
            ),
            403: OpenApiResponse(description="The caller may not see personal data here."),
        },
    )
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The resident's phone in full; the viewing is logged."""
        case = selectors.case_get(user=request.user, pk=pk)
        return Response(personal_data_reveal(user=request.user, record=case, via="api"))

    do_accept = _action_view("accept")
    do_escalate = _action_view("escalate")
    do_dispatch = _action_view("dispatch")
    do_return = _action_view("return")
    do_resolve = _action_view("resolve")
    do_close = _action_view("close")
    do_reopen = _action_view("reopen")
    do_cancel = _action_view("cancel")
    do_urge = _action_view("urge")
    do_merge = _action_view("merge")
    do_request_extension = _action_view("request_extension")
    do_decide_extension = _action_view("decide_extension")


class CasePhotoView(generics.GenericAPIView):
    """One photo of a case, for those who can see the case (token or the
    browser session, so pages and outside clients use the same address)."""

    pagination_class = None

    def perform_content_negotiation(self, request, force=False):
        # The answer is the image itself: an `Accept: image/*` must not 406.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request, pk):
        photo = get_object_or_404(
            CasePhoto.objects.filter(case__in=Case.objects.visible_to(request.user)), pk=pk
        )
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=86400"
        return response


class CategoryTreeView(generics.GenericAPIView):
    """The category tree; each node carries its effective deadline hours per
    urgency. Cases are filed under a leaf (a node without children)."""

    pagination_class = None
    serializer_class = CategoryNodeSerializer

    @extend_schema(
        responses=inline_serializer(
            "CategoryTree",
            {
                "count": serializers.IntegerField(),
                "next": serializers.CharField(allow_null=True),
                "previous": serializers.CharField(allow_null=True),
                "results": CategoryNodeSerializer(many=True),
            },
        )
    )
    def get(self, request):
        roots = selectors.categories_tree()
        return Response({"count": len(roots), "next": None, "previous": None, "results": roots})
