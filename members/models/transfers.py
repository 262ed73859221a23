"""Person transfers (人员迁移): a person registered in one area and claimed
by another, waiting for the lowest office covering both to decide. See
members.transfers for why the claim is held the way it is."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.models import OrgUnit


class TransferKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    MEMBER = "member", _("Party member")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PersonTransfer(models.Model):
    """`claim` (a record the requester filed, held as a pending claim) names
    the same person as `record` (registered elsewhere). Approving moves
    `record` to the claim's place with the claim's values and drops the
    claim; refusing drops the claim and tells the requester."""

    kind = models.CharField(
        pgettext_lazy("person transfer", "kind"), max_length=16, choices=TransferKind.choices
    )
    record_id = models.PositiveBigIntegerField()
    claim_id = models.PositiveBigIntegerField(null=True, blank=True)
    name = models.CharField(_("full name"), max_length=50)
    office = models.ForeignKey(
        OrgUnit, verbose_name=_("deciding office"), on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("registered in"), on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("claimed by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=TransferStatus.choices,
        default=TransferStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person transfer")
        verbose_name_plural = _("person transfers")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status"], name="transfer_office_status"),
            models.Index(fields=["requested_by", "status"], name="transfer_requester_status"),
        ]

    def __str__(self):
        return f"{self.name} {self.from_unit} → {self.to_unit}"
