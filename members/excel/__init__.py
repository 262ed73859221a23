"""Excel import and export of units, staff, party members and households."""

from .base import (
    REGISTRY,
    ImportFileError,
    Progress,
    SheetResource,
    UnitIndex,
    read_headers,
    read_progress,
    read_rows,
    register,
    sheet_class,
    sync_row_limit,
)

__all__ = [
    "REGISTRY",
    "ImportFileError",
    "Progress",
    "SheetResource",
    "UnitIndex",
    "read_headers",
    "read_progress",
    "read_rows",
    "register",
    "sheet_class",
    "sync_row_limit",
]
