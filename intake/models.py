"""Reports from outside the grid staff (residents, the 12345 hotline, Open311
clients) waiting in a triage queue (待核实) until grid staff file them as a
case, merge them into an open case or decline them."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case, CaseCategory
from members.personal import EncryptedTextField
from orgs.kinds import ANCESTOR_COLUMNS
from orgs.models import OrgUnit
from orgs.scoping import ScopedQuerySet


class Channel(models.TextChoices):
    RESIDENT = "resident", pgettext_lazy("intake channel", "Resident")
    HOTLINE = "hotline", pgettext_lazy("intake channel", "12345 hotline")
    OPEN311 = "open311", pgettext_lazy("intake channel", "Open311 client")


class ReportStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("intake status", "Waiting for triage")
    ACCEPTED = "accepted", pgettext_lazy("intake status", "Filed as a case")
    MERGED = "merged", pgettext_lazy("intake status", "Merged into a case")
    DECLINED = "declined", pgettext_lazy("intake status", "Declined")


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class IntakeClient(models.Model):
    """An outside system that files reports: an Open311 app or the 12345
    hotline. Its key is stored as a digest; it files into `unit`'s subtree
    only. A hotline gets each result back at `callback_url`."""

    name = models.CharField(_("name"), max_length=100)
    channel = models.CharField(
        pgettext_lazy("intake", "channel"),
        max_length=16,
        choices=[
            (Channel.HOTLINE, Channel.HOTLINE.label),
            (Channel.OPEN311, Channel.OPEN311.label),
        ],
        default=Channel.OPEN311,
    )
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(_("key begins with"), max_length=8, editable=False)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    callback_url = models.URLField(_("result callback URL"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outside system")
        verbose_name_plural = _("outside systems")

    def __str__(self):
        return self.name

    def set_key(self, key: str) -> None:
        self.key_digest = key_digest(key)
        self.key_hint = key[:4]


class ReportQuerySet(ScopedQuerySet):
    scope_unit_field = "unit"
    scope_ancestor_fields = ANCESTOR_COLUMNS


def report_photo_path(instance, filename):
    return f"intake/{instance.receipt}/{filename}"


class IntakeReport(models.Model):
    # The receipt number is also the Open311 service_request_id, and stays
    # the same after the report is filed as a case.
    receipt = models.CharField(_("receipt number"), max_length=32)
    # The resident's link to the status page (the receipt alone is guessable).
    token = models.CharField(max_length=32)
    channel = models.CharField(
        pgettext_lazy("intake", "channel"), max_length=16, choices=Channel.choices
    )
    client = models.ForeignKey(
        IntakeClient,
        verbose_name=_("outside system"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    # The hotline's ticket number, or an Open311 client's own token.
    external_id = models.CharField(_("ticket number"), max_length=64, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    category = models.ForeignKey(
        CaseCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
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
    photo = models.ImageField(_("photo"), upload_to=report_photo_path, blank=True)
    contact_name = models.CharField(_("resident"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("resident's phone"), max_length=20, blank=True)
    personal_fields = ("contact_phone",)

    # The unit whose triage queue holds it (a grid, or the district when the
    # point lies in no grid), with its ancestors copied for the scope filter.
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("triage unit"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # leads intake_unit_status, like the columns below
    )
    grid = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
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

    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_reports",
    )
    decline_reason = models.CharField(_("reason"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("received at"), db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("outside report")
        verbose_name_plural = _("outside reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["receipt"], name="intake_receipt_unique"),
            models.UniqueConstraint(fields=["token"], name="intake_token_unique"),
            models.UniqueConstraint(
                fields=["client", "external_id"],
                condition=~Q(external_id=""),
                name="intake_ticket_unique_per_client",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "status"], name="intake_unit_status"),
            models.Index(fields=["street", "status"], name="intake_street_status"),
            models.Index(fields=["community", "status"], name="intake_community_status"),
            models.Index(fields=["grid", "status"], name="intake_grid_status"),
            models.Index(fields=["region", "status"], name="intake_region_status"),
        ]

    def __str__(self):
        return self.receipt

    @property
    def title(self) -> str:
        text = " ".join(self.description.split())
        return text if len(text) <= 30 else text[:29] + "…"


class IntakeEvent(models.Model):
    """Append-only: one row per triage move, in the move's transaction."""

    report = models.ForeignKey(IntakeReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    from_status = models.CharField(max_length=16, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=ReportStatus.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("triage event")
        verbose_name_plural = _("triage events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.report_id} {self.action}"
