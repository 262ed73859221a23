"""The structure sheets: org units and grid staff positions, plus the grid
overview list. Registered with the people sheets' registry.

Units are written through orgs.services (the tree lock and the tree's own
validation), one at a time, never by bulk writes of tree fields.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.excel.base import (
    ChoiceCell,
    DecimalCell,
    IdNumberCell,
    IntegerCell,
    SheetResource,
    TextCell,
    UnitCell,
    field,
    normalize_path,
    register,
)
from members.excel.sheets import ExportOnlySheet, id_hash_of
from members.models import PartyMember
from members.personal import mask_id_number
from orgs import services as org_services
from orgs.access import Grant, scope_roots
from orgs.kinds import GRID_STAFF_ROLES, Capability, Role, UnitKind
from orgs.models import OrgUnit, Position
from orgs.scoping import subtree_q, subtrees_q

C = Capability
STAFF_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in GRID_STAFF_ROLES]
STAFF_UNIT_KINDS = (UnitKind.GRID, UnitKind.PARTY_GROUP, UnitKind.MEMBER_HOUSEHOLD)

UNIT_ORDER = ("path", "name", "unit_kind", "households", "population", "latitude", "longitude")


@register
class UnitSheet(SheetResource):
    kind = "units"
    title = gettext_lazy("Org units")
    personal_fields = ()
    column_aliases = {"parent": "path", "code": "path", "kind": "unit_kind"}

    path = field("单位编码路径", None, TextCell(required=True, max_length=500))
    name = field("单位名称", "name", TextCell(required=True, max_length=100))
    unit_kind = field("单位类型", "kind", ChoiceCell(UnitKind, required=True))
    households = field("户数", "households", IntegerCell(minimum=0))
    population = field("人口", "population", IntegerCell(minimum=0))
    latitude = field("纬度", "latitude", DecimalCell(6, -90, 90))
    longitude = field("经度", "longitude", DecimalCell(6, -180, 180))

    class Meta(SheetResource.Meta):
        model = OrgUnit
        fields = UNIT_ORDER
        export_order = UNIT_ORDER
        import_order = UNIT_ORDER

    @classmethod
    def write_capabilities(cls):
        return (C.MANAGE_TREE,)

    @classmethod
    def may_export(cls, user):
        return bool(scope_roots(user))

    @classmethod
    def export_queryset(cls, user, unit=None):
        qs = OrgUnit.objects.visible_to(user)
        if unit is not None:
            qs = qs.filter(subtree_q(unit))
        return qs.order_by("tree_id", "lft")

    def dehydrate_path(self, unit):
        return self.index.path(unit.pk)

    def natural_key(self, row):
        return normalize_path(row.get(self.fields["path"].column_name)) or None

    def load_existing(self, keys):
        ids = {self.index.get(k): k for k in keys}
        ids.pop(None, None)
        return {ids[u.pk]: u for u in OrgUnit.objects.filter(pk__in=list(ids))}

    def get_instance(self, instance_loader, row):
        key = self.natural_key(row)
        if key is None or key in self.seen:
            return None
        found = self.existing.get(key)
        if found is None and self.index.get(key):
            # Created earlier in this same file.
            found = OrgUnit.objects.get(pk=self.index.get(key))
        return found

    def check_row(self, instance, row, errors):
        path = self.natural_key(row)
        self._parent_id = None
        if not path:
            return
        first = self.duplicate_of(row)
        if first is not None:
            errors.setdefault("path", []).append(
                _("The same unit as row %(row)d.") % {"row": first}
            )
            return
        code = path.rsplit("/", 1)[-1]
        if len(code) > 32:
            errors.setdefault("path", []).append(_("A unit code has at most 32 characters."))
            return
        if instance.pk:
            if not self.index.under_any(instance.pk, self.write_roots):
                errors.setdefault("path", []).append(
                    _("“%(code)s” is outside the area you may edit.") % {"code": path}
                )
            return
        if "/" not in path:
            if not self.user.is_superuser:
                errors.setdefault("path", []).append(
                    _("Only a superuser may create a new top-level unit.")
                )
            return
        parent_path = path.rsplit("/", 1)[0]
        parent_id = self.index.get(parent_path)
        if parent_id is None:
            errors.setdefault("path", []).append(
                _(
                    "The parent unit “%(code)s” does not exist: list parents above their "
                    "children, or create it first."
                )
                % {"code": parent_path}
            )
        elif not self.index.under_any(parent_id, self.write_roots):
            errors.setdefault("path", []).append(
                _("“%(code)s” is outside the area you may edit.") % {"code": parent_path}
            )
        else:
            self._parent_id = parent_id
            instance.code = code

    def do_instance_save(self, instance, is_create):
        values = {
            "name": instance.name,
            "kind": instance.kind,
            "households": instance.households or 0,
            "population": instance.population or 0,
            "latitude": instance.latitude,
            "longitude": instance.longitude,
        }
        if is_create:
            parent = OrgUnit.objects.get(pk=self._parent_id) if self._parent_id else None
            unit = org_services.unit_create(parent=parent, code=instance.code, **values)
            instance.pk = unit.pk
            self.index.add(unit)
            self.count("created")
        else:
            unit = org_services.unit_update(unit=instance, **values)
            self.index.add(unit)
            self.count("updated")


# --- Grid staff ---------------------------------------------------------------

STAFF_ORDER = ("unit", "unit_name", "role", "username", "name", "member_id", "is_member")


@register
class StaffSheet(SheetResource):
    """Positions at grids (and buildings), one row each; the person is the
    account behind the position. Party membership is derived from the party
    member linked to that account (the optional ID number column links it)."""

    kind = "staff"
    title = gettext_lazy("Grid staff")
    personal_fields = ()

    unit = field("单位编码", "unit_id", UnitCell(STAFF_UNIT_KINDS, required=True))
    unit_name = field("单位", None, readonly=True)
    role = field("岗位", "role", ChoiceCell(STAFF_ROLE_CHOICES, required=True))
    username = field("用户名", None, TextCell(required=True, max_length=150))
    name = field("姓名", None, TextCell(required=True, max_length=150))
    member_id = field("党员身份证号", None, IdNumberCell())
    is_member = field("是否党员", None, readonly=True)

    class Meta(SheetResource.Meta):
        model = Position
        fields = STAFF_ORDER
        export_order = STAFF_ORDER
        import_order = STAFF_ORDER

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.party_grant = Grant(self.user, C.VIEW_PARTY_MEMBERS)
        self.users = {}
        self.members = {}
        self._row = {}

    @classmethod
    def write_capabilities(cls):
        return (C.MANAGE_TREE,)

    @classmethod
    def may_export(cls, user):
        return bool(scope_roots(user))

    @classmethod
    def export_queryset(cls, user, unit=None):
        roots = [unit] if unit is not None else scope_roots(user)
        return (
            Position.objects.filter(subtrees_q(roots, "unit"), role__in=GRID_STAFF_ROLES)
            .select_related("user", "user__party_member", "unit")
            .order_by("unit__tree_id", "unit__lft", "role", "user__username")
        )

    # Export ---------------------------------------------------------------------

    def _member(self, position):
        try:
            return position.user.party_member
        except PartyMember.DoesNotExist:
            return None

    def _may_see_party(self, position) -> bool:
        return self.index.under_any(position.unit_id, self.party_grant.roots)

    def dehydrate_unit_name(self, position):
        return self.index.name_path(position.unit_id)

    def dehydrate_username(self, position):
        return position.user.username

    def dehydrate_name(self, position):
        return position.user.first_name

    def dehydrate_member_id(self, position):
        member = self._member(position)
        if member is None or not self._may_see_party(position):
            return ""
        if self.grant.covers(member):
            self.unmasked += 1
            return member.id_number
        return mask_id_number(member.id_number)

    def dehydrate_is_member(self, position):
        if not self._may_see_party(position):
            return ""
        return _("Yes") if self._member(position) else _("No")

    # Import ---------------------------------------------------------------------

    def _cell(self, row, name):
        return str(row.get(self.fields[name].column_name) or "").strip()

    def natural_key(self, row):
        unit_id = self.index.get(row.get(self.fields["unit"].column_name))
        try:
            role = self.fields["role"].widget.parse(row.get(self.fields["role"].column_name))
        except ValueError:
            return None
        username = self._cell(row, "username")
        if unit_id is None or not username:
            return None
        return (unit_id, username, role)

    def load_existing(self, keys):
        found = {}
        units = {k[0] for k in keys}
        for position in Position.objects.filter(unit_id__in=units).select_related("user"):
            found[(position.unit_id, position.user.username, position.role)] = position
        return found

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        names = {str(v).strip() for v in dataset[self.fields["username"].column_name] if v}
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__in=names)}
        self.user_units = {}
        for user_id, unit_id in Position.objects.filter(user__username__in=names).values_list(
            "user_id", "unit_id"
        ):
            self.user_units.setdefault(user_id, set()).add(unit_id)
        hashes = {id_hash_of(row, self.fields["member_id"].column_name) for row in dataset.dict}
        hashes.discard(None)
        self.members = {
            m.id_number_hash: m
            for m in PartyMember.objects.filter(id_number_hash__in=hashes).select_related("user")
        }
        self.linked = {m.user_id: m for m in PartyMember.objects.filter(user__username__in=names)}

    def init_instance(self, row=None):
        return Position()

    def check_row(self, instance, row, errors):
        self._row = {"name_changed": False, "link": None}
        first = self.duplicate_of(row)
        if first is not None:
            errors.setdefault("unit", []).append(
                _("The same position as row %(row)d.") % {"row": first}
            )
        username = self._cell(row, "username")
        name = self._cell(row, "name")
        if username:
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError as exc:
                errors.setdefault("username", []).extend(exc.messages)
        user = self.users.get(username)
        if user is not None:
            foreign = user.is_superuser and not self.user.is_superuser
            for unit_id in self.user_units.get(user.pk, ()):
                if not self.index.under_any(unit_id, self.write_roots):
                    foreign = True
            if foreign:
                errors.setdefault("username", []).append(
                    _("This user name belongs to someone outside your area: choose another.")
                )
            self._row["name_changed"] = bool(name) and user.first_name != name
        self._row["username"], self._row["name"] = username, name
        member_hash = id_hash_of(row, self.fields["member_id"].column_name)
        if member_hash and "member_id" not in errors:
            member = self.members.get(member_hash)
            if member is None or not self.party_grant.covers(member):
                errors.setdefault("member_id", []).append(
                    _("No party member with this ID number in your area: import the member first.")
                )
            elif member.user_id and (user is None or member.user_id != user.pk):
                errors.setdefault("member_id", []).append(
                    _("This party member is already linked to the account “%(name)s”.")
                    % {"name": member.user.username}
                )
            elif user is not None and user.pk in self.linked and self.linked[user.pk] != member:
                errors.setdefault("member_id", []).append(
                    _("This account is already linked to another party member (%(name)s).")
                    % {"name": self.linked[user.pk].name}
                )
            elif member.user_id is None:
                self._row["link"] = member

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        return bool(instance.pk) and not self._row["name_changed"] and self._row["link"] is None

    def save_instance(self, instance, is_create, row, **kwargs):
        User = get_user_model()
        username, name = self._row["username"], self._row["name"]
        user = self.users.get(username)
        if user is None:
            user = User(username=username, first_name=name)
            user.set_unusable_password()
            user.save()
            self.users[username] = user
            self.user_units[user.pk] = set()
            self.count("accounts_created")
        elif self._row["name_changed"]:
            user.first_name = name
            user.save(update_fields=["first_name"])
        member = self._row["link"]
        if member is not None:
            member.user = user
            member._history_user = self.user
            member.save(update_fields=["user", "updated_at"])
            self.linked[user.pk] = member
            self.count("members_linked")
        if is_create:
            instance.user = user
            instance.save()
            self.user_units[user.pk].add(instance.unit_id)
            self.count("created")
        else:
            self.count("updated")


# --- Grid overview (export only) ---------------------------------------------------

OVERVIEW_ORDER = (
    "path",
    "grid",
    "branch",
    "secretary",
    "leaders",
    "leaders_members",
    "workers",
    "workers_members",
    "one_shoulder",
    "members",
    "households",
)


@register
class GridOverviewSheet(ExportOnlySheet):
    kind = "grids"
    title = gettext_lazy("Grids")

    path = field("网格编码", "path")
    grid = field("网格", "name")
    branch = field("网格党支部", "branch")
    secretary = field("支部书记", "secretary")
    leaders = field("网格长", "leaders")
    leaders_members = field("网格长中党员", "leaders_members")
    workers = field("网格员", "workers")
    workers_members = field("网格员中党员", "workers_members")
    one_shoulder = field("一肩挑", "one_shoulder")
    members = field("党员数", "members")
    households = field("户数", "households")

    class Meta(SheetResource.Meta):
        model = OrgUnit
        fields = OVERVIEW_ORDER
        export_order = OVERVIEW_ORDER

    @classmethod
    def export_queryset(cls, user, unit=None):
        from .selectors import grids_in_scope

        return grids_in_scope(user=user, unit=unit)

    def to_xlsx(self, queryset):
        from .selectors import grid_overview_rows

        rows = grid_overview_rows(grids=list(queryset), user=self.user)
        for r in rows:
            r["path"] = self.index.path(r["id"])
            r["one_shoulder"] = _("Yes") if r["one_shoulder"] else _("No")
        return super().to_xlsx(rows)
