"""Person transfers (人员迁移): one person, one registration, and no answer
that tells a caller the person is registered outside their area.

An ID number is unique among residents and among party members. When
someone files a person (a page form, the API, an Excel row) whose number is
already registered where the filer cannot edit, the honest answers — "already
registered elsewhere", or "waiting for <office> to approve a transfer" — are
both oracles: typing any ID number would tell whether, and (through the
office's level) roughly where, that person lives. A transfer request created
only when a record exists elsewhere is itself such a signal, if the filer can
see it.

So the filer's answer never depends on records outside their area:

- the person is filed exactly as a new one would be (the same 201, the same
  "created" count in an import's check and apply, the same row in every list,
  figure and export of the filer's area), held as a *claim*
  (`transfer_pending`, never shown);
- beside it a PersonTransfer goes to the lowest office covering both places
  (a community, a street or the district); only that office sees it, and it
  may see both places anyway;
- approving moves the registered record to the claim's place with the
  claim's values (a member's ledger lines recorded meanwhile come along) and
  drops the claim; refusing drops the claim, and the requester finds the
  refusal, with the office's note, on the transfers page. What the filer
  learns then, they learn from a person who covers both areas and decided
  to tell them, not from the system.

A number already registered inside the filer's editable area is refused with
a message naming that household or branch (the filer can see it anyway).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.access import capability_roots, covers, has_capability, roots_with_all
from orgs.kinds import Capability, UnitKind
from orgs.models import OrgUnit

from .models import (
    START_SCORE,
    DualReport,
    PartyMember,
    PersonTransfer,
    PioneerPledge,
    Resident,
    ScoreEntry,
    TransferKind,
    TransferStatus,
)
from .personal import normalize_id_number, search_hash

OFFICE_KINDS = (UnitKind.COMMUNITY, UnitKind.STREET, UnitKind.REGION)
MODELS = {TransferKind.RESIDENT: Resident, TransferKind.MEMBER: PartyMember}
KINDS = {Resident: TransferKind.RESIDENT, PartyMember: TransferKind.MEMBER}


def lowest_office(a: OrgUnit, b: OrgUnit) -> OrgUnit | None:
    """The lowest community, street or district covering both units."""
    for unit in a.get_ancestors(ascending=True, include_self=True):
        if unit.kind not in OFFICE_KINDS:
            continue
        if covers(unit, b):
            return unit
    return None


def _anchor(person) -> OrgUnit:
    return OrgUnit.objects.get(pk=person.anchor_unit_id())


def registered_twin(person, write_roots):
    """How `person`'s ID number stands before it is saved.

    Returns None when nobody else holds it; raises ValidationError when a
    record the filer may edit holds it (their own claims included); returns
    the registered record when it lies outside the filer's editable area.
    Other people's claims are never looked at."""
    if not person.id_number_hash:
        return None
    model = type(person)
    twins = model._default_manager.filter(id_number_hash=person.id_number_hash)
    if person.pk:
        twins = twins.exclude(pk=person.pk)
        stored = model._default_manager.filter(pk=person.pk).values_list(
            "id_number_hash", "transfer_pending"
        )
        if stored and stored[0][0] == person.id_number_hash:
            # The number did not change: a claim keeps waiting on the
            # record it names, a registered record stays registered.
            return twins.filter(transfer_pending=False).first() if stored[0][1] else None
    registered = None
    for twin in twins:
        if any(twin.lies_under(root) for root in write_roots):
            raise ValidationError(
                {
                    "id_number": _("This person is already registered in your area: %(where)s.")
                    % {"where": _where(twin)}
                }
            )
        if not twin.transfer_pending:
            registered = twin
    return registered


def _where(person) -> str:
    if isinstance(person, Resident):
        return person.household.address
    return person.unit.name


def write_roots(user, model) -> list:
    """Where `user` may file people of `model` (members need both
    capabilities)."""
    if model is PartyMember:
        return roots_with_all(user, (Capability.EDIT_PEOPLE, Capability.VIEW_PARTY_MEMBERS))
    return capability_roots(user, Capability.EDIT_PEOPLE)


def hold_if_registered(person, roots):
    """Before saving `person`: refuse a number registered in the filer's
    area, or mark the person as a claim when it is registered elsewhere.
    Returns the registered record (or None) for `file_claim`."""
    person.id_number_hash = search_hash(normalize_id_number(person.id_number))
    twin = registered_twin(person, roots)
    person.transfer_pending = twin is not None
    return twin


def file_claim(*, user, person, twin):
    """After saving `person`: the transfer beside a new claim. A claim whose
    number changed loses the transfers that no longer fit it."""
    pending = PersonTransfer.objects.filter(
        kind=KINDS[type(person)], claim_id=person.pk, status=TransferStatus.PENDING
    )
    pending.exclude(record_id=twin.pk if twin is not None else None).delete()
    if twin is not None and not pending.filter(record_id=twin.pk).exists():
        transfer_request(user=user, claim=person, record=twin)


