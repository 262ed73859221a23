"""Writes about people and households. Each checks the caller's capability
over the unit it touches (PermissionDenied otherwise), validates with the
model's rules (ValidationError with a message per field) and writes nothing
on error."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.access import Grant, has_capability
from orgs.kinds import Capability, UnitKind

from . import masking, transfers
from .models import (
    TAG_FIELDS,
    Category,
    DualReport,
    Household,
    PartyMember,
    PioneerPledge,
    Resident,
    RevealLog,
    ScoreEntry,
    Visit,
)

C = Capability
MEMBER_FIELDS = ("name", "gender", "category", "unit", "joined_on", "phone", "id_number", "user")
HOUSEHOLD_FIELDS = ("address", "grid", "party_group", "member_household", "note")
RESIDENT_FIELDS = ("name", "relation", "id_number", "phone", "birth_date")


def _require(user, capability, unit):
    if unit is None or not has_capability(user, capability, unit):
        raise PermissionDenied


def _require_members(user, unit):
    _require(user, C.EDIT_PEOPLE, unit)
    _require(user, C.VIEW_PARTY_MEMBERS, unit)


def _save(instance, user, **kwargs):
    if instance.anchor_unit_id():
        instance.copy_ancestors()
    twin = None
    people = isinstance(instance, (Resident, PartyMember))
    if people:
        # A number registered outside the caller's area is answered exactly
        # like a new one (see members.transfers).
        twin = transfers.hold_if_registered(instance, transfers.write_roots(user, type(instance)))
    instance.full_clean()
    instance._history_user = user
    instance.save(**kwargs)
    if people:
        transfers.file_claim(user=user, person=instance, twin=twin)
    return instance


def _not_future(day, field):
    if day and day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


# --- Party members ---------------------------------------------------------------


@transaction.atomic
def member_create(*, user, unit, **fields) -> PartyMember:
    _require_members(user, unit)
    member = PartyMember(unit=unit, **{k: v for k, v in fields.items() if k in MEMBER_FIELDS})
    _not_future(member.joined_on, "joined_on")
    return _save(member, user)


@transaction.atomic
def member_update(*, member, user, **fields) -> PartyMember:
    _require_members(user, member.unit)
    for name, value in fields.items():
        if name not in MEMBER_FIELDS:
            raise TypeError(name)
        if name == "id_number" and not value:
            continue  # left blank in a form: keep the stored number
        setattr(member, name, value)
    _require_members(user, member.unit)
    _not_future(member.joined_on, "joined_on")
    return _save(member, user)


def score_add(*, member, user, rule=None, on=None, points=None, reason="") -> ScoreEntry:
    """A manual ledger line: it names a rule of the catalogue (see
    members.points, the ledger's one writer)."""
    from .points import score_award

    if not Grant(user, C.VIEW_PARTY_MEMBERS).covers(member):
        raise PermissionDenied
    return score_award(member=member, user=user, rule=rule, on=on, points=points, reason=reason)


@transaction.atomic
def dual_report_set(*, member, user, community_unit, workplace, reported_on, services=""):
    """Record (or change) an in-service member's report to the community
    where they live."""
    _require_members(user, member.unit)
    errors = {}
    if member.category != Category.IN_SERVICE:
        errors["member"] = _("Only in-service members report to their home community.")
    if community_unit is None or community_unit.kind != UnitKind.COMMUNITY:
        errors["community_unit"] = _("Choose a community.")
    if not (workplace or "").strip():
        errors["workplace"] = _("Enter the member's workplace.")
    if reported_on and reported_on > timezone.localdate():
        errors["reported_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    report, _created = DualReport.objects.get_or_create(
        member=member,
        defaults={
            "community_unit": community_unit,
            "workplace": workplace.strip(),
            "reported_on": reported_on,
        },
    )
    report.community_unit = community_unit
    report.workplace = workplace.strip()
    report.reported_on = reported_on
    report.services = (services or "").strip()
    report.copy_ancestors()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def dual_report_remove(*, member, user):
    _require_members(user, member.unit)
    DualReport.objects.filter(member=member).delete()


def _clean_services(services) -> list[str]:
    cleaned, seen = [], set()
    for s in services:
        s = (s or "").strip()
        if s and s not in seen:
            cleaned.append(s)
            seen.add(s)
    return cleaned


@transaction.atomic
def pioneer_pledge_set(*, member, user, posts, services) -> PioneerPledge:
    """A member claims 1–2 pioneer posts and commits to 3–4 services."""
    _require_members(user, member.unit)
    posts = list(dict.fromkeys(posts))
    services = _clean_services(services)
    errors = {}
    low, high = PioneerPledge.POSTS[0], PioneerPledge.POSTS[-1]
    if not low <= len(posts) <= high:
        errors["posts"] = _("Claim %(low)d or %(high)d posts (chosen: %(n)d).") % {
            "low": low,
            "high": high,
            "n": len(posts),
        }
    low, high = PioneerPledge.SERVICES[0], PioneerPledge.SERVICES[-1]
    if not low <= len(services) <= high:
        errors["services"] = _("Commit to %(low)d to %(high)d services (given: %(n)d).") % {
            "low": low,
            "high": high,
            "n": len(services),
        }
    if any(len(s) > 50 for s in services):
        errors["services"] = _("Describe each service in at most 50 characters.")
    if errors:
        raise ValidationError(errors)
    pledge, _created = PioneerPledge.objects.get_or_create(member=member)
    pledge.services = services
    pledge.save()
    pledge.posts.set(posts)
    return pledge


# --- Households ----------------------------------------------------------------------


def _apply_tags(household, tags):
    tags = set(tags or ())
    for tag, field in TAG_FIELDS.items():
        setattr(household, field, tag in tags)


@transaction.atomic
def household_create(*, user, grid, address, tags=(), **fields) -> Household:
    _require(user, C.EDIT_PEOPLE, grid)
    household = Household(
        grid=grid,
        address=(address or "").strip(),
        **{k: v for k, v in fields.items() if k in HOUSEHOLD_FIELDS},
    )
    _apply_tags(household, tags)
    return _save(household, user)


@transaction.atomic
def household_update(*, household, user, tags=None, **fields) -> Household:
    _require(user, C.EDIT_PEOPLE, household.grid)
    for name, value in fields.items():
        if name not in HOUSEHOLD_FIELDS:
            raise TypeError(name)
        setattr(household, name, value.strip() if name == "address" else value)
    _require(user, C.EDIT_PEOPLE, household.grid)
    if tags is not None:
        _apply_tags(household, tags)
    _save(household, user)
    # Residents and visits copy the household's place.
    place = {
        "region_id": household.region_id,
        "street_id": household.street_id,
        "community_id": household.community_id,
        "grid_id": household.grid_id,
    }
    Resident.objects.filter(household=household).update(**place)
    Visit.objects.filter(household=household).update(**place)
    return household


@transaction.atomic
def resident_create(*, household, user, **fields) -> Resident:
    _require(user, C.EDIT_PEOPLE, household.grid)
    resident = Resident(
        household=household, **{k: v for k, v in fields.items() if k in RESIDENT_FIELDS}
    )
    _fill_birth_date(resident)
    return _save(resident, user)


@transaction.atomic
def resident_update(*, resident, user, **fields) -> Resident:
    _require(user, C.EDIT_PEOPLE, resident.household.grid)
    for name, value in fields.items():
        if name == "household":
            _require(user, C.EDIT_PEOPLE, value.grid)
        elif name not in RESIDENT_FIELDS:
            raise TypeError(name)
        if name == "id_number" and not value:
            continue  # left blank in a form: keep the stored number
        setattr(resident, name, value)
    _fill_birth_date(resident)
    return _save(resident, user)


def _fill_birth_date(resident):
    from .personal import id_birth_date, normalize_id_number

    if resident.birth_date is None and resident.id_number:
        number = normalize_id_number(resident.id_number)
        if len(number) == 18:
            resident.birth_date = id_birth_date(number)


@transaction.atomic
def visit_create(*, household, user, visited_on, notes="", problems="") -> Visit:
    _require(user, C.EDIT_PEOPLE, household.grid)
    errors = {}
    if visited_on is None:
        errors["visited_on"] = _("Enter the date of the visit.")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("The date cannot be in the future.")
    elif visited_on < timezone.localdate() - datetime.timedelta(days=366):
        errors["visited_on"] = _("Record visits within a year of the day they took place.")
    if not (notes or "").strip() and not (problems or "").strip():
        errors["notes"] = _("Write what you found, or the problems you saw.")
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        household=household,
        visited_on=visited_on,
        visitor=user,
        notes=(notes or "").strip(),
        problems=(problems or "").strip(),
    )
    visit.region_id = household.region_id
    visit.street_id = household.street_id
    visit.community_id = household.community_id
    visit.grid_id = household.grid_id
    visit.full_clean()
    visit.save()
    return visit


# --- Personal data -------------------------------------------------------------------


def personal_data_reveal(*, user, record, via="page") -> dict:
    """Show one record's personal fields (a person's ID number and phone, a
    case's resident phone) in full, and log who did it. Only for positions
    with VIEW_PERSONAL_DATA over the record's place."""
    fields = masking.personal_fields(record)
    if not fields or not masking.may_unmask(user, record):
        raise PermissionDenied
    RevealLog.objects.create(
        user=user,
        record_type=record._meta.model_name,
        record_id=record.pk,
        record_label=str(record)[:100],
        fields=",".join(fields),
        via=via,
    )
    return {name: getattr(record, name) or "" for name in fields}
