"""Plumbing shared by the people pages: unit filters, paging, Excel
responses."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header

from orgs.access import has_capability
from orgs.models import OrgUnit

from .. import imports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def require_any(user, capability):
    if not has_capability(user, capability):
        raise PermissionDenied


def unit_param(request, name="unit"):
    """The unit named in the query string, which must be in the caller's
    subtree (404 otherwise, like any object out of scope)."""
    raw = request.GET.get(name)
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=raw)


def paginate(request, queryset, size=PAGE_SIZE):
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def wants_xlsx(request) -> bool:
    return request.GET.get("format") == "xlsx"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_sheet(request, sheet_cls, queryset, label=None):
    """Export a list as the caller sees it (scoped, masked) and record it."""
    if not sheet_cls.may_export(request.user):
        raise PermissionDenied
    sheet = sheet_cls(user=request.user)
    content, rows = sheet.to_xlsx(queryset)
    query = request.GET.copy()
    query.pop("format", None)
    imports.export_record(
        user=request.user,
        what=sheet_cls.kind,
        query=query.urlencode(),
        rows=rows,
        unmasked=sheet.unmasked > 0,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(content, f"{label or sheet_cls.title}-{stamp}.xlsx")


def keep_numbers_left_blank(cleaned: dict) -> dict:
    """The edit form shows ID numbers and phones masked and promises to keep
    them when left blank: only a typed number replaces the one on file."""
    return {k: v for k, v in cleaned.items() if k not in ("id_number", "phone") or v}
