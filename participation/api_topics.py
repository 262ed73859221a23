"""The deliberation API (说事): topics in the caller's subtree, raising one,
and `POST …/{id}/{action}/` for every step. Errors go through the project's
one exception handler: 400 with field messages, 403, 404 out of scope, 409
when the step does not allow the action."""

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, parsers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from grid_gov.api import ConflictSerializer
from members.api import SubtreeFilter

from . import selectors, services
from .deliberation_flow import USER_ACTIONS
from .models import Topic, TopicLevel, TopicStatus
from .serializers_topics import TopicDetailSerializer, TopicSerializer, TopicStepSerializer
from .topic_input import run_step

PARSERS = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]


class TopicFilter(django_filters.FilterSet):
    unit = SubtreeFilter()
    status = django_filters.ChoiceFilter(choices=TopicStatus.choices)
    level = django_filters.ChoiceFilter(choices=TopicLevel.choices)

    class Meta:
        model = Topic
        fields = ["unit", "status", "level"]


class TopicViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Deliberation topics raised in the caller's subtree, newest first."""

    serializer_class = TopicSerializer
    filterset_class = TopicFilter
    parser_classes = PARSERS

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Topic.objects.none()
        return (
            selectors.topics_for(self.request.user)
            .prefetch_related("photos")
            .order_by("-raised_at", "-id")
        )

    def get_serializer_class(self):
        return TopicDetailSerializer if self.action == "retrieve" else TopicSerializer

    def perform_create(self, serializer):
        serializer.instance = services.topic_raise(
            user=self.request.user,
            photos=self.request.FILES.getlist("photos"),
            **serializer.validated_data,
        )

    @extend_schema(
        operation_id="deliberations_step_create",
        request=TopicStepSerializer,
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, enum=USER_ACTIONS)],
        responses={200: TopicDetailSerializer, 409: ConflictSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>[a-z_]+)", url_name="step")
    def step(self, request, pk=None, step=None):
        """Take a step: `accept`, `decline` (`reason`), `merge` (`into`),
        `escalate`, `meet` (`venue`, `starts_at`, `ends_at`), `record`
        (`participants`, `options`, `minutes`), `decide` (`decision`,
        `votes_for`, `votes_against`, `votes_abstain`, `tasks`), `start`,
        `complete_task` (`task`, `note`), `task_to_case` (`task`,
        `category`, `grid`), `finish`, `evaluate` (`satisfied`,
        `basically_satisfied`, `unsatisfied`)."""
        topic = self.get_object()
        run_step(
            user=request.user, topic=topic, action=step, data=request.data, files=request.FILES
        )
        return Response(TopicDetailSerializer(self.get_object()).data)
