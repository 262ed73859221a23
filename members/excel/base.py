"""Excel sheets on django-import-export: the base every sheet (units, staff,
party members, households) builds on.

A sheet is a Resource with Chinese column names. Import runs
`Resource.import_data` inside one transaction: a dry run always rolls back,
and a real run rolls back on any bad row, so a file is applied whole or not
at all. Rows are matched by natural keys (unit code path, ID-number hash…),
so importing the file you exported changes nothing.
"""

import datetime
import logging
import time
import zipfile
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from tablib import Dataset

from orgs.access import Grant, roots_with_all, scope_roots
from orgs.kinds import Capability
from orgs.models import OrgUnit

from ..personal import mask_id_number, mask_phone, validate_id_number, validate_phone

logger = logging.getLogger(__name__)
REGISTRY: dict[str, type["SheetResource"]] = {}
MAX_ROWS = 100_000
PATH_SEP = "/"


def register(cls):
    REGISTRY[cls.kind] = cls
    return cls


def sheet_class(kind: str) -> type["SheetResource"] | None:
    return REGISTRY.get(kind)


def sync_row_limit() -> int:
    """Files with more data rows than this are checked and applied in Celery."""
    return settings.GRIDGOV_IMPORT_SYNC_ROWS


class ImportFileError(Exception):
    """The file as a whole cannot be read: not xlsx, wrong headers, empty."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


# --- Reading a workbook -----------------------------------------------------


def open_sheet(fileobj):
    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("This file is not an Excel workbook (.xlsx).")) from exc
    if not book.worksheets:
        raise ImportFileError(_("The workbook has no sheet."))
    return book, book.worksheets[0]


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def read_headers(fileobj) -> tuple[list[str], int | None]:
    """The first sheet's header row and its declared number of data rows
    (from the sheet's dimension; None when the writer left it out)."""
    book, sheet = open_sheet(fileobj)
    try:
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if not first:
            raise ImportFileError(_("The sheet is empty: the first row must hold the headers."))
        headers = [_cell_text(v) for v in first]
        while headers and not headers[-1]:
            headers.pop()
        rows = sheet.max_row - 1 if sheet.max_row else None
        return headers, rows
    finally:
        book.close()


def read_rows(fileobj) -> tuple[Dataset, list[int]]:
    """The first sheet as a Dataset, and each data row's Excel row number
    (blank rows are skipped, so numbers in messages match what Excel shows)."""
    book, sheet = open_sheet(fileobj)
    try:
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if not first:
            raise ImportFileError(_("The sheet is empty: the first row must hold the headers."))
        headers = [_cell_text(v) for v in first]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        dataset = Dataset(headers=headers)
        numbers = []
        for number, values in enumerate(rows, start=2):
            values = list(values[:width]) + [None] * (width - len(values))
            if all(_cell_text(v) == "" for v in values):
                continue
            if len(numbers) >= MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(n)d rows: split it into smaller files.")
                    % {"n": MAX_ROWS}
                )
            dataset.append(values)
            numbers.append(number)
        return dataset, numbers
    finally:
        book.close()


# --- The units a sheet may name ----------------------------------------------


