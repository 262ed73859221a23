"""Accountability records: who revealed personal data, who exported what,
and the Excel imports with their outcome."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class RevealLog(models.Model):
    """One unmasking of one record's personal data, by an explicit action."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    record_type = models.CharField(_("record type"), max_length=32)
    record_id = models.PositiveBigIntegerField(_("record id"))
    record_label = models.CharField(_("record"), max_length=100)
    fields = models.CharField(_("fields"), max_length=100)
    via = models.CharField(_("via"), max_length=16)

    class Meta:
        verbose_name = _("personal-data reveal")
        verbose_name_plural = _("personal-data reveals")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="reveal_record")]

    def __str__(self):
        return f"{self.user} {self.record_type}#{self.record_id} {self.at:%Y-%m-%d %H:%M}"


class ExportRecord(models.Model):
    """Every Excel export: who, when, what, with which filters, how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    what = models.CharField(_("what"), max_length=50)
    query = models.CharField(_("filters"), max_length=500, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    unmasked = models.BooleanField(_("with personal data unmasked"), default=False)

    class Meta:
        verbose_name = _("export record")
        verbose_name_plural = _("export records")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.user} {self.what} {self.rows} {self.at:%Y-%m-%d %H:%M}"


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking")
    INVALID = "invalid", _("Has errors")
    READY = "ready", _("Ready to apply")
    APPLYING = "applying", _("Applying")
    DONE = "done", _("Applied")
    FAILED = "failed", _("Failed, nothing written")


class PrivateStorage(FileSystemStorage):
    """Uploaded workbooks hold personal data: they live beside MEDIA_ROOT,
    never under it (DEBUG serves MEDIA_ROOT to anyone), and have no URL."""

    @property
    def base_location(self):
        return settings.GRIDGOV_PRIVATE_ROOT or os.path.join(
            os.path.dirname(os.path.abspath(settings.MEDIA_ROOT)), "private"
        )

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_private_storage = PrivateStorage()


def private_storage():
    return _private_storage


def import_file_path(instance, filename):
    return f"imports/{instance.user_id}/{instance.token}.xlsx"


class ImportJob(models.Model):
    """An uploaded workbook on its way in: checked (a dry run that writes
    nothing), then applied in one transaction once the user confirms. Large
    files run both steps in Celery; progress is read from the cache."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    kind = models.CharField(_("sheet"), max_length=20)
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(upload_to=import_file_path, storage=private_storage, blank=True)
    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    run_async = models.BooleanField(default=False)
    # {"new": n, "update": n, "skip": n, ...} of the dry run, then of the apply.
    summary = models.JSONField(default=dict, blank=True)
    # [{"row": excel row, "column": header, "message": text}, ...]
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.kind} {self.file_name} {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.INVALID, ImportStatus.DONE, ImportStatus.FAILED)
