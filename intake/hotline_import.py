"""A batch of 12345 hotline tickets from an Excel workbook: every row is
checked as the intake API checks one report; with any bad row nothing is
written, and a dry run writes nothing either. Each ticket keeps its number,
so a ticket already received is not received twice."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import CaseCategory
from members.excel.reading import ImportFileError, cell_text, read_rows
from orgs.access import has_capability
from orgs.kinds import Capability

from . import services
from .models import IntakeReport

COLUMNS = {
    "工单号": "external_id",
    "类别编码": "category",
    "问题描述": "description",
    "地址": "address",
    "纬度": "latitude",
    "经度": "longitude",
    "联系人": "contact_name",
    "联系电话": "contact_phone",
}
REQUIRED = ("工单号", "问题描述")
FIELD_HEADERS = {v: k for k, v in COLUMNS.items()} | {"lat": "纬度", "long": "经度"}


class _DryRun(Exception):
    pass


def hotline_batch_import(*, user, client, fileobj, apply: bool) -> dict:
    """{"rows": n, "new": n, "known": n, "errors": [(row, column, message)],
    "written": bool}. Raises ImportFileError for a file that cannot be read."""
    if not has_capability(user, Capability.HANDLE_CASES, client.unit):
        raise PermissionDenied(_("Your position does not take in hotline tickets here."))
    dataset, numbers = read_rows(fileobj)
    missing = [h for h in REQUIRED if h not in dataset.headers]
    if missing:
        raise ImportFileError(
            _("Missing columns: %(names)s. The first row must name: %(all)s.")
            % {"names": "、".join(missing), "all": "、".join(COLUMNS)}
        )
    categories = {c.code: c for c in CaseCategory.objects.filter(active=True)}
    errors, new, known, seen = [], 0, 0, set()
    try:
        with transaction.atomic():
            for number, row in zip(numbers, dataset.dict, strict=True):
                values = {field: cell_text(row.get(header)) for header, field in COLUMNS.items()}
                ticket = values["external_id"]
                if ticket in seen:
                    errors.append((number, "工单号", _("This ticket appears twice in the file.")))
                    continue
                seen.add(ticket)
                if not ticket:
                    errors.append((number, "工单号", _("This field is required.")))
                    continue
                code = values.pop("category")
                category = categories.get(code) if code else None
                if code and category is None:
                    errors.append(
                        (number, "类别编码", _("Unknown category code %(code)s.") % {"code": code})
                    )
                    continue
                if IntakeReport.objects.filter(client=client, external_id=ticket).exists():
                    known += 1
                    continue
                try:
                    with transaction.atomic():
                        services.report_receive(
                            channel="hotline", client=client, category=category, **values
                        )
                except ValidationError as exc:
                    for field, messages in exc.message_dict.items():
                        for message in messages:
                            errors.append((number, FIELD_HEADERS.get(field, field), message))
                    continue
                new += 1
            if errors or not apply:
                raise _DryRun
    except _DryRun:
        pass
    return {
        "rows": len(numbers),
        "new": new,
        "known": known,
        "errors": errors,
        "written": apply and not errors,
    }
