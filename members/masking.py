"""What a caller sees of a person's ID number, phone and birth date: the one
place that masks them, for every page, API answer and export.

Masking means nothing can be pieced back together, neither from one masked
value nor by setting two of them side by side:

- an ID number shows only its first and last character
  (``3****************2``); the hidden middle holds the birth date, so no
  birth date is ever shown beside a masked number: an age is;
- a phone shows at most its last four digits; an 11-digit mobile shows its
  network prefix and last four (``189****5305``); any other number (7 or 8
  digits, a landline with its area code: 11 or 12 digits) shows at most a
  third of its digits, the last ones, so at least two thirds stay hidden
  whatever its length. Separators are dropped, so the area code's length
  does not show either.

Every function here masks the same value the same way, so two places can
never show two different halves of one number.

Who sees more: a position with Capability.VIEW_PERSONAL_DATA over the
record's place (`may_unmask`). Even then pages and the API show the masked
values; the full ones come only through an explicit, logged reveal
(members.services.personal_data_reveal); an export by such a caller carries
them in full and is recorded as unmasked.
"""

import datetime
import re

from django.utils import timezone

from orgs.access import capability_roots
from orgs.kinds import ANCESTOR_COLUMNS, Capability

MASK = "*"
_MOBILE = re.compile(r"^(?:86)?(1[3-9]\d{9})$")


def mask_id_number(number) -> str:
    """``3****************2``: the first and last character only."""
    number = str(number or "").strip()
    if not number:
        return ""
    if len(number) < 3:
        return MASK * len(number)
    return number[0] + MASK * (len(number) - 2) + number[-1]


def mask_phone(phone) -> str:
    """At most the last four digits; 3 + 4 of an 11-digit mobile."""
    digits = re.sub(r"\D", "", str(phone or ""))
    if not digits:
        return MASK * 4 if str(phone or "").strip() else ""
    mobile = _MOBILE.match(digits)
    if mobile:
        number = mobile.group(1)
        return number[:3] + MASK * 4 + number[-4:]
    shown = min(4, len(digits) // 3)
    return MASK * (len(digits) - shown) + (digits[-shown:] if shown else "")


def age(birth: datetime.date | None, on: datetime.date | None = None) -> int | None:
    """Whole years from `birth` to `on` (today by default)."""
    if birth is None:
        return None
    on = on or timezone.localdate()
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _lies_under(record, unit) -> bool:
    lies_under = getattr(record, "lies_under", None)
    if lies_under is not None:
        return lies_under(unit)
    column = ANCESTOR_COLUMNS.get(unit.kind)
    return column is not None and getattr(record, column, None) == unit.pk


def may_unmask(user, record) -> bool:
    """Whether one of `user`'s positions grants VIEW_PERSONAL_DATA over the
    place of `record` (a resident, a party member, a case), read from the
    record's own copied ancestor columns."""
    return any(
        _lies_under(record, root) for root in capability_roots(user, Capability.VIEW_PERSONAL_DATA)
    )


def personal_fields(record) -> tuple[str, ...]:
    """The fields of `record` that hold personal data shown only masked."""
    return tuple(getattr(record, "personal_fields", ()))


def masked(field: str, value) -> str:
    """`value` of a personal field, masked by its kind."""
    if "id_number" in field:
        return mask_id_number(value)
    return mask_phone(value)


def birth_date_for(user, record) -> datetime.date | None:
    """The birth date for those who may unmask the record, else None (the
    age stands in its place)."""
    birth = getattr(record, "birth_date", None)
    if birth is None or not may_unmask(user, record):
        return None
    return birth
