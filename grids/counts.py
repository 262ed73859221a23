"""The people counts (`PeopleTally`): structure and people figures of every
district, street, community and grid, kept current so a dashboard reads a
node and its children from a few rows, whatever the size of the subtree.

Every unit, staff position, party member and branch belongs to one *zone*:
the nearest district, street, community or grid at or above it. A zone's
own row holds what belongs to it; the subtree row of a unit is the sum of the
own rows of the zones below it. When something changes, the zones it touches
are recomputed from their rows (a grid's few members and staff; a street's
own staff), and the difference is added to the subtree rows of the zone and
of every zone above it, in the writer's transaction. The own row is locked
while it is recomputed, so two writers in one zone never add the same
difference twice; subtree rows are added to afterwards with one `INSERT … ON
CONFLICT DO UPDATE SET x = x + delta` in key order (`grid_gov.counters.add`),
as the case rollups are.

Bulk writes that send no signals (the demo loader, a moved subtree's
re-copied columns, the benchmark's SQL) end with `PEOPLE_COUNTS.rebuild()`;
`verify_counters people_counts` / `rebuild_counters people_counts` check and
rebuild by hand.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q

from grid_gov import counters
from grid_gov.counters import Table
from members.models import Category, PartyMember
from orgs.kinds import ANCESTOR_KINDS, Role, UnitKind
from orgs.models import OrgUnit, Position

from .models import PartyBranch, PeopleTally

K = UnitKind
UNIT_COUNTERS = {
    K.STREET: "streets",
    K.COMMUNITY: "communities",
    K.GRID: "grids",
    K.PARTY_GROUP: "party_groups",
    K.MEMBER_HOUSEHOLD: "member_households",
}
STAFF_COUNTERS = {Role.GRID_LEADER: "leaders", Role.GRID_WORKER: "workers"}
MEMBER_COUNTERS = {c: f"members_{c}" for c in Category.values}
COUNTERS = (
    "streets",
    "communities",
    "grids",
    "party_groups",
    "member_households",
    "households",
    "population",
    "grids_with_branch",
    "grids_one_shoulder",
    "leaders",
    "leaders_members",
    "workers",
    "workers_members",
    *MEMBER_COUNTERS.values(),
)
TABLE = Table(PeopleTally, ("unit_id", "own"), COUNTERS)


def zero() -> dict:
    return dict.fromkeys(COUNTERS, 0)


def one_shoulder_q(branches=PartyBranch):
    """The grid's leader is the secretary of the grid's own branch (一肩挑)."""
    return Exists(
        branches.objects.filter(
            grid=OuterRef("pk"),
            secretary__user__positions__unit=OuterRef("pk"),
            secretary__user__positions__role=Role.GRID_LEADER,
        )
    )


# --- zones ----------------------------------------------------------------


def zone_of(unit) -> OrgUnit | None:
    """The nearest district, street, community or grid at or above `unit`."""
    if unit is None:
        return None
    if unit.kind in ANCESTOR_KINDS:
        return unit
    above = [a for a in unit.get_ancestors() if a.kind in ANCESTOR_KINDS]
    return above[-1] if above else None


def _zone_units(zone) -> list[OrgUnit]:
    """The units whose zone is `zone`: a grid's whole subtree, else the unit
    and what hangs below it through other kinds (its departments)."""
    fields = ("id", "kind", "households", "population")
    if zone.kind == K.GRID:
        return list(
            OrgUnit.objects.filter(
                tree_id=zone.tree_id, lft__gte=zone.lft, lft__lte=zone.rght
            ).only(*fields)
        )
    units, frontier = [zone], [zone.pk]
    while frontier:
        below = list(
            OrgUnit.objects.filter(parent_id__in=frontier)
            .exclude(kind__in=ANCESTOR_KINDS)
            .only(*fields)
        )
        units += below
        frontier = [u.pk for u in below]
    return units


def own_counts(zone) -> dict:
    """What `zone` holds itself, counted from the rows."""
    out = zero()
    units = _zone_units(zone)
    ids = [u.pk for u in units]
    for u in units:
        key = UNIT_COUNTERS.get(u.kind)
        if key:
            out[key] += 1
        if u.kind == K.GRID:
            out["households"] += u.households
            out["population"] += u.population
    grid_ids = [u.pk for u in units if u.kind == K.GRID]
    if grid_ids:
        flags = (
            OrgUnit.objects.filter(pk__in=grid_ids)
            .annotate(has_branch=Exists(PartyBranch.objects.filter(grid=OuterRef("pk"))))
            .annotate(is_one=one_shoulder_q())
            .values_list("has_branch", "is_one")
        )
        for has_branch, is_one in flags:
            out["grids_with_branch"] += has_branch
            out["grids_one_shoulder"] += is_one
    staff = (
        Position.objects.filter(unit_id__in=ids, role__in=STAFF_COUNTERS)
        .values("role")
        .annotate(n=Count("pk"), members=Count("pk", filter=Q(user__party_member__isnull=False)))
        .order_by()
    )
    for row in staff:
        key = STAFF_COUNTERS[row["role"]]
        out[key] += row["n"]
        out[f"{key}_members"] += row["members"]
    members = (
        PartyMember.objects.filter(grid_id=zone.pk)
        if zone.kind == K.GRID
        else PartyMember.objects.filter(grid_id__isnull=True, unit_id__in=ids)
    )
    for category, n in members.values_list("category").annotate(n=Count("pk")).order_by():
        out[MEMBER_COUNTERS[category]] += n
    return out


def _add(rows: dict, *, own: bool) -> None:
    """Add {unit: counters} to the rows of those units (created as needed)."""
    counters.add({TABLE: {(unit, own): values for unit, values in rows.items()}})


def _locked_own(zone_id) -> dict:
    """The zone's own row, locked until the transaction ends (made if missing)."""
    _ensure_row(zone_id)
    table = connection.ops.quote_name(PeopleTally._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COUNTERS)} FROM {table} WHERE unit_id = %s AND own{lock}",
            [zone_id],
        )
        return dict(zip(COUNTERS, cursor.fetchone(), strict=True))


