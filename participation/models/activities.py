"""Activities: organizational life (三会一课, 主题党日), volunteer service,
study and deliberation meetings, with sign-ups and attendance."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.models import PartyMember
from orgs.models import OrgUnit

from .base import GridPlacedModel, PlacedQuerySet
from .venues import Venue


class ActivityKind(models.TextChoices):
    BRANCH_MEETING = "branch_meeting", _("Branch general meeting")
    COMMITTEE_MEETING = "committee_meeting", _("Branch committee meeting")
    GROUP_MEETING = "group_meeting", _("Party group meeting")
    PARTY_LECTURE = "party_lecture", _("Party lecture")
    THEME_DAY = "theme_day", _("Theme party day")
    VOLUNTEER = "volunteer", _("Volunteer service")
    STUDY = "study", _("Study")
    DELIBERATION = "deliberation", _("Deliberation meeting")


# 三会一课 and 主题党日: the meetings a member is expected at.
ORG_LIFE_KINDS = (
    ActivityKind.BRANCH_MEETING,
    ActivityKind.COMMITTEE_MEETING,
    ActivityKind.GROUP_MEETING,
    ActivityKind.PARTY_LECTURE,
    ActivityKind.THEME_DAY,
)


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityQuerySet(PlacedQuerySet):
    scope_unit_field = "organizer"

    def scope_q(self, root) -> Q:
        if root.kind == "party_group":
            return Q(organizer_id=root.pk)
        return super().scope_q(root)


class Activity(GridPlacedModel):
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("activity kind"), max_length=20, choices=ActivityKind.choices)
    organizer = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organizer"),
        on_delete=models.PROTECT,
        related_name="activities",
        help_text=_("The branch (grid), party group or community that holds it."),
    )
    team = models.ForeignKey(
        "participation.VolunteerTeam",
        verbose_name=_("volunteer team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    online = models.BooleanField(
        _("online attendance"), default=False, help_text=_("Floating members may attend online.")
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    # Filled when attendance is recorded.
    minutes = models.TextField(_("minutes"), blank=True)
    residents = models.PositiveIntegerField(_("residents attending"), default=0)
    expected = models.PositiveIntegerField(
        _("members expected"),
        default=0,
        help_text=_("The organizing branch's members when attendance was taken."),
    )
    attended = models.PositiveIntegerField(_("members attending"), default=0)
    recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            )
        ]
        indexes = [
            models.Index(fields=["grid", "starts_at"], name="activity_grid_start"),
            models.Index(fields=["community", "starts_at"], name="activity_community_start"),
            models.Index(fields=["street", "starts_at"], name="activity_street_start"),
            models.Index(fields=["region", "starts_at"], name="activity_region_start"),
            models.Index(fields=["venue", "starts_at"], name="activity_venue_start"),
        ]

    def __str__(self):
        return self.title

    def anchor_unit_id(self):
        return self.organizer_id

    def extra_unit_ids(self):
        return {self.organizer_id}

    @property
    def is_org_life(self) -> bool:
        return self.kind in ORG_LIFE_KINDS

    @property
    def hours(self) -> Decimal:
        seconds = Decimal((self.ends_at - self.starts_at).total_seconds())
        return (seconds / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Signup(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="signups")
    online = models.BooleanField(_("online"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="signup_once")]

    def __str__(self):
        return f"{self.member_id} → {self.activity_id}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ONLINE = "online", _("Online")
    LEAVE = "leave", _("Absent on leave")
    SICK = "sick", _("Absent, sick")
    FLOATING = "floating", _("Absent, working away")
    ABSENT = "absent", _("Absent")


ATTENDED = (Presence.PRESENT, Presence.ONLINE)


class Attendance(models.Model):
    """One member at one activity: there (in person or online), or away and
    why. Residents are counted on the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="attendance")
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="attendance_once")
        ]
        indexes = [models.Index(fields=["member", "presence"], name="attendance_member")]

    def __str__(self):
        return f"{self.member_id} @ {self.activity_id}: {self.presence}"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="activities/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.image.name
