from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from mptt.models import MPTTModel, TreeForeignKey

from members.personal import EncryptedTextField
from orgs.kinds import ANCESTOR_COLUMNS, UnitKind
from orgs.models import OrgUnit
from orgs.scoping import ScopedQuerySet


class Status(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("case status", "Reported")
    HANDLING = "handling", pgettext_lazy("case status", "Handling")
    RESOLVED = "resolved", pgettext_lazy("case status", "Resolved")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("case status", "Cancelled")


class Urgency(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("case urgency", "Normal")
    URGENT = "urgent", pgettext_lazy("case urgency", "Urgent")
    EMERGENCY = "emergency", pgettext_lazy("case urgency", "Emergency")


class Source(models.TextChoices):
    GRID_PATROL = "grid_patrol", _("Grid patrol")
    RESIDENT = "resident", _("Resident report")
    HOTLINE = "hotline", _("12345 hotline")
    ONLINE = "online", _("Online group")
    VISIT = "visit", _("Household visit")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", pgettext_lazy("case satisfaction", "Satisfied")
    BASICALLY = "basically_satisfied", pgettext_lazy("case satisfaction", "Basically satisfied")
    UNSATISFIED = "unsatisfied", pgettext_lazy("case satisfaction", "Unsatisfied")


class Level(models.TextChoices):
    """How far up the tree a case went: grid, community, street, district."""

    GRID = "grid", pgettext_lazy("case level", "Grid")
    COMMUNITY = "community", pgettext_lazy("case level", "Community")
    STREET = "street", pgettext_lazy("case level", "Street")
    DISTRICT = "district", pgettext_lazy("case level", "District")


LEVEL_OF_KIND = {
    UnitKind.GRID: Level.GRID,
    UnitKind.PARTY_GROUP: Level.GRID,
    UnitKind.MEMBER_HOUSEHOLD: Level.GRID,
    UnitKind.COMMUNITY: Level.COMMUNITY,
    UnitKind.STREET: Level.STREET,
    UnitKind.REGION: Level.DISTRICT,
}
LEVEL_RANK = {Level.GRID: 0, Level.COMMUNITY: 1, Level.STREET: 2, Level.DISTRICT: 3}


class FinishedAt(models.TextChoices):
    """Where a closed case was finished: the level of the unit that resolved
    it, a department on its own (whatever level it hangs under)."""

    GRID = "grid", pgettext_lazy("case finished at", "Grid")
    COMMUNITY = "community", pgettext_lazy("case finished at", "Community")
    STREET = "street", pgettext_lazy("case finished at", "Street")
    DISTRICT = "district", pgettext_lazy("case finished at", "District")
    DEPARTMENT = "department", pgettext_lazy("case finished at", "Department")


class CaseCategory(MPTTModel):
    """The configurable category tree (safety, fire, environment…); cases are
    filed under a leaf."""

    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("code"), max_length=32, unique=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)

    class MPTTMeta:
        order_insertion_by = ["code"]

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")

    def __str__(self):
        return self.name


class CaseDeadline(models.Model):
    """Hours allowed to finish a case, by category × urgency (admin-editable).
    A leaf without its own row takes its nearest ancestor's."""

    category = models.ForeignKey(
        CaseCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="deadlines"
    )
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    hours = models.PositiveIntegerField(_("hours allowed"))

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [
            models.UniqueConstraint(fields=["category", "urgency"], name="deadline_unique")
        ]

    def __str__(self):
        return f"{self.category} · {self.get_urgency_display()} · {self.hours}h"


class CaseQuerySet(ScopedQuerySet):
    scope_unit_field = "grid"
    scope_ancestor_fields = ANCESTOR_COLUMNS

    def scope_q(self, root) -> Q:
        # A department sees what is (or was) dispatched to it, not a place.
        if root.kind == UnitKind.DEPARTMENT:
            # Exists, not a join: a join on events would repeat rows.
            dispatched = CaseEvent.objects.filter(case=OuterRef("pk"), to_unit=root)
            return Q(responsible_unit=root) | Q(Exists(dispatched))
        return super().scope_q(root)


class Case(models.Model):
    # Unique through Meta.constraints: a unique=True CharField would also get
    # a second, LIKE-pattern index on PostgreSQL that no query uses.
    number = models.CharField(_("number"), max_length=32)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000)
    category = models.ForeignKey(
        CaseCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="cases"
    )
    urgency = models.CharField(
        _("urgency"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL
    )
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.GRID_PATROL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REPORTED
    )

    # Where the problem is, with its ancestors copied at write time so subtree
    # filters and group-by-level are indexed columns (see orgs.access). Each
    # leads one of the keyset indexes below, which also serve the foreign
    # keys: no single-column index of their own (every index is written on
    # every filing and weighed by the planner on every query).
    grid = models.ForeignKey(
        OrgUnit, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    community = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    street = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    region = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    address = models.CharField(
        pgettext_lazy("case location", "address"), max_length=200, blank=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    # Who holds it now, and how far up it has been.
    responsible_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="responsible_cases",
        db_index=False,  # leads case_unit_status
    )
    highest_level = models.CharField(
        _("highest level reached"), max_length=16, choices=Level.choices, default=Level.GRID
    )
    # The two level figures, named apart: how far up the case was escalated
    # (escalations only: a dispatch is not one), and where it was finished
    # (set when it closes, cleared when it reopens).
    escalated_level = models.CharField(
        _("highest level escalated to"), max_length=16, choices=Level.choices, default=Level.GRID
    )
    finished_at_level = models.CharField(
        _("finished at"), max_length=16, choices=FinishedAt.choices, blank=True
    )
    resolved_by_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Who recorded the result: they do not record the resident's satisfaction.
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        on_delete=models.PROTECT,
        related_name="reported_cases",
    )
    resident_name = models.CharField(_("resident"), max_length=50, blank=True)
    # Personal data like a resident's own phone: encrypted at rest, shown
    # masked (members.masking), revealed only by a logged action.
    resident_phone = EncryptedTextField(_("resident's phone"), max_length=20, blank=True)
    personal_fields = ("resident_phone",)

    # Optimistic concurrency: every action names the version it saw.
    version = models.PositiveIntegerField(default=1)

    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    # 80% of the time allowed: when the deadline scan reminds the unit.
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # When the current stint passed its deadline (cleared with the stint).
    overdue_at = models.DateTimeField(null=True, blank=True)
    # A deadline was missed in some stint. Set when the scan finds the case
    # overdue or an action comes after the deadline; nothing ever clears it.
    was_overdue = models.BooleanField(_("a deadline was missed"), default=False)
    supervised_at = models.DateTimeField(null=True, blank=True)
    # The unit one level above that supervises the case (督办); the case stays
    # with its responsible unit.
    supervising_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("supervising unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_cases",
    )

    result = models.TextField(_("result"), max_length=2000, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=24, choices=Satisfaction.choices, blank=True
    )
    feedback = models.TextField(_("feedback"), max_length=1000, blank=True)
    reopen_count = models.PositiveIntegerField(_("times reopened"), default=0)
    # Derived at close: finished without ever leaving the grid (自办自结).
    self_handled = models.BooleanField(default=False)
    closed_on_time = models.BooleanField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    # The household visit that found the problem, when it was filed from one
    # (the visit then shows the case and no longer offers to file again).
    visit = models.ForeignKey(
        "members.Visit",
        verbose_name=_("visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["number"], name="case_number_unique")]
        indexes = [
            # Keyset paging of subtree lists: (scope column, reported_at, id).
            models.Index(fields=["street", "reported_at", "id"], name="case_street_time"),
            models.Index(fields=["community", "reported_at", "id"], name="case_community_time"),
            models.Index(fields=["grid", "reported_at", "id"], name="case_grid_time"),
            models.Index(fields=["region", "reported_at", "id"], name="case_region_time"),
            models.Index(fields=["responsible_unit", "status"], name="case_unit_status"),
            models.Index(
                fields=["due_at"],
                name="case_open_due",
                condition=Q(status__in=["reported", "handling"]),
            ),
            # What the minute-by-minute deadline scan looks for: small partial
            # indexes of open cases with a step still to take.
            models.Index(
                fields=["remind_at"],
                name="case_remind_pending",
                condition=Q(status__in=["reported", "handling"], reminded_at__isnull=True),
            ),
            models.Index(
                fields=["overdue_at"],
                name="case_supervise_pending",
                condition=Q(
                    status__in=["reported", "handling"],
                    overdue_at__isnull=False,
                    supervised_at__isnull=True,
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class CaseTally(models.Model):
    """How many cases lie below each unit, by status, urgency and category.

    Kept by `cases.counts` in every case action's own transaction, keyed by the
    unit at every level (grid, community, street, district) like the copied
    ancestor columns, so a subtree list tells its exact count from a few
    hundred rows instead of counting millions of cases.
    """

    # The unique key below leads with the unit: no index of its own.
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    status = models.CharField(max_length=16, choices=Status.choices)
    urgency = models.CharField(max_length=16, choices=Urgency.choices)
    category = models.ForeignKey(
        CaseCategory, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "status", "urgency", "category"], name="case_tally_key"
            )
        ]

    def __str__(self):
        return f"{self.unit_id} {self.status} {self.urgency} {self.category_id}: {self.n}"


class CaseEvent(models.Model):
    """Append-only: one row per action, in the same transaction as the change."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )  # None: the system (deadline scan)
    at = models.DateTimeField(_("at"), db_index=True)
    from_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("extension", "Waiting for a decision")
    GRANTED = "granted", pgettext_lazy("extension", "Granted")
    REFUSED = "refused", pgettext_lazy("extension", "Refused")


class CaseExtension(models.Model):
    """A request to move a case's current deadline (延期申请): asked by the
    handler with a reason, decided by the office that sent the case there.
    Only a granted one moves the deadline; none clears a missed one."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    # Where the case was when asked, and the office that decides.
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    decider_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("decided by the office"),
        on_delete=models.PROTECT,
        related_name="extension_decisions",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    previous_due_at = models.DateTimeField(_("deadline before"), null=True, blank=True)
    due_at = models.DateTimeField(_("new deadline asked for"))
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "id"]
        constraints = [
            # At most one request waits per case.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="extension_one_pending_per_case",
            )
        ]
        indexes = [
            models.Index(
                fields=["decider_unit"],
                name="extension_pending_by_unit",
                condition=Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.case_id} → {self.due_at:%Y-%m-%d %H:%M} ({self.status})"


def case_photo_path(instance, filename):
    return f"cases/{instance.case_id}/{filename}"


class CasePhoto(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        CaseEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=case_photo_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class CaseCounter(models.Model):
    """The last sequence number handed out per prefix (region code and year),
    for case numbers people can read aloud: XZ-2026-000123."""

    prefix = models.CharField(max_length=32, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last}"


class NotificationKind(models.TextChoices):
    NEW = "new", pgettext_lazy("notification kind", "New case")
    EMERGENCY = "emergency", pgettext_lazy("notification kind", "Emergency")
    ESCALATED = "escalated", pgettext_lazy("notification kind", "Escalated")
    DISPATCHED = "dispatched", pgettext_lazy("notification kind", "Dispatched")
    RETURNED = "returned", pgettext_lazy("notification kind", "Returned")
    RESOLVED = "resolved", pgettext_lazy("notification kind", "Resolved")
    REOPENED = "reopened", pgettext_lazy("notification kind", "Reopened")
    URGED = "urged", pgettext_lazy("notification kind", "Urged")
    REMINDER = "reminder", pgettext_lazy("notification kind", "Deadline near")
    OVERDUE = "overdue", pgettext_lazy("notification kind", "Overdue")
    SUPERVISED = "supervised", pgettext_lazy("notification kind", "Supervised")
    EXTENSION_REQUESTED = (
        "extension_asked",
        pgettext_lazy("notification kind", "Extension requested"),
    )
    EXTENSION_DECIDED = "extension_answer", pgettext_lazy("notification kind", "Extension decided")
    CLOSED = "closed", pgettext_lazy("notification kind", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("notification kind", "Cancelled")
    MERGED = "merged", pgettext_lazy("notification kind", "Merged")


class Notification(models.Model):
    """One message to one person. The in-app list reads these rows; the
    outbox sends each through the outside channels (SMS, WeChat) until they
    take it, then records `sent_at`."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(
        pgettext_lazy("notification", "kind"), max_length=16, choices=NotificationKind.choices
    )
    text = models.CharField(_("text"), max_length=300)
    # Built from the event and the recipient: a redelivered task finds its
    # rows already there and sends nothing twice.
    key = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
        ]

    def __str__(self):
        return f"{self.recipient} · {self.text}"