def _ensure_row(zone_id) -> None:
    table = connection.ops.quote_name(PeopleTally._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (unit_id, own, {', '.join(COUNTERS)}) "
            f"VALUES (%s, %s, {', '.join(['0'] * len(COUNTERS))}) "
            f"ON CONFLICT (unit_id, own) DO NOTHING",
            [zone_id, True],
        )


def refresh(zones) -> None:
    """Recompute the own rows of `zones` (units of the tallied kinds) and
    carry each difference to the subtree rows at and above them."""
    ids = sorted({z.pk for z in zones if z is not None})
    if not ids:
        return
    with transaction.atomic():
        # Every own row first, in key order, then the subtree rows in one
        # statement: two writers take the rows in the same order.
        # Read again: the tree fields of the objects passed may be stale.
        zones = list(OrgUnit.objects.filter(pk__in=ids).order_by("pk"))
        old = {zone.pk: _locked_own(zone.pk) for zone in zones}
        subtree: dict = defaultdict(zero)
        for zone in zones:
            new = own_counts(zone)
            delta = {c: new[c] - old[zone.pk][c] for c in COUNTERS}
            if not any(delta.values()):
                continue
            _add({zone.pk: delta}, own=True)
            above = zone.get_ancestors(include_self=True).filter(kind__in=ANCESTOR_KINDS)
            for pk in above.values_list("pk", flat=True):
                row = subtree[pk]
                for c, v in delta.items():
                    row[c] += v
        _add(subtree, own=False)


def forget_unit(unit) -> None:
    """After a district, street, community or grid was deleted: what it
    held itself leaves the units above it, and its rows go."""
    with transaction.atomic():
        row = PeopleTally.objects.filter(unit_id=unit.pk, own=True).values(*COUNTERS).first()
        parent = OrgUnit.objects.filter(pk=unit.parent_id).first()
        if row and parent is not None:
            minus = {c: -v for c, v in row.items()}
            _add(
                {
                    a.pk: minus
                    for a in parent.get_ancestors(include_self=True)
                    if a.kind in ANCESTOR_KINDS
                },
                own=False,
            )
        PeopleTally.objects.filter(unit_id=unit.pk).delete()


