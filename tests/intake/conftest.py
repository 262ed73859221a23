import pytest

from cases.models import CaseCategory, CaseDeadline
from cases.seed import seed_categories
from intake import services


def square(lng, lat, size=0.01) -> dict:
    """A GeoJSON polygon: the square with its south-west corner at (lng, lat)."""
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


# G1 and G1b share the edge at longitude 118.01; G2 lies apart.
BOUNDARIES = {
    "g1": square(118.00, 24.00),
    "g1b": square(118.01, 24.00),
    "g2": square(118.10, 24.00),
}
IN_G1 = ("24.005", "118.005")
IN_G2 = ("24.005", "118.105")
NOWHERE = ("24.5", "118.5")


def give_boundaries(world):
    for name, boundary in BOUNDARIES.items():
        unit = getattr(world, name)
        unit.boundary = boundary
        unit.save()
    world.refresh()


@pytest.fixture
def mapped(world):
    give_boundaries(world)
    return world


@pytest.fixture
def cats(db):
    seed_categories(CaseCategory, CaseDeadline)
    return {c.code: c for c in CaseCategory.objects.all()}


def receive(point=IN_G1, **extra):
    values = {
        "channel": "resident",
        "description": "3栋楼下垃圾堆了三天没人清运，气味很大。",
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "address": "3栋楼下",
        "contact_name": "王女士",
        "contact_phone": "13912345678",
    }
    values.update(extra)
    return services.report_receive(**values)


def make_client(world, key="test-key-1", channel="open311", unit=None, callback_url=""):
    from intake.models import IntakeClient

    client = IntakeClient(
        name=f"{channel}-client",
        channel=channel,
        unit=unit or world.region,
        callback_url=callback_url,
    )
    client.set_key(key)
    client.save()
    return client
