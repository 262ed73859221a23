"""Point → grid: a spatial index (shapely's STRtree) over the stored grid
boundaries (GeoJSON Polygon or MultiPolygon, [longitude, latitude]).

Each process keeps the index in memory and rebuilds it when the boundary
version in the shared cache changes: a save or delete of any unit bumps it
(see intake.receivers), so every process sees a new boundary at its next
lookup. A point on the edge shared by two grids belongs to the one with the
lower id, so the answer never depends on the order of the index.
"""

import threading
import uuid

from django.core.cache import cache
from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.validation import make_valid

from orgs.kinds import UnitKind
from orgs.models import OrgUnit

VERSION_KEY = "intake:boundary-version"

_lock = threading.Lock()
_index: dict = {"version": None, "tree": None, "ids": [], "units": {}}


def boundaries_changed() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    return version


def _geometry(boundary):
    try:
        geom = shape(boundary)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return None
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    return geom if geom.is_valid else make_valid(geom)


def _build():
    geoms, ids = [], []
    rows = OrgUnit.objects.filter(kind=UnitKind.GRID, boundary__isnull=False).values_list(
        "pk", "boundary", "tree_id", "lft"
    )
    units = {}
    for pk, boundary, tree_id, lft in rows.iterator(chunk_size=2000):
        geom = _geometry(boundary)
        if geom is None:
            continue
        geoms.append(geom)
        ids.append(pk)
        units[pk] = (tree_id, lft)
    return STRtree(geoms) if geoms else None, ids, units


def _current():
    version = _version()
    if _index["version"] != version:
        with _lock:
            if _index["version"] != version:
                tree, ids, units = _build()
                _index.update(tree=tree, ids=ids, units=units, version=version)
    return _index


def grid_ids_at(lat: float, lng: float, *, under=None) -> list[int]:
    """The ids of the grids whose boundary holds the point (edges included),
    lowest first, among the grids below `under` (a unit) when given."""
    index = _current()
    tree = index["tree"]
    if tree is None:
        return []
    hits = tree.query(Point(float(lng), float(lat)), predicate="intersects")
    found = sorted(index["ids"][i] for i in hits)
    if under is not None:
        units = index["units"]
        found = [
            pk
            for pk in found
            if units[pk][0] == under.tree_id and under.lft <= units[pk][1] <= under.rght
        ]
    return found


def grid_id_at(lat: float, lng: float, *, under=None) -> int | None:
    """The grid that takes a point: the lowest id among those holding it."""
    found = grid_ids_at(lat, lng, under=under)
    return found[0] if found else None


def grid_at(lat: float, lng: float, *, under=None) -> OrgUnit | None:
    pk = grid_id_at(lat, lng, under=under)
    return OrgUnit.objects.defer("boundary").get(pk=pk) if pk else None
