"""Widgets: one cell to one value, with messages a person can act on."""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets
from import_export.fields import Field

from ..personal import validate_id_number, validate_phone
from .reading import cell_text
from .units import normalize_path


class Cell(widgets.Widget):
    def __init__(self, required=False, **kwargs):
        super().__init__(**kwargs)
        self.required = required

    def empty(self, value) -> bool:
        return cell_text(value) == ""

    def clean(self, value, row=None, **kwargs):
        if self.empty(value):
            if self.required:
                raise ValueError(_("This cell is required."))
            return self.blank()
        return self.parse(value)

    def blank(self):
        return None

    def parse(self, value):
        return value

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class TextCell(Cell):
    def __init__(self, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length

    def blank(self):
        return ""

    def parse(self, value):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = cell_text(value)
        if self.max_length and len(text) > self.max_length:
            raise ValueError(
                _("Too long: at most %(n)d characters (this has %(m)d).")
                % {"n": self.max_length, "m": len(text)}
            )
        return text


class ChoiceCell(Cell):
    """A choice by its label in any of the site's languages, or its value."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices  # a TextChoices class or (value, label) pairs
        self._lookup = None

    def _pairs(self):
        return getattr(self.choices, "choices", self.choices)

    def lookup(self) -> dict[str, str]:
        if self._lookup is None:
            table = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    for value, label in self._pairs():
                        table[str(label).strip().lower()] = value
            for value, _label in self._pairs():
                table[str(value).lower()] = value
            self._lookup = table
        return self._lookup

    def parse(self, value):
        found = self.lookup().get(cell_text(value).lower())
        if found is None:
            allowed = "、".join(str(label) for _v, label in self._pairs())
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": cell_text(value), "allowed": allowed}
            )
        return found

    def blank(self):
        return ""

    def render(self, value, obj=None, **kwargs):
        return str(dict(self._pairs()).get(value, value or ""))


class DateCell(Cell):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def parse(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = cell_text(value)
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date: write it as 2024-05-01.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class IntegerCell(Cell):
    def __init__(self, minimum=None, maximum=None, **kwargs):
        super().__init__(**kwargs)
        self.minimum, self.maximum = minimum, maximum

    def parse(self, value):
        try:
            number = Decimal(cell_text(value))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        number = int(number)
        if self.minimum is not None and number < self.minimum:
            raise ValueError(_("Must be at least %(n)d.") % {"n": self.minimum})
        if self.maximum is not None and number > self.maximum:
            raise ValueError(_("Must be at most %(n)d.") % {"n": self.maximum})
        return number

    def blank(self):
        return 0 if not self.required else None


class DecimalCell(Cell):
    def __init__(self, places=6, minimum=None, maximum=None, **kwargs):
        super().__init__(**kwargs)
        self.places, self.minimum, self.maximum = places, minimum, maximum

    def parse(self, value):
        try:
            number = Decimal(cell_text(value)).quantize(Decimal(1).scaleb(-self.places))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if self.minimum is not None and not (self.minimum <= number <= self.maximum):
            raise ValueError(
                _("Must be between %(a)s and %(b)s.") % {"a": self.minimum, "b": self.maximum}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IdNumberCell(Cell):
    def clean(self, value, row=None, **kwargs):
        if self.empty(value) and not self.required:
            return ""
        try:
            return validate_id_number(value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None


class PhoneCell(Cell):
    def clean(self, value, row=None, **kwargs):
        if self.empty(value) and not self.required:
            return ""
        if self.empty(value):
            raise ValueError(_("This cell is required."))
        try:
            return validate_phone(value)
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from None


class UnitCell(Cell):
    """A unit by its code path, which must be of one of `kinds` and inside
    the area where the importer holds the sheet's capability."""

    def __init__(self, kinds, **kwargs):
        super().__init__(**kwargs)
        self.kinds = tuple(kinds)
        self.sheet = None  # set by the resource

    def parse(self, value):
        index = self.sheet.index
        path = normalize_path(value)
        pk = index.get(path, kinds=self.kinds)
        if pk is None:
            raise ValueError(
                _(
                    "Unknown unit “%(code)s”: write its code path (as in the template's "
                    "drop-down), its full name or its code as the unit page shows it."
                )
                % {"code": path}
            )
        if index.kind(pk) not in self.kinds:
            from orgs.kinds import UnitKind

            raise ValueError(
                _("“%(code)s” is a %(kind)s; expected: %(allowed)s.")
                % {
                    "code": path,
                    "kind": UnitKind(index.kind(pk)).label,
                    "allowed": "、".join(str(UnitKind(k).label) for k in self.kinds),
                }
            )
        if not index.under_any(pk, self.sheet.write_roots):
            raise ValueError(_("“%(code)s” is outside the area you may edit.") % {"code": path})
        return pk

    def render(self, value, obj=None, **kwargs):
        return self.sheet.index.path(value) if value else ""


def field(column, attribute=None, widget=None, readonly=False):
    return Field(
        attribute=attribute, column_name=column, widget=widget or Cell(), readonly=readonly
    )