class UnitIndex:
    """Every unit the caller can see, by id and by code path ("XZ/01/003/02"),
    loaded in one query so a 50,000-row file never queries per row. Units
    created during an import are added as they are saved."""

    def __init__(self, roots):
        self.nodes: dict[int, tuple] = {}  # id -> (parent_id, kind, code, name)
        self._paths: dict[int, str] = {}
        self._names: dict[int, str] = {}
        self.by_path: dict[str, int] = {}
        ancestor_q = None
        for root in roots:
            q = OrgUnit.objects.filter(tree_id=root.tree_id, lft__lte=root.lft, rght__gte=root.rght)
            q |= OrgUnit.objects.filter(tree_id=root.tree_id, lft__gt=root.lft, rght__lt=root.rght)
            ancestor_q = q if ancestor_q is None else ancestor_q | q
        if ancestor_q is not None:
            for pk, parent_id, kind, code, name in ancestor_q.values_list(
                "pk", "parent_id", "kind", "code", "name"
            ):
                self.nodes[pk] = (parent_id, kind, code, name)
        for pk in self.nodes:
            self.by_path[self.path(pk)] = pk

    @classmethod
    def for_user(cls, user):
        return cls(scope_roots(user))

    def add(self, unit):
        self.nodes[unit.pk] = (unit.parent_id, unit.kind, unit.code, unit.name)
        self._paths.pop(unit.pk, None)
        self._names.pop(unit.pk, None)
        self.by_path[self.path(unit.pk)] = unit.pk

    def kind(self, pk) -> str | None:
        node = self.nodes.get(pk)
        return node[1] if node else None

    def chain(self, pk) -> list[int]:
        """`pk` and its ancestors, nearest first."""
        out = []
        while pk is not None and pk in self.nodes:
            out.append(pk)
            pk = self.nodes[pk][0]
        return out

    def path(self, pk) -> str:
        if pk is None:
            return ""
        if pk not in self._paths:
            self._paths[pk] = PATH_SEP.join(self.nodes[p][2] for p in reversed(self.chain(pk)))
        return self._paths[pk]

    def name_path(self, pk, skip_root=True) -> str:
        """Names from below the district down to the unit, for people."""
        if pk is None:
            return ""
        if pk not in self._names:
            chain = list(reversed(self.chain(pk)))
            if skip_root and len(chain) > 1:
                chain = chain[1:]
            self._names[pk] = PATH_SEP.join(self.nodes[p][3] for p in chain)
        return self._names[pk]

    def get(self, path: str) -> int | None:
        return self.by_path.get(normalize_path(path))

    def ancestor_ids(self, pk) -> dict[str, int | None]:
        from orgs.kinds import ANCESTOR_KINDS

        ids = {kind: None for kind in ANCESTOR_KINDS}
        for p in self.chain(pk):
            kind = self.nodes[p][1]
            if kind in ids and ids[kind] is None:
                ids[kind] = p
        return ids

    def under_any(self, pk, roots) -> bool:
        chain = set(self.chain(pk))
        return any(r.pk in chain for r in roots)


def normalize_path(value) -> str:
    text = _cell_text(value).replace("\\", PATH_SEP).replace("／", PATH_SEP)
    return PATH_SEP.join(part.strip() for part in text.split(PATH_SEP) if part.strip())


# --- Widgets: one cell to one value, with messages a person can act on -------