def transfer_request(*, user, claim, record) -> PersonTransfer:
    """File the transfer beside a claim just saved. Never shown to `user`
    until decided."""
    to_unit, from_unit = _anchor(claim), _anchor(record)
    office = lowest_office(to_unit, from_unit)
    return PersonTransfer.objects.create(
        kind=KINDS[type(claim)],
        record_id=record.pk,
        claim_id=claim.pk,
        name=claim.name[:50],
        office=office,
        from_unit=from_unit,
        to_unit=to_unit,
        requested_by=user,
    )


# --- Reads ---------------------------------------------------------------------


def _office_q(user) -> Q | None:
    roots = capability_roots(user, Capability.DECIDE_TRANSFERS)
    if not roots:
        return None
    q = Q()
    for root in roots:
        q |= Q(
            office__tree_id=root.tree_id,
            office__lft__gte=root.lft,
            office__rght__lte=root.rght,
        )
    return q


def transfers_to_decide(*, user):
    """Pending transfers whose office lies in the caller's deciding area."""
    q = _office_q(user)
    if q is None:
        return PersonTransfer.objects.none()
    return (
        PersonTransfer.objects.filter(q, status=TransferStatus.PENDING)
        .select_related("office", "from_unit", "to_unit", "requested_by")
        .order_by("requested_at", "id")
    )


def transfers_decided_for(*, user):
    """The caller's own requests, once an office has decided them."""
    return (
        PersonTransfer.objects.filter(requested_by=user)
        .exclude(status=TransferStatus.PENDING)
        .select_related("office", "to_unit", "decided_by")
        .order_by("-decided_at", "-id")
    )


def may_decide(user, transfer) -> bool:
    return has_capability(user, Capability.DECIDE_TRANSFERS, transfer.office)


def people_of(transfer):
    """(registered record, claim) of a transfer; either may be gone."""
    model = MODELS[transfer.kind]
    found = model._default_manager.in_bulk([transfer.record_id, transfer.claim_id])
    return found.get(transfer.record_id), found.get(transfer.claim_id)


# --- Decisions -----------------------------------------------------------------


def _pending(transfer, user):
    transfer = PersonTransfer.objects.select_for_update().get(pk=transfer.pk)
    if not may_decide(user, transfer):
        raise PermissionDenied
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError(_("This transfer has already been decided."))
    return transfer


def _close(transfer, user, status, note):
    transfer.status = status
    transfer.decided_by = user
    transfer.decided_at = timezone.now()
    transfer.note = (note or "").strip()[:200]
    transfer.save()
    return transfer


def _drop(claim, user):
    if claim is not None:
        claim._history_user = user
        claim.delete()


RESIDENT_VALUES = ("name", "relation", "phone", "birth_date")
MEMBER_VALUES = ("name", "gender", "category", "joined_on", "phone")


def _move_member_records(record, claim):
    """A claim's ledger lines, dual report, pledge and account go to the
    registered member, where it has none of its own."""
    moved = ScoreEntry.objects.filter(member=claim).update(member=record)
    if moved:
        record.score += claim.score - START_SCORE
    if not DualReport.objects.filter(member=record).exists():
        DualReport.objects.filter(member=claim).update(member=record)
    if not PioneerPledge.objects.filter(member=record).exists():
        PioneerPledge.objects.filter(member=claim).update(member=record)
    if claim.user_id and not record.user_id:
        user_id = claim.user_id
        PartyMember.objects.filter(pk=claim.pk).update(user=None)
        record.user_id = user_id


@transaction.atomic
def transfer_approve(*, transfer, user, note="") -> PersonTransfer:
    transfer = _pending(transfer, user)
    record, claim = people_of(transfer)
    if claim is None:
        return _close(transfer, user, TransferStatus.REFUSED, note)
    if record is None:
        # The registration elsewhere is gone: the claim simply stands.
        claim.transfer_pending = False
        claim._history_user = user
        claim.save()
        return _close(transfer, user, TransferStatus.APPROVED, note)
    if isinstance(record, Resident):
        record.household = claim.household
        values = RESIDENT_VALUES
    else:
        record.unit = claim.unit
        _move_member_records(record, claim)
        values = MEMBER_VALUES
    for name in values:
        setattr(record, name, getattr(claim, name))
    _drop(claim, user)
    record.copy_ancestors()
    record._history_user = user
    record.save()
    _repoint_others(transfer, record)
    return _close(transfer, user, TransferStatus.APPROVED, note)


def _repoint_others(transfer, record):
    """Other claims on the same person now wait for the office covering the
    record's new place."""
    from_unit = _anchor(record)
    for other in PersonTransfer.objects.filter(
        kind=transfer.kind, record_id=record.pk, status=TransferStatus.PENDING
    ).exclude(pk=transfer.pk):
        other.from_unit = from_unit
        other.office = lowest_office(other.to_unit, from_unit)
        other.save(update_fields=["from_unit", "office"])


@transaction.atomic
def transfer_refuse(*, transfer, user, note="") -> PersonTransfer:
    transfer = _pending(transfer, user)
    if not (note or "").strip():
        raise ValidationError({"note": _("Give the reason, for the requester.")})
    _record, claim = people_of(transfer)
    _drop(claim, user)
    return _close(transfer, user, TransferStatus.REFUSED, note)
