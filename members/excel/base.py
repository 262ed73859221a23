"""Excel sheets on django-import-export: the base every sheet (units, staff,
party members, households) builds on.

A sheet is a Resource with Chinese column names. Import runs
`Resource.import_data` inside one transaction: a dry run always rolls back,
and a real run rolls back on any bad row, so a file is applied whole or not
at all. Rows are matched by natural keys (unit code path, ID-number hash…),
so importing the file you exported changes nothing.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import resources
from tablib import Dataset

from orgs.access import roots_with_all

from .. import masking
from .cells import UnitCell
from .reading import ImportFileError
from .units import UnitIndex
from .writing import dataset_xlsx

REGISTRY: dict[str, type["SheetResource"]] = {}


def register(cls):
    REGISTRY[cls.kind] = cls
    return cls


def sheet_class(kind: str) -> type["SheetResource"] | None:
    return REGISTRY.get(kind)


def sync_row_limit() -> int:
    """Files with more data rows than this are checked and applied in Celery."""
    return settings.GRIDGOV_IMPORT_SYNC_ROWS


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

    def may_unmask(self, instance) -> bool:
        return masking.may_unmask(self.user, instance)

    def mask(self, instance, name, value) -> str:
        """`value` in full for a caller who may unmask `instance` (counted:
        the export is recorded as unmasked), else masked."""
        if not value:
            return value
        if self.may_unmask(instance):
            self.unmasked += 1
            return value
        return masking.masked(name, value)

    def to_xlsx(self, queryset) -> tuple[bytes, int]:
        dataset = self.export(queryset)
        dataset.title = str(self.title)
        return dataset_xlsx(dataset), len(dataset)

    # A filled-in row for the template's example sheet: column → value.
    # Units and choices default to the first answer the caller may give.
    example: dict = {}

    @classmethod
    def example_row(cls, *, index, choices) -> dict:
        row = {column: values[0] for column, values in choices.items()}
        row.update({k: str(v) for k, v in cls.example.items()})
        return row

    @classmethod
    def template_xlsx(cls, user=None) -> bytes:
        """Only the columns a person fills in (exports add read-only ones,
        names and scores, that an import accepts and ignores); with the
        caller, drop-downs of their units and an example sheet."""
        if user is None:
            dataset = Dataset(headers=cls.column_names(readonly=False))
            dataset.title = str(cls.title)
            return dataset_xlsx(dataset)
        from .template import template_workbook

        return template_workbook(
            cls,
            user=user,
            title=cls.title,
            example_title=_("Example"),
            lists_title=_("Choices"),
        )

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
