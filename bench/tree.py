"""A synthetic district or city tree, built the way the demo is: bulk inserts,
then one nested-set rebuild under the tree lock."""

from orgs.kinds import UnitKind
from orgs.locking import tree_write
from orgs.models import OrgUnit

SIZES = {
    # A smoke test of the benchmark itself.
    "tiny": {
        "streets": 3,
        "communities": 9,
        "grids": 30,
        "cases": 20_000,
        "households": 5_000,
        "members": 1_000,
    },
    # Xiangzhou: 9 streets, 126 communities, 493 grids.
    "district": {
        "streets": 9,
        "communities": 126,
        "grids": 493,
        "cases": 1_000_000,
        "households": 150_000,
        "members": 25_000,
    },
    # DESIGN.md's city target: 10,000 grids, 3M households, 500k members, 10M cases.
    "city": {
        "streets": 100,
        "communities": 2_500,
        "grids": 10_000,
        "cases": 10_000_000,
        "households": 3_000_000,
        "members": 500_000,
    },
}


def _unit(parent, kind, name, code):
    return OrgUnit(
        parent=parent,
        kind=kind,
        name=name,
        code=code,
        lft=0,
        rght=0,
        level=0,
        tree_id=0,
        households=300,
        population=800,
    )


def build_tree(size: dict) -> OrgUnit:
    with tree_write(), OrgUnit.objects.disable_mptt_updates():
        region = _unit(None, UnitKind.REGION, "基准区", "BM")
        OrgUnit.objects.bulk_create([region])
        streets = OrgUnit.objects.bulk_create(
            [
                _unit(region, UnitKind.STREET, f"街道{i:03d}", f"{i:03d}")
                for i in range(size["streets"])
            ]
        )
        per_street = size["communities"] // size["streets"]
        communities = OrgUnit.objects.bulk_create(
            [
                _unit(s, UnitKind.COMMUNITY, f"{s.name}社区{j:03d}", f"{j:03d}")
                for s in streets
                for j in range(per_street)
            ]
        )
        grids = []
        for k in range(size["grids"]):
            c = communities[k % len(communities)]
            grids.append(_unit(c, UnitKind.GRID, f"{c.name}网格{k}", f"G{k}"))
        for start in range(0, len(grids), 5000):
            OrgUnit.objects.bulk_create(grids[start : start + 5000])
        OrgUnit.objects.rebuild()
    return OrgUnit.objects.get(pk=region.pk)
