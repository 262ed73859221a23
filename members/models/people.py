"""Party members: category, branch, score ledger, dual report, pioneer posts."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orgs.kinds import UnitKind
from orgs.models import OrgUnit

from ..personal import PersonalDataModel
from .base import PlacedModel, PlacedQuerySet

START_SCORE = 100
BRANCH_KINDS = (UnitKind.GRID, UnitKind.PARTY_GROUP)


class Category(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary member")
    IN_SERVICE = "in_service", _("In-service member")
    FLOATING = "floating", _("Floating member")
    UNEMPLOYED = "unemployed", _("Unemployed member")
    ELDERLY = "elderly", _("Elderly member")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MemberQuerySet(PlacedQuerySet):
    scope_unit_field = "unit"

    def scope_q(self, root) -> Q:
        # A party group (building) sees its own members; nothing else below
        # the grid holds members.
        if root.kind == UnitKind.PARTY_GROUP:
            return Q(unit_id=root.pk)
        return super().scope_q(root)


class PartyMember(PlacedModel, PersonalDataModel):
    """A party member (党员), filed under the grid's party branch or one of
    its party groups. Party membership is sensitive: lists need
    Capability.VIEW_PARTY_MEMBERS."""

    name = models.CharField(_("full name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.ORDINARY
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("branch / party group"),
        on_delete=models.PROTECT,
        related_name="party_members",
        help_text=_("The grid (its party branch) or a party group of it."),
    )
    grid = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", editable=False, null=True, blank=True
    )
    joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    # The account of a member who also holds a position (grid leader…), so
    # staff party-membership and 一肩挑 are derived, never typed.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
    )
    # Kept current with the ledger in the same transaction (members_score_add)
    # so rankings sort on a column instead of summing every ledger.
    score = models.IntegerField(_("score"), default=START_SCORE, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["id_number", "phone", "score"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=~Q(id_number_hash="") & Q(transfer_pending=False),
                name="member_unique_person",
                violation_error_message=_("This person could not be registered here."),
            )
        ]
        indexes = [
            models.Index(fields=["community", "category"], name="member_community_cat"),
            models.Index(fields=["street", "category"], name="member_street_cat"),
            models.Index(fields=["region", "category"], name="member_region_cat"),
            models.Index(fields=["grid", "category"], name="member_grid_cat"),
            models.Index(fields=["id_number_hash"], name="member_id_hash"),
        ]

    def __str__(self):
        return self.name

    def anchor_unit_id(self):
        return self.unit_id

    def extra_unit_ids(self):
        return {self.unit_id}

    def clean(self):
        super().clean()
        if self.unit_id and self.unit.kind not in BRANCH_KINDS:
            raise ValidationError({"unit": _("Choose a grid (its party branch) or a party group.")})


class ScoreSource(models.TextChoices):
    """The records that add ledger lines by themselves (量化积分 from the
    records), each named by (kind, id) on the entry."""

    ATTENDANCE = "attendance", _("Attendance at organizational life")
    VOLUNTEER = "volunteer", _("Volunteer service")
    PLEDGE_SERVICE = "pledge_service", _("Pledged service done")
    DEMAND = "demand", _("Demand claimed and done")


class ScoreRule(models.Model):
    """One item of the points catalogue: how many points, at most how many a
    year, and who may award it by hand (roles). A rule with a `source` is
    applied by the records themselves."""

    item = models.CharField(_("item"), max_length=100, unique=True)
    points = models.IntegerField(_("points"), help_text=_("Negative for a deduction."))
    yearly_cap = models.PositiveIntegerField(
        _("cap per year"),
        null=True,
        blank=True,
        help_text=_("At most this many points (either way) a member gets from the item in a year."),
    )
    awarded_by = models.JSONField(
        _("roles that may award it"),
        default=list,
        blank=True,
        help_text=_(
            "Positions whose holders may enter the item by hand; empty for record-only items."
        ),
    )
    source = models.CharField(
        _("applied by the records of"),
        max_length=20,
        choices=ScoreSource.choices,
        blank=True,
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="score_rule_points_nonzero"),
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="score_rule_one_per_source"
            ),
        ]

    def __str__(self):
        return f"{self.item} ({self.points:+d})"


class ScoreEntry(models.Model):
    """One line of a member's ledger (量化积分). Append-only: a mistake is
    corrected by a reversing entry (`reverses`)."""

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="score_entries")
    on = models.DateField(_("date"))
    points = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=200)
    rule = models.ForeignKey(
        ScoreRule,
        verbose_name=_("rule"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    source_kind = models.CharField(
        _("source"), max_length=20, choices=ScoreSource.choices, blank=True
    )
    source_id = models.BigIntegerField(_("source record"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("score entry")
        verbose_name_plural = _("score entries")
        ordering = ["on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(points=0), name="score_entry_points_nonzero"),
        ]
        indexes = [models.Index(fields=["member", "on"], name="score_entry_member_on")]

    def __str__(self):
        return f"{self.member} {self.on} {self.points:+d}"


class MemberYearScore(models.Model):
    """A member's total for one year (100 plus the year's entries), kept in
    the transaction of every entry so the year's rank sorts on a column."""

    member = models.ForeignKey(PartyMember, on_delete=models.CASCADE, related_name="year_scores")
    year = models.PositiveSmallIntegerField()
    total = models.IntegerField(default=START_SCORE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="member_year_score_once")
        ]
        indexes = [models.Index(fields=["year", "total"], name="member_year_rank")]

    def __str__(self):
        return f"{self.member_id} {self.year}: {self.total}"


