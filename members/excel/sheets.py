"""The people sheets: party members, households with their residents, and
export-only lists (visits, dual reports).

Column names are the offices' own Chinese headers: they are the file format,
so they stay the same whatever language the page is shown in.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.access import has_capability, scope_roots
from orgs.kinds import Capability, UnitKind

from .. import transfers
from ..models import (
    BRANCH_KINDS,
    TAG_FIELDS,
    Category,
    DualReport,
    Gender,
    Household,
    PartyMember,
    Relation,
    Resident,
    Tag,
    Visit,
)
from ..personal import id_birth_date, search_hash, validate_id_number
from .base import SheetResource, register
from .cells import (
    Cell,
    ChoiceCell,
    DateCell,
    IdNumberCell,
    PhoneCell,
    TextCell,
    UnitCell,
    field,
)

C = Capability
CHUNK = 500


def _chunks(items, size=CHUNK):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


class PersonSheet(SheetResource):
    """A sheet of people matched by ID number. A number registered outside
    the importer's area is filed like a new person, as a claim with a
    transfer beside it (members.transfers): the check and the apply say the
    same for it as for anyone new."""

    person_model = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.elsewhere: dict = {}  # ID hash -> the record registered elsewhere

    def natural_key(self, row):
        return id_hash_of(row, self.fields["id_number"].column_name)

    def load_existing(self, keys):
        found = {}
        manager = self.person_model._default_manager
        for chunk in _chunks(keys):
            for person in self.preload(manager.filter(id_number_hash__in=chunk)):
                key = person.id_number_hash
                if any(person.lies_under(r) for r in self.write_roots):
                    found[key] = person
                elif not person.transfer_pending:
                    self.elsewhere[key] = person
        return found

    def preload(self, queryset):
        return queryset

    def do_instance_save(self, instance, is_create):
        twin = self.elsewhere.get(search_hash(instance.id_number)) if is_create else None
        instance.transfer_pending = twin is not None
        super().do_instance_save(instance, is_create)
        if twin is not None:
            transfers.transfer_request(user=self.user, claim=instance, record=twin)


def id_hash_of(row, column) -> str | None:
    """The search hash of a row's ID number, or None when it is not valid
    (the cell's own check reports why)."""
    try:
        return search_hash(validate_id_number(row.get(column)))
    except Exception:  # noqa: BLE001 - any bad cell simply has no natural key
        return None


class TagsCell(Cell):
    """Household tags as labels separated by 、 , ; or line breaks."""

    SPLIT = re.compile(r"[、,，;；\n]+")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.choice = ChoiceCell(Tag)

    def blank(self):
        return []

    def parse(self, value):
        tags, bad = [], []
        for part in self.SPLIT.split(str(value).strip()):
            if not part:
                continue
            try:
                tags.append(self.choice.parse(part))
            except ValueError:
                bad.append(part)
        if bad:
            raise ValueError(
                _("Unknown tags: %(bad)s. Use: %(allowed)s.")
                % {"bad": "、".join(bad), "allowed": "、".join(str(t.label) for t in Tag)}
            )
        return sorted(set(tags))

    def render(self, value, obj=None, **kwargs):
        return "、".join(str(Tag(t).label) for t in value or [])


# --- Party members ---------------------------------------------------------

MEMBER_ORDER = (
    "name",
    "id_number",
    "gender",
    "category",
    "unit",
    "unit_name",
    "joined_on",
    "phone",
    "score",
)


@register
class MemberSheet(PersonSheet):
    kind = "members"
    person_model = PartyMember
    title = gettext_lazy("Party members")
    example = {"姓名": "张三", "入党日期": "1990-07-01"}

    name = field("姓名", "name", TextCell(required=True, max_length=50))
    id_number = field("身份证号", "id_number", IdNumberCell(required=True))
    gender = field("性别", "gender", ChoiceCell(Gender))
    category = field("党员类别", "category", ChoiceCell(Category, required=True))
    unit = field("所属支部/党小组编码", "unit_id", UnitCell(BRANCH_KINDS, required=True))
    unit_name = field("所属支部/党小组", None, readonly=True)
    joined_on = field("入党日期", "joined_on", DateCell())
    phone = field("手机号", "phone", PhoneCell())
    score = field("积分", "score", readonly=True)

    class Meta(SheetResource.Meta):
        model = PartyMember
        fields = MEMBER_ORDER
        export_order = MEMBER_ORDER
        import_order = MEMBER_ORDER

    @classmethod
    def write_capabilities(cls):
        return (C.EDIT_PEOPLE, C.VIEW_PARTY_MEMBERS)

    @classmethod
    def may_export(cls, user):
        return has_capability(user, C.VIEW_PARTY_MEMBERS)

    @classmethod
    def export_queryset(cls, user, unit=None):
        qs = PartyMember.objects.granting(user, C.VIEW_PARTY_MEMBERS)
        if unit is not None:
            qs = qs.in_subtree(unit)
        return qs.order_by("grid_id", "unit_id", "name", "id")

    def dehydrate_unit_name(self, member):
        return self.index.name_path(member.unit_id)

    def check_row(self, instance, row, errors):
        first = self.duplicate_of(row)
        if first is not None:
            errors.setdefault("id_number", []).append(
                _("The same person as row %(row)d.") % {"row": first}
            )

    def before_save_instance(self, instance, row, **kwargs):
        instance.copy_ancestors(self.index.ancestor_ids(instance.unit_id))


# --- Households and residents -------------------------------------------------

HOUSEHOLD_ORDER = (
    "grid",
    "grid_name",
    "address",
    "party_group",
    "member_household",
    "tags",
    "name",
    "relation",
    "id_number",
    "phone",
    "birth_date",
    "age",
)
HOUSEHOLD_FIELDS = ("grid", "address", "party_group", "member_household", "tags")
RESIDENT_FIELDS = ("name", "relation", "id_number", "phone", "birth_date")


@register
class HouseholdSheet(PersonSheet):
    """One row per resident, with the household's columns repeated; a row
    with empty resident columns files a household with nobody in it yet."""

    kind = "households"
    title = gettext_lazy("Households and residents")
    person_model = Resident
    example = {"住址": "幸福路1号3栋2单元502室", "姓名": "张三", "出生日期": "1950-03-01"}

    grid = field("网格编码", None, UnitCell([UnitKind.GRID], required=True))
    grid_name = field("网格", None, readonly=True)
    address = field("住址", None, TextCell(required=True, max_length=200))
    party_group = field("党小组/楼栋编码", None, UnitCell([UnitKind.PARTY_GROUP]))
    member_household = field("联系党员中心户编码", None, UnitCell([UnitKind.MEMBER_HOUSEHOLD]))
    tags = field("户标签", None, TagsCell())
    name = field("姓名", "name", TextCell(max_length=50))
    relation = field("与户主关系", "relation", ChoiceCell(Relation))
    id_number = field("身份证号", "id_number", IdNumberCell())
    phone = field("手机号", "phone", PhoneCell())
    birth_date = field("出生日期", "birth_date", DateCell())
    age = field("年龄", None, readonly=True)

    class Meta(SheetResource.Meta):
        model = Resident
        fields = HOUSEHOLD_ORDER
        export_order = HOUSEHOLD_ORDER
        import_order = HOUSEHOLD_ORDER

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.households: dict = {}  # (grid_id, address) -> Household
        self.household_rows: dict = {}  # (grid_id, address) -> (first Excel row, values)
        self.dirty: set = set()  # households changed and not yet saved
        self._row = {}

    @classmethod
    def write_capabilities(cls):
        return (C.EDIT_PEOPLE,)

    @classmethod
    def may_export(cls, user):
        return bool(scope_roots(user))

    @classmethod
    def export_queryset(cls, user, unit=None):
        qs = Household.objects.visible_to(user)
        if unit is not None:
            qs = qs.in_subtree(unit)
        return qs

    def rows_for(self, households):
        """Residents of `households`, then a bare row per empty household."""
        residents = (
            Resident.objects.filter(household__in=households)
            .select_related("household")
            .order_by("household__grid_id", "household__address", "id")
        )
        yield from residents.iterator(chunk_size=2000)
        empty = households.filter(residents__isnull=True).order_by("grid_id", "address")
        for household in empty.iterator(chunk_size=2000):
            yield Resident(household=household, relation="", **_copied(household))

    def to_xlsx(self, queryset):
        return super().to_xlsx(self.rows_for(queryset))

    # Export of the household columns from each resident's household.
    def dehydrate_grid(self, r):
        return self.index.path(r.household.grid_id)

    def dehydrate_grid_name(self, r):
        return self.index.name_path(r.household.grid_id)

    def dehydrate_address(self, r):
        return r.household.address

    def dehydrate_party_group(self, r):
        return self.index.path(r.household.party_group_id)

    def dehydrate_member_household(self, r):
        return self.index.path(r.household.member_household_id)

    def dehydrate_tags(self, r):
        return self.fields["tags"].widget.render(r.household.tags)

    def dehydrate_birth_date(self, r):
        # The birth date is the middle of the ID number: it goes out only
        # beside a number that goes out in full; the age stands in for it.
        if r.birth_date is None or not self.may_unmask(r):
            return ""
        return r.birth_date.isoformat()

    def dehydrate_age(self, r):
        return "" if r.age is None else r.age

    # Import -------------------------------------------------------------------

    def preload(self, queryset):
        return queryset.select_related("household")

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        grid_column = self.fields["grid"].column_name
        grids = {self.index.get(v) for v in dataset[grid_column]} if len(dataset) else set()
        grids.discard(None)
        for chunk in _chunks(grids):
            for household in Household.objects.filter(grid_id__in=chunk):
                self.households[(household.grid_id, household.address)] = household

    def resident_empty(self, row) -> bool:
        return all(
            str(row.get(self.fields[n].column_name) or "").strip() == "" for n in RESIDENT_FIELDS
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        values = {}
        for name in HOUSEHOLD_FIELDS:
            try:
                values[name] = self.fields[name].clean(row)
            except ValueError as exc:
                errors[name] = [str(exc)]
        household_only = self.resident_empty(row)
        self._row = {"household": None, "key": None, "household_only": household_only}
        if not errors:
            self.resolve_household(values, errors)
        if not household_only:
            try:
                super().import_instance(instance, row, **kwargs)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def resolve_household(self, values, errors):
        grid_id = values["grid"]
        key = (grid_id, values["address"])
        for name in ("party_group", "member_household"):
            unit_id = values[name]
            if unit_id and grid_id not in self.index.chain(unit_id):
                errors[name] = [_("This unit is not in the household's grid.")]
        if errors:
            return
        wanted = {
            "party_group_id": values["party_group"],
            "member_household_id": values["member_household"],
            **{TAG_FIELDS[t]: t in values["tags"] for t in TAG_FIELDS},
        }
        seen = self.household_rows.get(key)
        household = self.households.get(key)
        if seen is not None:
            first_row, first_values = seen
            if first_values != wanted:
                errors["address"] = [
                    _(
                        "This household's party group, member household or tags differ from "
                        "row %(row)d: give every row of one household the same values."
                    )
                    % {"row": first_row}
                ]
                return
        else:
            self.household_rows[key] = (self.excel_row(self._row_number), wanted)
            if household is None:
                household = Household(grid_id=grid_id, address=values["address"])
                self.households[key] = household
                self.dirty.add(key)
            elif any(getattr(household, k) != v for k, v in wanted.items()):
                self.dirty.add(key)
            for k, v in wanted.items():
                setattr(household, k, v)
        self._row["household"] = household
        self._row["key"] = key

    def check_row(self, instance, row, errors):
        if self._row.get("household_only"):
            return
        for name in ("name", "id_number", "relation"):
            if name not in errors and not getattr(instance, self.fields[name].attribute):
                errors[name] = [_("This cell is required.")]
        first = self.duplicate_of(row)
        if first is not None:
            errors.setdefault("id_number", []).append(
                _("The same person as row %(row)d.") % {"row": first}
            )
        if "id_number" not in errors and instance.id_number:
            born = id_birth_date(instance.id_number)
            if instance.birth_date is None:
                instance.birth_date = born
            elif "birth_date" not in errors and instance.birth_date != born:
                errors["birth_date"] = [
                    _("Does not match the birth date in the ID number (%(date)s).")
                    % {"date": born.isoformat()}
                ]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        household = self._row.get("household")
        household_changed = self._row.get("key") in self.dirty
        if self._row.get("household_only"):
            return not household_changed
        moved = household is None or original.household_id != household.pk
        return (
            super().skip_row(instance, original, row, import_validation_errors)
            and not household_changed
            and not moved
        )

    def save_instance(self, instance, is_create, row, **kwargs):
        household = self._row["household"]
        key = self._row["key"]
        if key in self.dirty:
            created = household.pk is None
            household.copy_ancestors(
                self.index.ancestor_ids(household.party_group_id or household.grid_id)
            )
            household._history_user = self.user
            household.save()
            self.dirty.discard(key)
            self.count("households_created" if created else "households_updated")
        if self._row["household_only"]:
            return
        instance.household = household
        instance.copy_ancestors(
            self.index.ancestor_ids(household.party_group_id or household.grid_id)
        )
        super().save_instance(instance, is_create, row, **kwargs)


def _copied(household) -> dict:
    return {
        "region_id": household.region_id,
        "street_id": household.street_id,
        "community_id": household.community_id,
        "grid_id": household.grid_id,
    }


# --- Export-only lists ----------------------------------------------------------


class ExportOnlySheet(SheetResource):
    personal_fields = ()

    @classmethod
    def write_capabilities(cls):
        return ()

    @classmethod
    def get_write_roots(cls, user):
        return []

    @classmethod
    def may_export(cls, user):
        return bool(scope_roots(user))


VISIT_ORDER = ("visited_on", "grid", "address", "visitor", "notes", "problems")


@register
class VisitSheet(ExportOnlySheet):
    kind = "visits"
    title = gettext_lazy("Visits")

    visited_on = field("走访日期", "visited_on", DateCell())
    grid = field("网格", None)
    address = field("住址", "household__address")
    visitor = field("走访人", None)
    notes = field("情况记录", "notes")
    problems = field("发现问题", "problems")

    class Meta(SheetResource.Meta):
        model = Visit
        fields = VISIT_ORDER
        export_order = VISIT_ORDER

    @classmethod
    def export_queryset(cls, user, unit=None):
        qs = Visit.objects.visible_to(user)
        if unit is not None:
            qs = qs.in_subtree(unit)
        return qs.select_related("household", "visitor")

    def dehydrate_grid(self, visit):
        return self.index.name_path(visit.grid_id)

    def dehydrate_visitor(self, visit):
        return visit.visitor.first_name or visit.visitor.username


DUAL_ORDER = ("member", "category", "branch", "community", "workplace", "reported_on", "services")


@register
class DualReportSheet(ExportOnlySheet):
    kind = "dual_reports"
    title = gettext_lazy("Dual reports")

    member = field("姓名", "member__name")
    category = field("党员类别", None)
    branch = field("所属支部/党小组", None)
    community = field("报到社区", None)
    workplace = field("工作单位", "workplace")
    reported_on = field("报到日期", "reported_on", DateCell())
    services = field("服务意向", "services")

    class Meta(SheetResource.Meta):
        model = DualReport
        fields = DUAL_ORDER
        export_order = DUAL_ORDER

    @classmethod
    def may_export(cls, user):
        return has_capability(user, C.VIEW_PARTY_MEMBERS)

    @classmethod
    def export_queryset(cls, user, unit=None):
        qs = DualReport.objects.granting(user, C.VIEW_PARTY_MEMBERS)
        if unit is not None:
            qs = qs.in_subtree(unit)
        return qs.select_related("member")

    def dehydrate_category(self, report):
        return report.member.get_category_display()

    def dehydrate_branch(self, report):
        return self.index.name_path(report.member.unit_id)

    def dehydrate_community(self, report):
        return self.index.name_path(report.community_unit_id)
