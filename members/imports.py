"""Writes of the Excel import workflow: upload → check (a dry run that writes
nothing) → confirm → apply in one transaction. Small files run in the
request; larger ones in Celery with progress in the cache, the task sent
through the outbox (the upload never waits on the broker)."""

import logging
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grid_gov.outbox import task_later

from .excel import ImportFileError, Progress, read_headers, read_rows, sheet_class, sync_row_limit
from .models import ExportRecord, ImportJob, ImportStatus

MAX_ERRORS = 1000
logger = logging.getLogger(__name__)


@dataclass
class ImportCheck:
    job: ImportJob | None = None
    errors: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def _sheet_for(kind, user):
    cls = sheet_class(kind)
    if cls is None or not cls.may_import(user):
        raise PermissionDenied
    return cls


def run_sheet(*, user, kind, fileobj, dry_run, progress_job_id=None) -> tuple[list, dict]:
    """Import a workbook; a dry run, or a real run with any error, writes
    nothing. Returns the errors (row, column, message) and the counts."""
    cls = _sheet_for(kind, user)
    dataset, numbers = read_rows(fileobj)
    cls.check_headers(list(dataset.headers or []))
    if not len(dataset):
        raise ImportFileError(_("The sheet has headers but no data rows."))
    progress = None
    if progress_job_id is not None:
        phase = "checking" if dry_run else "applying"
        progress = Progress(progress_job_id, len(dataset), phase)
    sheet = cls(user=user, progress=progress, excel_rows=numbers)
    result = sheet.import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    return sheet.outcome(result)


def _unexpected() -> list:
    return [
        {
            "row": None,
            "column": "",
            "message": _("The import stopped on an unexpected error; nothing was written."),
        }
    ]


def _file_errors(exc: ImportFileError) -> list:
    return [{"row": None, "column": "", "message": m} for m in exc.messages]


def import_start(*, user, kind, upload) -> ImportCheck:
    """Check an uploaded file. Small files are dry-run here: with errors
    nothing is kept (not even the file); clean ones become a job waiting for
    confirmation. Large files become a job checked in Celery."""
    cls = _sheet_for(kind, user)
    try:
        headers, rows = read_headers(upload)
        cls.check_headers(headers)
    except ImportFileError as exc:
        return ImportCheck(errors=_file_errors(exc))
    upload.seek(0)
    job = ImportJob(user=user, kind=kind, token=secrets.token_hex(16), file_name=upload.name[:200])
    if rows is None or rows > sync_row_limit():
        job.run_async = True
        job.rows = rows or 0
        job.file.save(job.token + ".xlsx", upload, save=False)
        from .tasks import import_check_task

        with transaction.atomic():
            job.save()
            task_later(task=import_check_task, args=[job.pk], key=f"members.import_check:{job.pk}")
        return ImportCheck(job=job)
    try:
        errors, counts = run_sheet(user=user, kind=kind, fileobj=upload, dry_run=True)
    except ImportFileError as exc:
        return ImportCheck(errors=_file_errors(exc))
    if errors:
        return ImportCheck(errors=errors[:MAX_ERRORS], counts=counts)
    upload.seek(0)
    job.status = ImportStatus.READY
    job.rows = counts.get("rows", 0)
    job.summary = counts
    job.file.save(job.token + ".xlsx", upload, save=False)
    job.save()
    return ImportCheck(job=job, counts=counts)


def _finish(job, *, status, errors=None, summary=None):
    job.status = status
    if errors is not None:
        job.errors = errors[:MAX_ERRORS]
    if summary is not None:
        job.summary = summary
        job.rows = summary.get("rows", job.rows)
    if status in (ImportStatus.INVALID, ImportStatus.DONE, ImportStatus.FAILED):
        job.finished_at = timezone.now()
        # Nothing of a finished import stays on disk (removed once the
        # outcome is committed, so a rolled-back run can still be retried).
        if job.file:
            storage, name = job.file.storage, job.file.name
            transaction.on_commit(lambda: storage.delete(name))
            job.file = ""
    job.save()


def import_check(*, job_id):
    """The Celery side of a large file's dry run. Idempotent: a job that is
    no longer being checked is left alone."""
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.VALIDATING).first()
    if job is None:
        return
    try:
        with job.file.open("rb") as fh:
            errors, counts = run_sheet(
                user=job.user, kind=job.kind, fileobj=fh, dry_run=True, progress_job_id=job.pk
            )
    except ImportFileError as exc:
        _finish(job, status=ImportStatus.INVALID, errors=_file_errors(exc))
        return
    except Exception:  # noqa: BLE001 - the job must end, whatever went wrong
        logger.exception("import check %s failed", job.pk)
        _finish(job, status=ImportStatus.INVALID, errors=_unexpected())
        return
    if errors:
        _finish(job, status=ImportStatus.INVALID, errors=errors, summary=counts)
    else:
        job.status = ImportStatus.READY
        job.summary = counts
        job.rows = counts.get("rows", job.rows)
        job.save(update_fields=["status", "summary", "rows"])


def import_confirm(*, job, user) -> ImportJob:
    """Apply a checked file: in the request when small, else in Celery."""
    if job.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.READY:
            return job
        job.status = ImportStatus.APPLYING
        job.save(update_fields=["status"])
        if job.run_async:
            from .tasks import import_apply_task

            task_later(task=import_apply_task, args=[job.pk], key=f"members.import_apply:{job.pk}")
            return job
    import_apply(job_id=job.pk)
    job.refresh_from_db()
    return job


def import_apply(*, job_id):
    """Apply a confirmed job in one transaction with the job's own status,
    so a task run twice (a worker died after commit) finds it done."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update()
            .filter(pk=job_id, status=ImportStatus.APPLYING)
            .first()
        )
        if job is None:
            return
        try:
            with job.file.open("rb") as fh:
                errors, counts = run_sheet(
                    user=job.user,
                    kind=job.kind,
                    fileobj=fh,
                    dry_run=False,
                    progress_job_id=job.pk if job.run_async else None,
                )
        except ImportFileError as exc:
            errors, counts = _file_errors(exc), None
        except Exception:  # noqa: BLE001 - the job must end, whatever went wrong
            logger.exception("import apply %s failed", job.pk)
            errors, counts = _unexpected(), None
        if errors:
            _finish(job, status=ImportStatus.FAILED, errors=errors, summary=counts)
        else:
            _finish(job, status=ImportStatus.DONE, summary=counts)


def export_record(*, user, what, query, rows, unmasked) -> ExportRecord:
    return ExportRecord.objects.create(
        user=user, what=what, query=query[:500], rows=rows, unmasked=unmasked
    )
