"""API shapes of deliberation: a topic in a list, and with its timeline,
meeting, decision, tasks and evaluation."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orgs.serializers import ScopedUnitField

from .deliberation_flow import actions_for_status
from .models.deliberation import Participant, Topic, TopicEvent, TopicTask


class TopicSerializer(serializers.ModelSerializer):
    unit = ScopedUnitField()
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    origin = serializers.IntegerField(source="origin_id", read_only=True)
    photos = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = [
            "id",
            "title",
            "description",
            "unit",
            "unit_name",
            "origin",
            "level",
            "status",
            "version",
            "backers",
            "on_behalf_of",
            "raised_at",
            "decline_reason",
            "merged_into",
            "photos",
            "actions",
        ]
        read_only_fields = [
            "level",
            "status",
            "version",
            "raised_at",
            "decline_reason",
            "merged_into",
        ]
        extra_kwargs = {
            "backers": {"required": False},
            "on_behalf_of": {"required": False},
            # The service says what is wrong, in the words of the pages.
            "title": {"validators": []},
            "description": {"validators": []},
        }

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_photos(self, topic):
        """Where each photo is served, to those who see the topic."""
        return [reverse("party-photo", args=["topic", p.pk]) for p in topic.photos.all()]

    def get_actions(self, topic) -> list[str]:
        return actions_for_status(topic.status)


class TopicEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TopicEvent
        fields = ["action", "from_status", "to_status", "from_unit", "to_unit", "at", "note"]


class TopicTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = TopicTask
        fields = ["id", "title", "responsible", "due_on", "status", "note", "done_at", "case"]


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["kind", "name", "member"]


class TopicDetailSerializer(TopicSerializer):
    events = TopicEventSerializer(many=True, read_only=True)
    tasks = TopicTaskSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(TopicSerializer.Meta):
        fields = [
            *TopicSerializer.Meta.fields,
            "meeting",
            "participants",
            "options",
            "decision",
            "votes_for",
            "votes_against",
            "votes_abstain",
            "decided_at",
            "tasks",
            "satisfied",
            "basically_satisfied",
            "unsatisfied",
            "evaluated_at",
            "done_at",
            "events",
        ]
        read_only_fields = fields


class TopicStepSerializer(serializers.Serializer):
    """The body of a step; each step reads its own fields (see the
    contract), and says in words what is missing or wrong."""

    version = serializers.IntegerField(required=False)
    note = serializers.CharField(required=False)
    reason = serializers.CharField(required=False, help_text="decline")
    into = serializers.IntegerField(required=False, help_text="merge: the surviving topic")
    venue = serializers.IntegerField(required=False, help_text="meet")
    starts_at = serializers.DateTimeField(required=False, help_text="meet")
    ends_at = serializers.DateTimeField(required=False, help_text="meet")
    participants = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="record: [{kind, name, member}]"
    )
    options = serializers.ListField(child=serializers.CharField(), required=False)
    minutes = serializers.CharField(required=False)
    decision = serializers.CharField(required=False)
    votes_for = serializers.IntegerField(required=False)
    votes_against = serializers.IntegerField(required=False)
    votes_abstain = serializers.IntegerField(required=False)
    tasks = serializers.ListField(
        child=serializers.DictField(), required=False, help_text="[{title, responsible, due_on}]"
    )
    task = serializers.IntegerField(required=False)
    category = serializers.IntegerField(required=False, help_text="task_to_case")
    grid = serializers.IntegerField(required=False, help_text="task_to_case")
    satisfied = serializers.IntegerField(required=False)
    basically_satisfied = serializers.IntegerField(required=False)
    unsatisfied = serializers.IntegerField(required=False)
