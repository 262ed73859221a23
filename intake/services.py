"""Writes of intake: a report received from outside, and the three triage
moves (file as a case, merge into an open case, decline). Each move is one
transaction: the report row locked, the move checked against
`intake.transitions`, the report written with the next version and its event
appended, results for the outside system written to the outbox."""

import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import services as case_services
from cases.models import Case, CaseCategory, Source, Status
from cases.numbering import case_number_next
from cases.photos import files_removed_on_error, prepare_photo
from grid_gov.errors import Conflict
from orgs.access import has_capability
from orgs.kinds import Capability, UnitKind
from orgs.models import OrgUnit
from orgs.scoping import ancestor_ids

from . import callbacks
from .locate import grid_at
from .models import Channel, IntakeEvent, IntakeReport, ReportStatus
from .transitions import ACCEPT, DECLINE, MERGE, RECEIVE, TRANSITIONS, allowed_moves

LIMITS = {"description": 2000, "address": 200, "contact_name": 50, "contact_phone": 20}
REASON_MAX = 500
SOURCE_OF_CHANNEL = {
    Channel.RESIDENT: Source.RESIDENT,
    Channel.HOTLINE: Source.HOTLINE,
    Channel.OPEN311: Source.ONLINE,
}


class ReportConflict(Conflict):
    message = gettext_lazy("This report has been handled already.")


class StaleReport(ReportConflict):
    message = gettext_lazy("The report changed since you loaded it. Reload it and try again.")


def _text(errors, field, value, *, required=False, limit=None):
    value = (value or "").strip()
    limit = limit or LIMITS[field]
    if required and not value:
        errors.setdefault(field, []).append(_("This field is required."))
    elif len(value) > limit:
        errors.setdefault(field, []).append(_("At most %(n)d characters, please.") % {"n": limit})
    return value


def parse_coordinate(errors, field, value, low, high):
    """A latitude or longitude from text or a number; None when empty."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors.setdefault(field, []).append(_("Give a number, e.g. 24.4798."))
        return None
    if not number.is_finite() or not low <= number <= high:
        errors.setdefault(field, []).append(
            _("It lies between %(low)d and %(high)d.") % {"low": low, "high": high}
        )
        return None
    return number.quantize(Decimal("0.000001"))


def fallback_unit(client=None) -> OrgUnit | None:
    """Where a report whose point lies in no grid waits for triage: the
    client's own unit, or the configured district, or the first district."""
    if client is not None:
        return client.unit
    units = OrgUnit.objects.defer("boundary")
    code = settings.GRIDGOV_INTAKE_FALLBACK_UNIT
    if code:
        unit = units.filter(code=code, parent__isnull=True).first()
        if unit is not None:
            return unit
    return units.filter(parent__isnull=True, kind=UnitKind.REGION).order_by("tree_id").first()


def _leaf(category) -> bool:
    return category is not None and category.active and category.is_leaf_node()


def report_receive(
    *,
    channel: str,
    description: str,
    category: CaseCategory | None = None,
    latitude=None,
    longitude=None,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    photo=None,
    client=None,
    external_id: str = "",
    require_category: bool = False,
    at=None,
) -> IntakeReport:
    """A report from outside lands in the triage queue of the grid whose
    boundary holds its point (or of the fallback unit). A client's ticket
    sent again answers with the report it made the first time."""
    errors: dict = {}
    description = _text(errors, "description", description, required=True)
    address = _text(errors, "address", address)
    contact_name = _text(errors, "contact_name", contact_name)
    contact_phone = _text(errors, "contact_phone", contact_phone)
    external_id = (external_id or "").strip()
    if len(external_id) > 64:
        errors["external_id"] = [_("At most %(n)d characters, please.") % {"n": 64}]
    lat = parse_coordinate(errors, "lat", latitude, -90, 90)
    lng = parse_coordinate(errors, "long", longitude, -180, 180)
    if "lat" not in errors and "long" not in errors:
        if (lat is None) != (lng is None):
            errors["lat"] = [_("Give both the latitude and the longitude.")]
        elif lat is None and not address:
            errors["address"] = [_("Give the point (latitude and longitude) or an address.")]
    if category is not None and not _leaf(category):
        errors["category"] = [_("Choose a category with no subcategories.")]
    elif category is None and require_category:
        errors["category"] = [_("Choose a category.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Unknown channel.")]
    if errors:
        raise ValidationError(errors)
    if client is not None and external_id:
        existing = IntakeReport.objects.filter(client=client, external_id=external_id).first()
        if existing is not None:
            return existing
    prepared = None
    if photo:
        try:
            prepared = prepare_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"media": exc.messages}) from None

    under = client.unit if client is not None else None
    unit = grid_at(lat, lng, under=under) if lat is not None else None
    if unit is None:
        unit = fallback_unit(client)
    if unit is None:
        raise ValidationError({"lat": [_("No area takes reports yet.")]})
    chain = list(unit.get_ancestors(include_self=True).only("id", "code", "kind"))
    ids = ancestor_ids(unit, chain=chain)
    now = at or timezone.now()
    receipt = case_number_next(code=f"{chain[0].code[:16]}-R", year=timezone.localtime(now).year)
    try:
        with files_removed_on_error() as saved, transaction.atomic():
            report = IntakeReport(
                receipt=receipt,
                token=secrets.token_urlsafe(16),
                channel=channel,
                client=client,
                external_id=external_id,
                description=description,
                category=category,
                address=address,
                latitude=lat,
                longitude=lng,
                contact_name=contact_name,
                contact_phone=contact_phone,
                unit=unit,
                grid_id=ids[UnitKind.GRID],
                community_id=ids[UnitKind.COMMUNITY],
                street_id=ids[UnitKind.STREET],
                region_id=ids[UnitKind.REGION],
                created_at=now,
            )
            if prepared is not None:
                report.photo.save(prepared.name, prepared, save=False)
                saved.append(report.photo.name)
            report.save()
            IntakeEvent.objects.create(
                report=report, action=RECEIVE, at=now, to_status=ReportStatus.PENDING
            )
    except IntegrityError:
        # The same ticket, sent twice at once: the first one won.
        if client is not None and external_id:
            return IntakeReport.objects.get(client=client, external_id=external_id)
        raise
    return report


