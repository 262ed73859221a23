"""Excel pages: templates, uploads with a dry run, confirmation, progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import imports
from ..excel import REGISTRY, read_progress, sheet_class
from ..forms import UploadForm
from ..models import ImportJob, ImportStatus
from .common import export_sheet, unit_param, xlsx_response

IMPORT_KINDS = ("units", "staff", "members", "households")


def _importable(kind, user):
    cls = sheet_class(kind)
    if cls is None or kind not in IMPORT_KINDS:
        raise Http404
    if not cls.may_import(user):
        raise PermissionDenied
    return cls


@login_required
def import_index(request):
    sheets = [
        {
            "kind": kind,
            "title": REGISTRY[kind].title,
            "may_import": REGISTRY[kind].may_import(request.user),
            "may_export": REGISTRY[kind].may_export(request.user),
        }
        for kind in IMPORT_KINDS
        if kind in REGISTRY
    ]
    jobs = list(ImportJob.objects.filter(user=request.user)[:20])
    for job in jobs:
        # The sheet's name as the page shows it, never its code.
        job.kind_title = REGISTRY[job.kind].title if job.kind in REGISTRY else job.kind
    return render(request, "members/import_index.html", {"sheets": sheets, "jobs": jobs})


@login_required
def import_template(request, kind):
    cls = _importable(kind, request.user)
    return xlsx_response(
        cls.template_xlsx(request.user), _("%(title)s template.xlsx") % {"title": cls.title}
    )


@login_required
def import_download(request, kind):
    """The caller's current data in the import format (scoped and masked)."""
    cls = sheet_class(kind)
    if cls is None or kind not in IMPORT_KINDS:
        raise Http404
    if not cls.may_export(request.user):
        raise PermissionDenied
    unit = unit_param(request)
    return export_sheet(request, cls, cls.export_queryset(request.user, unit))


@login_required
def import_upload(request, kind):
    cls = _importable(kind, request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = imports.import_start(user=request.user, kind=kind, upload=form.cleaned_data["file"])
        if check.job is not None:
            return redirect("import-detail", check.job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "members/import_upload.html",
        {
            "sheet": cls,
            "kind": kind,
            "form": form,
            "check": check,
            "headers": cls.column_names(readonly=False),
        },
        status=status,
    )


def _job(request, job_id):
    return get_object_or_404(ImportJob.objects.filter(user=request.user), pk=job_id)


@login_required
def import_detail(request, job_id):
    job = _job(request, job_id)
    return render(
        request,
        "members/import_detail.html",
        {
            "job": job,
            "sheet": sheet_class(job.kind),
            "running": job.status in (ImportStatus.VALIDATING, ImportStatus.APPLYING),
        },
    )


@login_required
@require_POST
def import_confirm(request, job_id):
    job = imports.import_confirm(job=_job(request, job_id), user=request.user)
    if job.status == ImportStatus.DONE:
        messages.success(request, _("The file was applied."))
    return redirect("import-detail", job.pk)


@login_required
def import_progress(request, job_id):
    job = _job(request, job_id)
    progress = read_progress(job.pk) or {}
    total = progress.get("total") or job.rows or 0
    done = progress.get("done", 0)
    if job.finished or job.status == ImportStatus.READY:
        done = total
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 0,
            "finished": job.finished or job.status == ImportStatus.READY,
            "url": reverse("import-detail", args=[job.pk]),
        }
    )
