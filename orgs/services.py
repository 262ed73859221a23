"""Writes to the tree. Every tree write takes the tree lock
(OrgUnit.save does), validates with the model's rules and writes nothing on
error."""

from .locking import tree_write
from .models import OrgUnit


def unit_create(*, parent: OrgUnit | None, name: str, kind: str, code: str, **extra) -> OrgUnit:
    with tree_write():
        if parent is not None:
            parent.refresh_from_db()
        unit = OrgUnit(parent=parent, name=name, kind=kind, code=code, **extra)
        unit.full_clean()
        unit.save()
    return unit


def unit_update(*, unit: OrgUnit, **fields) -> OrgUnit:
    """Change a unit's fields; a new `parent` moves the whole subtree."""
    with tree_write():
        unit.refresh_from_db()
        for name, value in fields.items():
            setattr(unit, name, value)
        if unit.parent_id:
            unit.parent.refresh_from_db()
        unit.full_clean()
        unit.save()
    return unit


def unit_move(*, unit: OrgUnit, new_parent: OrgUnit) -> OrgUnit:
    return unit_update(unit=unit, parent=new_parent)
