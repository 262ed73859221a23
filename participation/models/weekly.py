"""The weekly grid report (周报告), drafted every Monday from last week's
records, edited and submitted by the grid leader by a deadline; and the
emergency report (急报), sent at any time."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.models import OrgUnit

from .base import GridPlacedModel, PlacedQuerySet


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("report status", "Submitted")
    RETURNED = "returned", pgettext_lazy("report status", "Returned")


class GridQuerySet(PlacedQuerySet):
    scope_unit_field = "grid"


class WeeklyReport(GridPlacedModel):
    """One grid's week, Monday to Sunday. `figures` is what the records say
    (recounted while the report is a draft); `text` is the grid leader's."""

    week = models.DateField(_("week (Monday)"))
    figures = models.JSONField(_("figures"), default=dict)
    text = models.TextField(_("what the records cannot say"), max_length=5000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    drafted_at = models.DateTimeField(_("drafted at"))
    due_at = models.DateTimeField(pgettext_lazy("weekly report", "due at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    late = models.BooleanField(_("late"), default=False)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_note = models.CharField(_("why returned"), max_length=500, blank=True)

    objects = GridQuerySet.as_manager()

    class Meta:
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        ordering = ["-week", "grid_id"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "week"], name="weekly_report_once"),
            models.CheckConstraint(condition=Q(grid__isnull=False), name="weekly_report_has_grid"),
        ]
        indexes = [
            models.Index(fields=["community", "week"], name="weekly_community_week"),
            models.Index(fields=["street", "week"], name="weekly_street_week"),
            models.Index(fields=["region", "week"], name="weekly_region_week"),
        ]

    def __str__(self):
        return f"{self.grid_id} {self.week}"

    def anchor_unit_id(self):
        return self.grid_id


class EmergencyReport(GridPlacedModel):
    """急报: what happened, where, sent at once to the community and the
    street above the grid."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("grid")
    )
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("what happened"), max_length=2000)
    place = models.CharField(_("where"), max_length=200, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))

    objects = PlacedQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency report")
        verbose_name_plural = _("emergency reports")
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["community", "sent_at"], name="emergency_community_sent"),
            models.Index(fields=["street", "sent_at"], name="emergency_street_sent"),
        ]

    def __str__(self):
        return self.title

    def anchor_unit_id(self):
        return self.unit_id


class WeeklyReportEvent(models.Model):
    """Append-only: drafted, edited, submitted, returned."""

    report = models.ForeignKey(WeeklyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.report_id} {self.action}"

    def get_action_label(self):
        from ..weekly_flow import ReportAction

        try:
            return ReportAction(self.action).label
        except ValueError:
            return self.action
