"""Rollups of cases and the quarterly assessment.

Rollup rows are keyed by the unit at every level (grid, community, street,
district) so a dashboard reads a node's own rows and its children's, never the
cases themselves. They are written only by `dashboards.rollups` (in the case
action's transaction) and by `rebuild_counters rollups`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.models import OrgUnit

# Counters of the cases reported on a date (the cohort; cancelled cases only
# count in `cancelled`), then counters of the cases closed on a date.
COHORT_COUNTERS = (
    "reported",
    "cancelled",
    "self_handled",
    "escalated_community",
    "escalated_street",
    "escalated_district",
    "cohort_closed",
    # Residents' answers: the one that closed a case, and one "unsatisfied"
    # per reopening.
    "satisfied",
    "basically_satisfied",
    "unsatisfied",
)
CLOSING_COUNTERS = (
    "closed",
    "closed_on_time",
    "close_seconds",
    "reopened",
    # Where the cases closed were finished (they add up to "closed").
    "finished_grid",
    "finished_community",
    "finished_street",
    "finished_district",
    "finished_department",
)
COUNTERS = COHORT_COUNTERS + CLOSING_COUNTERS
WEEK_COUNTERS = ("reported", "closed")


class _Counters(models.Model):
    reported = models.IntegerField(default=0)
    cancelled = models.IntegerField(default=0)
    self_handled = models.IntegerField(default=0)
    escalated_community = models.IntegerField(default=0)
    escalated_street = models.IntegerField(default=0)
    escalated_district = models.IntegerField(default=0)
    cohort_closed = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    closed_on_time = models.IntegerField(default=0)
    # Seconds from report to close, summed: the mean is exact whatever the mix.
    close_seconds = models.BigIntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    basically_satisfied = models.IntegerField(default=0)
    unsatisfied = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    finished_grid = models.IntegerField(default=0)
    finished_community = models.IntegerField(default=0)
    finished_street = models.IntegerField(default=0)
    finished_district = models.IntegerField(default=0)
    finished_department = models.IntegerField(default=0)

    class Meta:
        abstract = True


class CaseMonthRollup(_Counters):
    """Cases per unit × month × (leaf) category; `month` is the month's first day."""

    # The unique key leads with the unit: no index of its own.
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    category = models.ForeignKey("cases.CaseCategory", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "category"], name="case_month_rollup_key"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m} {self.category_id}"


class CaseDayRollup(_Counters):
    """Cases per unit × day × category: read only for a period's partial months."""

    # The unique key leads with the unit: no index of its own.
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    category = models.ForeignKey("cases.CaseCategory", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day", "category"], name="case_day_rollup_key")
        ]

    def __str__(self):
        return f"{self.unit_id} {self.day} {self.category_id}"


class CaseUnitMonthRollup(_Counters):
    """Cases per unit × month, every category together: what a node's and its
    children's figures read (30-odd times fewer rows than by category)."""

    # The unique key leads with the unit: no index of its own.
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="case_unit_month_rollup_key")
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m}"


class CaseUnitDayRollup(_Counters):
    """Cases per unit × day, every category together: a period's partial
    months, and the partial weeks of the trend."""

    # The unique key leads with the unit: no index of its own.
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="case_unit_day_rollup_key")
        ]

    def __str__(self):
        return f"{self.unit_id} {self.day}"


class CaseWeekRollup(models.Model):
    """Reported and closed per unit × week (Monday), for the trend chart."""

    # The unique key leads with the unit: no index of its own.
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    week = models.DateField()
    reported = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "week"], name="case_week_rollup_key")
        ]

    def __str__(self):
        return f"{self.unit_id} {self.week}"


# --- quarterly assessment ------------------------------------------------