def zones_of_units(unit_ids) -> list[OrgUnit]:
    units = OrgUnit.objects.filter(pk__in=[u for u in unit_ids if u is not None])
    return [zone_of(u) for u in units]


def zones_of_user(user_id) -> list[OrgUnit]:
    """Zones whose staff figures count whether this user is a party member."""
    if user_id is None:
        return []
    return zones_of_units(
        Position.objects.filter(user_id=user_id, role__in=STAFF_COUNTERS).values_list(
            "unit_id", flat=True
        )
    )


# --- reading ----------------------------------------------------------------


def rows_of(unit_ids) -> dict[int, dict]:
    """The subtree rows of tallied units, by unit id (zeros where none)."""
    out = {pk: zero() for pk in unit_ids}
    for row in PeopleTally.objects.filter(unit_id__in=list(unit_ids), own=False).values(
        "unit_id", *COUNTERS
    ):
        out[row.pop("unit_id")] = row
    return out


# --- recount and rebuild -------------------------------------------------


def recount(apps=None) -> dict:
    """Every row recomputed from the tables: {TABLE: {(unit, own): counters}}.
    `apps`: a migration's app registry, to count with its models."""
    get = apps.get_model if apps is not None else _current_model
    OrgUnit = get("orgs", "OrgUnit")  # noqa: N806
    Position = get("orgs", "Position")  # noqa: N806
    PartyMember = get("members", "PartyMember")  # noqa: N806
    PartyBranch = get("grids", "PartyBranch")  # noqa: N806
    units = {
        pk: (parent, kind, households, population)
        for pk, parent, kind, households, population in OrgUnit.objects.values_list(
            "pk", "parent_id", "kind", "households", "population"
        )
    }
    zone_cache: dict = {}

    def zone(pk):
        if pk not in zone_cache:
            parent, kind, _, _ = units[pk]
            if kind in ANCESTOR_KINDS:
                zone_cache[pk] = pk
            else:
                zone_cache[pk] = zone(parent) if parent is not None else None
        return zone_cache[pk]

    own: dict = defaultdict(zero)
    for pk, (_, kind, households, population) in units.items():
        z = zone(pk)
        if z is None:
            continue
        own[z]  # every tallied unit has its rows
        key = UNIT_COUNTERS.get(kind)
        if key:
            own[z][key] += 1
        if kind == K.GRID:
            own[z]["households"] += households
            own[z]["population"] += population
    flags = (
        OrgUnit.objects.filter(kind=K.GRID)
        .annotate(has_branch=Exists(PartyBranch.objects.filter(grid=OuterRef("pk"))))
        .annotate(is_one=one_shoulder_q(PartyBranch))
        .values_list("pk", "has_branch", "is_one")
    )
    for pk, has_branch, is_one in flags:
        own[pk]["grids_with_branch"] += has_branch
        own[pk]["grids_one_shoulder"] += is_one
    staff = (
        Position.objects.filter(role__in=STAFF_COUNTERS)
        .values("unit_id", "role")
        .annotate(n=Count("pk"), members=Count("pk", filter=Q(user__party_member__isnull=False)))
        .order_by()
    )
    for row in staff:
        z = zone(row["unit_id"])
        if z is None:
            continue
        key = STAFF_COUNTERS[row["role"]]
        own[z][key] += row["n"]
        own[z][f"{key}_members"] += row["members"]
    members = (
        PartyMember.objects.values_list("grid_id", "unit_id", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for grid_id, unit_id, category, n in members:
        z = grid_id if grid_id is not None else zone(unit_id)
        if z is not None:
            own[z][MEMBER_COUNTERS[category]] += n
    out = {}
    for z, figures in own.items():
        out[(z, True)] = dict(figures)
        node = z
        while node is not None:
            if units[node][1] in ANCESTOR_KINDS:
                row = out.setdefault((node, False), zero())
                for c, v in figures.items():
                    row[c] += v
            node = units[node][0]
    return {TABLE: out}


def _current_model(app_label, name):
    from django.apps import apps

    return apps.get_model(app_label, name)


PEOPLE_COUNTS = counters.register(
    counters.Counters(
        name="people_counts",
        noun="people count",
        help="the dashboards' structure and people figures per district, street, community, grid",
        tables=(TABLE,),
        recount=recount,
    )
)