def _prefixed(q: Q, prefix: str) -> Q:
    """The same condition reached through a relation."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            out.children.append(_prefixed(child, prefix))
        else:
            out.children.append((prefix + child[0], child[1]))
    return out


class DualReportQuerySet(PlacedQuerySet):
    """Seen from both sides: the community where the member lives (the
    report's own columns) and the member's own branch."""

    scope_unit_field = "community_unit"

    def scope_q(self, root) -> Q:
        member_side = _prefixed(PartyMember.objects.all().scope_q(root), "member__")
        if root.kind == UnitKind.GRID or root.kind == UnitKind.PARTY_GROUP:
            return member_side
        return super().scope_q(root) | member_side


class DualReport(PlacedModel):
    """An in-service member's report (双报到) to the community where they
    live: that community sees them and the services they offer."""

    member = models.OneToOneField(PartyMember, on_delete=models.CASCADE, related_name="dual_report")
    community_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("community of residence"),
        on_delete=models.PROTECT,
        related_name="dual_reports",
    )
    workplace = models.CharField(_("workplace"), max_length=100)
    reported_on = models.DateField(_("reported on"))
    services = models.CharField(_("services offered"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("dual report")
        verbose_name_plural = _("dual reports")

    def __str__(self):
        return f"{self.member} → {self.community_unit}"

    def anchor_unit_id(self):
        return self.community_unit_id


class PioneerPost(models.Model):
    """A pioneer post (先锋岗) members may claim: policy outreach, patrol…"""

    name = models.CharField(_("name"), max_length=50, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pioneer post")
        verbose_name_plural = _("pioneer posts")
        ordering = ["id"]

    def __str__(self):
        return self.name


class PioneerPledge(models.Model):
    """A member's claim: 1–2 posts and 3–4 committed services (enforced by
    members.services.pioneer_pledge_set, the only writer)."""

    POSTS = (1, 2)
    SERVICES = (3, 4)

    member = models.OneToOneField(
        PartyMember, on_delete=models.CASCADE, related_name="pioneer_pledge"
    )
    posts = models.ManyToManyField(PioneerPost, verbose_name=_("posts"), related_name="pledges")
    services = models.JSONField(_("services committed"), default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pioneer pledge")
        verbose_name_plural = _("pioneer pledges")

    def __str__(self):
        return str(self.member)