class AssessmentCategory(models.Model):
    name = models.CharField(_("name"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("assessment category")
        verbose_name_plural = _("assessment categories")

    def __str__(self):
        return self.name


class AutoSource(models.TextChoices):
    """Records an item can be scored from without anyone entering it."""

    CLOSURE_RATE = "closure_rate", _("Case closure rate")
    ON_TIME_RATE = "on_time_rate", _("On-time closure rate")
    SATISFACTION_RATE = "satisfaction_rate", _("Residents' satisfaction rate")
    SELF_HANDLED_SHARE = "self_handled_share", _("Share handled within the grid")
    VISITS = "visits", _("Household visits done")
    ACTIVITIES = "activities", _("Activities held")
    ORG_LIFE_ATTENDANCE = "org_life_attendance", _("Organizational life attendance (%)")


class AssessmentItem(models.Model):
    category = models.ForeignKey(
        AssessmentCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="items",
    )
    name = models.CharField(_("name"), max_length=100)
    criteria = models.TextField(_("scoring criteria"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    auto_source = models.CharField(
        _("scored automatically from"),
        max_length=24,
        choices=AutoSource.choices,
        blank=True,
        help_text=_("Leave empty for an item the community scores by hand with a note."),
    )
    target = models.PositiveIntegerField(
        _("quarterly target"),
        null=True,
        blank=True,
        help_text=_("For counted items (visits, activities): the number that earns full points."),
    )
    for_grids = models.BooleanField(_("applies to grids"), default=True)
    for_party_groups = models.BooleanField(_("applies to party groups"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["category__order", "order", "id"]
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")

    def __str__(self):
        return f"{self.category} · {self.name}"


class StarThreshold(models.Model):
    """The lowest score (out of 100) that earns `stars`."""

    stars = models.PositiveSmallIntegerField(
        _("stars"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    min_score = models.DecimalField(
        _("minimum score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["-stars"]
        verbose_name = _("star threshold")
        verbose_name_plural = _("star thresholds")

    def __str__(self):
        return f"{self.stars}★ ≥ {self.min_score}"


class AssessmentScore(models.Model):
    """A score the community entered by hand for one item, unit and quarter."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    item = models.ForeignKey(AssessmentItem, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(
        pgettext_lazy("assessment", "points"), max_digits=5, decimal_places=1
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter", "item"], name="assessment_score_unique"
            )
        ]
        verbose_name = _("entered assessment score")
        verbose_name_plural = _("entered assessment scores")

    def __str__(self):
        return f"{self.unit_id} {self.year}Q{self.quarter} {self.item_id}: {self.points}"


class AssessmentResult(models.Model):
    """A published quarterly score of a grid or party group."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    score = models.DecimalField(
        pgettext_lazy("assessment", "score"), max_digits=5, decimal_places=1
    )  # out of 100
    points = models.DecimalField(
        pgettext_lazy("assessment", "points"), max_digits=6, decimal_places=1
    )
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=1)
    stars = models.PositiveSmallIntegerField(_("stars"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"], name="assessment_result_unique"
            )
        ]
        indexes = [models.Index(fields=["year", "quarter", "unit"], name="assessment_quarter")]
        verbose_name = _("published assessment result")
        verbose_name_plural = _("published assessment results")

    def __str__(self):
        return f"{self.unit} {self.year}Q{self.quarter}: {self.score}"


class AssessmentResultItem(models.Model):
    """One line of a published result, with the item's name and maximum as
    they were when published: later checklist edits never change it."""

    result = models.ForeignKey(AssessmentResult, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(AssessmentItem, on_delete=models.SET_NULL, null=True, related_name="+")
    category_name = models.CharField(_("category"), max_length=50)
    item_name = models.CharField(_("item"), max_length=100)
    auto_source = models.CharField(max_length=24, blank=True)
    max_points = models.DecimalField(_("maximum points"), max_digits=5, decimal_places=1)
    # Empty: not applicable (no data that quarter), left out of the total.
    points = models.DecimalField(
        pgettext_lazy("assessment", "points"), max_digits=5, decimal_places=1, null=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.item_name}: {self.points}/{self.max_points}"

    @property
    def applicable(self) -> bool:
        return self.points is not None

    @property
    def lost(self):
        return self.max_points - self.points if self.applicable else None
