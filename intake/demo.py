"""The demo district's map and outside reports: a boundary for every grid
(they tile the district's box: streets side by side, communities stacked in
each street, grids side by side in each community; a grid's centre lies in
its cell), the Open311 client with the key `gridgov-demo-open311`, a 12345
hotline client that sends results to a local receiver, and resident reports
waiting in triage."""

from decimal import Decimal

from cases.models import Case, CaseCategory
from orgs.kinds import UnitKind
from orgs.models import OrgUnit

from . import services
from .locate import boundaries_changed
from .models import IntakeClient

WEST, SOUTH, EAST, NORTH = 113.52, 22.24, 113.62, 22.34
OPEN311_KEY = "gridgov-demo-open311"
HOTLINE_KEY = "gridgov-demo-hotline"
HOTLINE_CALLBACK = "http://127.0.0.1:8765/hotline/results"

REPORTS = [
    ("0401", "小区东门垃圾桶满了两天没人清运，味道很大。", "东门垃圾站"),
    ("0202", "2栋楼道里有电动车在充电，电线拖在地上。", "2栋1单元楼道"),
    ("0404", "晚上十一点后楼下烧烤店还很吵。", "沿街商铺"),
]


def _ring(west, south, east, north):
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def load_boundaries(*, region) -> int:
    streets = list(OrgUnit.objects.filter(parent=region, kind=UnitKind.STREET).order_by("code"))
    width = (EAST - WEST) / max(len(streets), 1)
    n = 0
    for si, street in enumerate(streets):
        west = WEST + si * width
        communities = list(
            OrgUnit.objects.filter(parent=street, kind=UnitKind.COMMUNITY).order_by("code")
        )
        height = (NORTH - SOUTH) / max(len(communities), 1)
        for ci, community in enumerate(communities):
            south = SOUTH + ci * height
            grids = list(
                OrgUnit.objects.filter(parent=community, kind=UnitKind.GRID).order_by("code")
            )
            cell = width / max(len(grids), 1)
            for gi, grid in enumerate(grids):
                w, e = round(west + gi * cell, 6), round(west + (gi + 1) * cell, 6)
                s, no = round(south, 6), round(south + height, 6)
                OrgUnit.objects.filter(pk=grid.pk).update(
                    boundary={"type": "Polygon", "coordinates": [_ring(w, s, e, no)]},
                    latitude=Decimal(str(round((s + no) / 2, 6))),
                    longitude=Decimal(str(round((w + e) / 2, 6))),
                )
                n += 1
    boundaries_changed()
    return n


def place_cases(*, rng) -> int:
    """Give the demo cases a point inside their grid, for the map."""
    cells = {
        g.pk: g.boundary["coordinates"][0]
        for g in OrgUnit.objects.filter(kind=UnitKind.GRID, boundary__isnull=False).only(
            "id", "boundary"
        )
    }
    cases = list(Case.objects.only("id", "grid_id"))
    for case in cases:
        ring = cells.get(case.grid_id)
        if ring is None:
            continue
        (w, s), (e, n) = ring[0], ring[2]
        case.latitude = Decimal(str(round(rng.uniform(s, n), 6)))
        case.longitude = Decimal(str(round(rng.uniform(w, e), 6)))
    Case.objects.bulk_update(cases, ["latitude", "longitude"], batch_size=1000)
    return len(cases)


def load(*, region, users, rng) -> None:
    load_boundaries(region=region)
    place_cases(rng=rng)
    for name, channel, key, callback in [
        ("Open311 演示客户端", "open311", OPEN311_KEY, ""),
        ("12345 热线（演示）", "hotline", HOTLINE_KEY, HOTLINE_CALLBACK),
    ]:
        client = IntakeClient(name=name, channel=channel, unit=region, callback_url=callback)
        client.set_key(key)
        client.save()
    grid = OrgUnit.objects.get(pk=users["demo_grid"].positions.first().unit_id)
    cats = {c.code: c for c in CaseCategory.objects.all()}
    lat, lng = float(grid.latitude), float(grid.longitude)
    for i, (code, text, address) in enumerate(REPORTS):
        services.report_receive(
            channel="resident",
            description=text,
            category=cats.get(code),
            latitude=f"{lat + 0.0003 * i:.6f}",
            longitude=f"{lng - 0.0002 * i:.6f}",
            address=address,
            contact_name=rng.choice("王李张刘陈") + "女士",
            contact_phone=f"139{rng.randint(10_000_000, 99_999_999)}",
        )
    services.report_receive(
        channel="resident",
        description="河堤步道路灯坏了好几盏，晚上很黑。",
        latitude="22.2",
        longitude="113.5",
        address="河堤步道",
        contact_phone="13700000000",
    )