# --- triage -------------------------------------------------------------------


def _move(*, report, user, move, version, apply, note=""):
    """The frame of every triage move. `apply(locked, now)` writes the move's
    own fields."""
    now = timezone.now()
    with transaction.atomic():
        locked = IntakeReport.objects.select_for_update().get(pk=report.pk)
        locked.unit = OrgUnit.objects.defer("boundary").get(pk=locked.unit_id)
        if version not in (None, ""):
            try:
                seen = int(version)
            except (TypeError, ValueError):
                raise ValidationError({"version": [_("Give the version you saw.")]}) from None
            if seen != locked.version:
                raise StaleReport(
                    status=locked.status,
                    allowed=allowed_moves(locked.status),
                    version=locked.version,
                )
        if not has_capability(user, Capability.HANDLE_CASES, locked.unit):
            raise PermissionDenied(_("Your position does not triage reports."))
        if (locked.status, move) not in TRANSITIONS:
            raise ReportConflict(
                status=locked.status, allowed=allowed_moves(locked.status), version=locked.version
            )
        from_status = locked.status
        apply(locked, now)
        locked.status = TRANSITIONS[(from_status, move)]
        locked.handled_at = now
        locked.version += 1
        locked.save()
        IntakeEvent.objects.create(
            report=locked,
            action=move,
            actor=user,
            at=now,
            from_status=from_status,
            to_status=locked.status,
            note=note,
        )
    return locked


def report_accept(*, report, user, category=None, grid=None, version=None) -> IntakeReport:
    """File the report as a case (category and grid may be corrected). The
    case keeps the resident's contact, point and photo."""
    category = category or report.category
    grid = grid or (report.unit if report.unit.kind == UnitKind.GRID else None)
    errors = {}
    if not _leaf(category):
        errors["category"] = [_("Choose a category with no subcategories.")]
    if grid is None or grid.kind != UnitKind.GRID:
        errors["grid"] = [_("Choose the grid the case belongs to.")]
    if errors:
        raise ValidationError(errors)

    def apply(locked, now):
        photos = []
        if locked.photo:
            photos = [File(locked.photo.open("rb"), name=locked.photo.name)]
        try:
            case = case_services.case_file(
                user=user,
                title=locked.title,
                description=locked.description,
                category=category,
                grid=grid,
                source=SOURCE_OF_CHANNEL[locked.channel],
                address=locked.address,
                latitude=locked.latitude,
                longitude=locked.longitude,
                photos=photos,
                resident_name=locked.contact_name,
                resident_phone=locked.contact_phone,
            )
        finally:
            for photo in photos:
                photo.close()
        locked.case = case
        locked.category = category

    return _move(report=report, user=user, move=ACCEPT, version=version, apply=apply)


def report_merge(*, report, user, case: Case, version=None, note: str = "") -> IntakeReport:
    """The report tells of an open case already filed: it follows that case
    (the resident's link shows its status, the hotline gets its result)."""
    errors: dict = {}
    note = _text(errors, "note", note, limit=REASON_MAX)
    if case is None or not Case.objects.visible_to(user).filter(pk=case.pk).exists():
        errors["case"] = [_("Choose a case in your area.")]
    elif case.status not in (Status.REPORTED, Status.HANDLING):
        errors["case"] = [_("Choose a case that is still open.")]
    if errors:
        raise ValidationError(errors)

    def apply(locked, now):
        locked.case = case

    return _move(
        report=report,
        user=user,
        move=MERGE,
        version=version,
        apply=apply,
        note=note or case.number,
    )


def report_decline(*, report, user, reason: str, version=None) -> IntakeReport:
    """Decline with a reason the resident (and the hotline) sees."""
    errors: dict = {}
    reason = _text(errors, "reason", reason, required=True, limit=REASON_MAX)
    if errors:
        raise ValidationError(errors)

    def apply(locked, now):
        locked.decline_reason = reason
        callbacks.result_later(
            report=locked,
            status="declined",
            result=reason,
            key=f"intake.result:{locked.pk}:declined",
        )

    return _move(report=report, user=user, move=DECLINE, version=version, apply=apply, note=reason)
