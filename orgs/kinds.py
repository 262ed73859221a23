"""The vocabulary of the tree: unit kinds, which kind may hang under which,
and the roles a position can carry. One place for each rule."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    REGION = "region", _("District")
    STREET = "street", _("Street / town")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")
    PARTY_GROUP = "party_group", _("Party group / building")
    MEMBER_HOUSEHOLD = "member_household", _("Party member household")
    DEPARTMENT = "department", _("Department")


K = UnitKind

# parent kind -> kinds allowed directly below it (None: a root of the forest).
# Levels may be skipped (street -> grid, district -> community) where a place
# has fewer levels; departments hang under a street or the district.
ALLOWED_CHILDREN: dict[str | None, frozenset[str]] = {
    None: frozenset({K.REGION, K.STREET}),
    K.REGION: frozenset({K.STREET, K.COMMUNITY, K.GRID, K.DEPARTMENT}),
    K.STREET: frozenset({K.COMMUNITY, K.GRID, K.DEPARTMENT}),
    K.COMMUNITY: frozenset({K.GRID}),
    K.GRID: frozenset({K.PARTY_GROUP, K.MEMBER_HOUSEHOLD}),
    K.PARTY_GROUP: frozenset({K.MEMBER_HOUSEHOLD}),
    K.MEMBER_HOUSEHOLD: frozenset(),
    K.DEPARTMENT: frozenset(),
}

# The levels whose ids rows below the tree copy at write time (see
# orgs.access), and the columns that hold them. Counters are kept per unit of
# these levels too.
ANCESTOR_KINDS = (K.REGION, K.STREET, K.COMMUNITY, K.GRID)
ANCESTOR_COLUMNS = {
    K.REGION: "region_id",
    K.STREET: "street_id",
    K.COMMUNITY: "community_id",
    K.GRID: "grid_id",
}


def child_kind_allowed(parent_kind: str | None, child_kind: str) -> bool:
    return child_kind in ALLOWED_CHILDREN.get(parent_kind, frozenset())


class Role(models.TextChoices):
    GRID_LEADER = "grid_leader", _("Grid leader")
    GRID_WORKER = "grid_worker", _("Grid worker")
    INFO_OFFICER = "info_officer", _("Information officer")
    SAFETY_SUPERVISOR = "safety_supervisor", _("Safety supervisor")
    APPEARANCE_SUPERVISOR = "appearance_supervisor", _("City-appearance supervisor")
    BUILDING_LEADER = "building_leader", _("Building leader")
    GRID_INSTRUCTOR = "grid_instructor", _("Grid instructor")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    STREET_DISPATCHER = "street_dispatcher", _("Street dispatcher")
    DEPARTMENT_HANDLER = "department_handler", _("Department handler")
    ORGDEPT_REVIEWER = "orgdept_reviewer", _("Organization-department reviewer")
    ADMIN = "admin", _("Administrator")


R = Role

# Grid-level staff: the "one leader, three officers" of a grid.
GRID_STAFF_ROLES = frozenset(
    {
        R.GRID_LEADER,
        R.GRID_WORKER,
        R.INFO_OFFICER,
        R.SAFETY_SUPERVISOR,
        R.APPEARANCE_SUPERVISOR,
        R.BUILDING_LEADER,
        R.GRID_INSTRUCTOR,
    }
)


class Capability(models.TextChoices):
    """What a role may do beyond seeing its subtree."""

    MANAGE_TREE = "manage_tree", _("Manage the tree and users")
    VIEW_PERSONAL_DATA = "view_personal_data", _("View personal data unmasked")
    VIEW_PARTY_MEMBERS = "view_party_members", _("View party members")
    EDIT_PEOPLE = "edit_people", _("Edit people and households")
    HANDLE_CASES = "handle_cases", _("Handle cases")
    VIEW_DASHBOARDS = "view_dashboards", _("View dashboards")
    ENTER_ASSESSMENTS = "enter_assessments", _("Enter assessment scores")


C = Capability
_CASE_WORK = {C.HANDLE_CASES, C.VIEW_DASHBOARDS}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    R.GRID_LEADER: frozenset(
        _CASE_WORK | {C.VIEW_PERSONAL_DATA, C.VIEW_PARTY_MEMBERS, C.EDIT_PEOPLE}
    ),
    R.GRID_WORKER: frozenset(_CASE_WORK | {C.EDIT_PEOPLE}),
    R.INFO_OFFICER: frozenset(_CASE_WORK | {C.EDIT_PEOPLE}),
    R.SAFETY_SUPERVISOR: frozenset(_CASE_WORK),
    R.APPEARANCE_SUPERVISOR: frozenset(_CASE_WORK),
    R.BUILDING_LEADER: frozenset(_CASE_WORK),
    R.GRID_INSTRUCTOR: frozenset({C.VIEW_DASHBOARDS, C.VIEW_PARTY_MEMBERS}),
    R.COMMUNITY_STAFF: frozenset(
        _CASE_WORK
        | {C.VIEW_PERSONAL_DATA, C.VIEW_PARTY_MEMBERS, C.EDIT_PEOPLE, C.ENTER_ASSESSMENTS}
    ),
    R.STREET_DISPATCHER: frozenset(_CASE_WORK | {C.VIEW_PARTY_MEMBERS}),
    R.DEPARTMENT_HANDLER: frozenset({C.HANDLE_CASES}),
    R.ORGDEPT_REVIEWER: frozenset({C.VIEW_DASHBOARDS, C.VIEW_PARTY_MEMBERS}),
    R.ADMIN: frozenset(set(C.values)),
}