class Cell(widgets.Widget):
    def __init__(self, required=False, **kwargs):
        super().__init__(**kwargs)
        self.required = required

    def empty(self, value) -> bool:
        return _cell_text(value) == ""

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
        text = _cell_text(value)
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
        found = self.lookup().get(_cell_text(value).lower())
        if found is None:
            allowed = "、".join(str(label) for _v, label in self._pairs())
            raise ValueError(
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": _cell_text(value), "allowed": allowed}
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
        text = _cell_text(value)
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
            number = Decimal(_cell_text(value))
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
            number = Decimal(_cell_text(value)).quantize(Decimal(1).scaleb(-self.places))
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
        pk = index.get(path)
        if pk is None:
            raise ValueError(
                _("Unknown unit code “%(code)s”: use the code path shown in the unit list.")
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


# --- Progress, readable from another process ----------------------------------


def _progress_cache():
    name = "progress" if "progress" in settings.CACHES else "default"
    return caches[name]


def progress_key(job_id) -> str:
    return f"gridgov:import-progress:{job_id}"


class Progress:
    """Rows done so far, written to the cache (never to the database: the
    import's own transaction would hide it until commit)."""

    EVERY_SECONDS = 0.5

    def __init__(self, job_id, total, phase):
        self.job_id, self.total, self.phase = job_id, total, phase
        self.done = 0
        self._written_at = 0.0
        self._write()

    def _write(self):
        self._written_at = time.monotonic()
        _progress_cache().set(
            progress_key(self.job_id),
            {"done": self.done, "total": self.total, "phase": self.phase},
            timeout=24 * 3600,
        )

    def tick(self):
        self.done += 1
        if self.done == self.total or time.monotonic() - self._written_at >= self.EVERY_SECONDS:
            self._write()


def read_progress(job_id) -> dict | None:
    """The progress written so far, or None (also while the cache's Redis is
    down: the page then shows the job's status without a percentage)."""
    try:
        return _progress_cache().get(progress_key(job_id))
    except Exception:  # noqa: BLE001 - progress is a hint, never worth a 500
        logger.warning("import progress of job %s unreadable", job_id, exc_info=True)
        return None


# --- The sheet base --------------------------------------------------------


class SheetResource(resources.ModelResource):
    """A sheet: import and export with Chinese headers, scoped and masked.

    Subclasses set `kind`, `title`, the fields, `load_existing()` (natural
    keys to instances, preloaded for the whole file) and `natural_key(row)`.
    """

    kind = ""
    title = ""
    personal_fields = ("id_number", "phone")
    do_not_call_in_templates = True  # templates read `sheet.title` off the class

    class Meta:
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        clean_model_instances = False
        use_transactions = True

    def __init__(self, *, user, index=None, progress=None, excel_rows=None):
        super().__init__()
        self.user = user
        self._index = index
        self.progress = progress
        self.excel_rows = excel_rows or []
        self.grant = Grant(user, Capability.VIEW_PERSONAL_DATA)
        self.write_roots = self.get_write_roots(user)
        self.unmasked = 0  # exported rows whose personal data went out in full
        self.existing: dict = {}
        self.seen: dict = {}  # natural key -> Excel row of its first occurrence
        self.counts: dict[str, int] = {}
        for field in self.fields.values():
            if isinstance(field.widget, UnitCell):
                field.widget.sheet = self

    # Who may use the sheet -------------------------------------------------

    @classmethod
    def write_capabilities(cls) -> tuple:
        raise NotImplementedError

    @classmethod
    def get_write_roots(cls, user) -> list:
        """Units under which `user` holds every capability the sheet needs."""
        return roots_with_all(user, cls.write_capabilities())

    @classmethod
    def may_import(cls, user) -> bool:
        return bool(cls.get_write_roots(user))

    @classmethod
    def may_export(cls, user) -> bool:
        return cls.may_import(user)

    @classmethod
    def export_queryset(cls, user, unit=None):
        raise NotImplementedError

    @property
    def index(self) -> UnitIndex:
        if self._index is None:
            self._index = UnitIndex.for_user(self.user)
        return self._index

    # Headers ------------------------------------------------------------------

    @classmethod
    def ordered_fields(cls):
        order = cls._meta.export_order or tuple(cls.fields)
        return [cls.fields[name] for name in order]

    @classmethod
    def column_names(cls, readonly=None) -> list[str]:
        return [
            f.column_name
            for f in cls.ordered_fields()
            if readonly is None or bool(f.readonly) == readonly
        ]

    @classmethod
    def check_headers(cls, headers: list[str]):
        errors = []
        seen = set()
        for h in headers:
            if h in seen:
                errors.append(_("The column “%(name)s” appears twice.") % {"name": h})
            seen.add(h)
        known = set(cls.column_names())
        missing = [c for c in cls.column_names(readonly=False) if c not in seen]
        unknown = [h for h in headers if h not in known]
        if missing:
            errors.append(
                _("Missing columns: %(names)s. Download the template and keep its headers.")
                % {"names": "、".join(missing)}
            )
        if unknown:
            errors.append(
                _("Unknown columns: %(names)s.") % {"names": "、".join(h or "—" for h in unknown)}
            )
        if errors:
            raise ImportFileError(errors)

    def get_import_fields(self):
        return [f for f in super().get_import_fields() if not f.readonly]

    # Model errors named after a model field that has no column of its own.
    column_aliases: dict[str, str] = {}

    def column_of(self, attribute) -> str:
        attribute = self.column_aliases.get(attribute, attribute)
        for name, field in self.fields.items():
            if attribute in (name, field.attribute):
                return field.column_name
        return ""

    # Export -------------------------------------------------------------------

    def export_field(self, field, instance, **kwargs):
        name = self.get_field_name(field)
        if name in self.personal_fields:
            value = getattr(instance, field.attribute, "") or ""
            return self.mask(instance, name, value)
        return super().export_field(field, instance, **kwargs)

    def mask(self, instance, name, value) -> str:
        if not value:
            return value
        if self.grant.covers(instance):
            self.unmasked += 1
            return value
        return mask_phone(value) if name == "phone" else mask_id_number(value)

    def to_xlsx(self, queryset) -> tuple[bytes, int]:
        dataset = self.export(queryset)
        dataset.title = str(self.title)
        # Formulae are stripped: a cell starting with "=" is data, not code.
        return dataset.export("xlsx", escape=True), len(dataset)

    @classmethod
    def template_xlsx(cls) -> bytes:
        # Only the columns a person fills in; exports add read-only ones
        # (names, scores) that an import accepts and ignores.
        dataset = Dataset(headers=cls.column_names(readonly=False))
        dataset.title = str(cls.title)
        return dataset.export("xlsx")

    # Import -------------------------------------------------------------------

    def natural_key(self, row):
        raise NotImplementedError

    def load_existing(self, keys) -> dict:
        return {}

    def before_import(self, dataset, **kwargs):
        keys = set()
        for values in dataset:
            key = self.natural_key(dict(zip(dataset.headers, values, strict=False)))
            if key is not None:
                keys.add(key)
        self.existing = self.load_existing(keys)

    def excel_row(self, number) -> int:
        if self.excel_rows and 0 < number <= len(self.excel_rows):
            return self.excel_rows[number - 1]
        return number + 1

    def get_instance(self, instance_loader, row):
        key = self.natural_key(row)
        if key is None:
            return None
        if key in self.seen:
            return None  # reported as a duplicate in import_instance
        return self.existing.get(key)

    def import_row(self, row, instance_loader, **kwargs):
        self._row_number = kwargs.get("row_number")
        result = super().import_row(row, instance_loader, **kwargs)
        key = self.natural_key(row)
        if key is not None and key not in self.seen:
            self.seen[key] = self.excel_row(self._row_number)
        if self.progress is not None:
            self.progress.tick()
        return result

    def duplicate_of(self, row) -> int | None:
        key = self.natural_key(row)
        return self.seen.get(key) if key is not None else None

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def check_row(self, instance, row, errors: dict):
        """Cross-field and database checks; add messages to `errors`."""

    def count(self, what):
        self.counts[what] = self.counts.get(what, 0) + 1

    def do_instance_save(self, instance, is_create):
        instance._history_user = self.user
        instance.save()
        self.count("created" if is_create else "updated")

    def outcome(self, result) -> tuple[list[dict], dict]:
        """Every problem as {row, column, message}, and the counts."""
        errors = []
        for error in result.base_errors:
            errors.append({"row": None, "column": "", "message": str(error.error)})
        for number, row_errors in result.row_errors():
            for error in row_errors:
                errors.append(
                    {
                        "row": self.excel_row(number),
                        "column": "",
                        "message": _("This row could not be saved: %(error)s")
                        % {"error": error.error},
                    }
                )
        for invalid in result.invalid_rows:
            for attribute, messages in invalid.error_dict.items():
                column = "" if attribute == NON_FIELD_ERRORS else self.column_of(attribute)
                for message in messages:
                    errors.append(
                        {
                            "row": self.excel_row(invalid.number),
                            "column": column,
                            "message": message,
                        }
                    )
        errors.sort(key=lambda e: e["row"] or 0)
        totals = result.totals
        counts = {
            "rows": result.total_rows,
            "unchanged": totals.get("skip", 0),
            "created": 0,
            "updated": 0,
            **self.counts,
        }
        return errors, counts


def field(column, attribute=None, widget=None, readonly=False):
    return Field(
        attribute=attribute, column_name=column, widget=widget or Cell(), readonly=readonly
    )
