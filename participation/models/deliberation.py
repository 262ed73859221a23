"""Residents' deliberation (说事 / 议事) in five steps: a topic is raised (问)
at a building, compound or community level, reviewed by that level's party
organization, talked over at a meeting (议), decided with votes (定), done as
a project of tasks (办) and evaluated by the participants (评). A topic the
level cannot settle goes up a level and keeps its history.

The levels follow the tree: a party group (building) → its grid (the
compound) → the community."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import PartyMember
from orgs.kinds import UnitKind
from orgs.models import OrgUnit

from .activities import Activity
from .base import GridPlacedModel, PlacedQuerySet

MAX_BACKERS = 100000


class TopicLevel(models.TextChoices):
    BUILDING = "building", _("Building / party group")
    COMPOUND = "compound", _("Compound (grid)")
    COMMUNITY = "community", pgettext_lazy("deliberation level", "Community")


# The unit kind that holds each level, and the level above it.
LEVEL_OF_KIND = {
    UnitKind.PARTY_GROUP: TopicLevel.BUILDING,
    UnitKind.GRID: TopicLevel.COMPOUND,
    UnitKind.COMMUNITY: TopicLevel.COMMUNITY,
}


class TopicStatus(models.TextChoices):
    RAISED = "raised", pgettext_lazy("topic status", "Raised")
    DELIBERATING = "deliberating", pgettext_lazy("topic status", "Deliberating")
    DECIDED = "decided", pgettext_lazy("topic status", "Decided")
    DOING = "doing", pgettext_lazy("topic status", "Doing")
    EVALUATING = "evaluating", pgettext_lazy("topic status", "Evaluating")
    DONE = "done", pgettext_lazy("topic status", "Done")
    DECLINED = "declined", pgettext_lazy("topic status", "Declined")
    MERGED = "merged", pgettext_lazy("topic status", "Merged")


class TopicQuerySet(PlacedQuerySet):
    """A topic lies where it was raised: its copied ancestors are the
    origin's, so it stays in sight of the building and the grid it came from
    after it goes up to the community."""

    scope_unit_field = "origin"

    def scope_q(self, root) -> Q:
        if root.kind == UnitKind.PARTY_GROUP:
            return Q(origin_id=root.pk) | Q(unit_id=root.pk)
        return super().scope_q(root)


class Topic(GridPlacedModel):
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000)
    origin = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("raised at")
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="topics",
        verbose_name=_("level's unit"),
        help_text=_("The party group, grid or community whose party organization handles it."),
    )
    level = models.CharField(_("level"), max_length=10, choices=TopicLevel.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=TopicStatus.choices, default=TopicStatus.RAISED
    )
    version = models.PositiveIntegerField(default=1)
    backers = models.PositiveIntegerField(
        _("residents backing it"), default=0, validators=[MaxValueValidator(MAX_BACKERS)]
    )
    on_behalf_of = models.CharField(_("raised for (resident)"), max_length=50, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(_("raised at"))
    decline_reason = models.CharField(_("reason declined"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    # 议: the meeting is an activity (kind deliberation) at a venue.
    meeting = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="topics"
    )
    options = models.JSONField(_("options discussed"), default=list, blank=True)
    # 定
    decision = models.CharField(_("decision"), max_length=500, blank=True)
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), default=0)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # 评: the last evaluation.
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically_satisfied = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliberation topic")
        verbose_name_plural = _("deliberation topics")
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["grid", "raised_at"], name="topic_grid_raised"),
            models.Index(fields=["community", "raised_at"], name="topic_community_raised"),
            models.Index(fields=["street", "raised_at"], name="topic_street_raised"),
            models.Index(fields=["region", "raised_at"], name="topic_region_raised"),
            models.Index(fields=["unit", "status"], name="topic_unit_status"),
        ]

    def __str__(self):
        return self.title

    def anchor_unit_id(self):
        return self.origin_id

    def extra_unit_ids(self):
        return {self.origin_id, self.unit_id}

    @property
    def participant_count(self) -> int:
        return self.participants.count()


class TopicPhoto(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="topics/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.image.name


class TopicEvent(models.Model):
    """Append-only: one row per step, in the same transaction as the change."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    from_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: the system (a case closed, the overdue scan)
    at = models.DateTimeField(db_index=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.topic_id} {self.action}"

    def get_action_label(self):
        from ..deliberation_flow import EVENT_LABELS

        return EVENT_LABELS.get(self.action, self.action)

    def get_to_status_display(self):
        try:
            return TopicStatus(self.to_status).label
        except ValueError:
            return self.to_status


class ParticipantKind(models.TextChoices):
    RESIDENT = "resident", _("Residents' representative")
    PROPERTY = "property", _("Property company")
    OWNERS = "owners", _("Owners' committee")
    MEMBER = "member", _("Party member")
    OTHER = "other", _("Other")


class Participant(models.Model):
    """Someone at the deliberation meeting; a party member by record, the
    others by name."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("participant kind"), max_length=10, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=50)
    member = models.ForeignKey(
        PartyMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    DONE = "done", pgettext_lazy("task status", "Done")


class TopicTask(models.Model):
    """One line of the project's 三清: what, who, by when. A task may be
    handed to the case loop; the case's closure closes the task."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    responsible = models.CharField(_("responsible"), max_length=100)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=6, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    note = models.CharField(_("what was done"), max_length=500, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supervised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["due_on"], name="topic_task_open_due", condition=Q(status="open")),
        ]

    def __str__(self):
        return self.title
