"""Excel import and export of units, staff, party members and households.

reading.py reads an uploaded workbook and reports progress; units.py resolves
the unit code paths a sheet names; cells.py turns one cell into one value;
writing.py writes every exported cell (the one formula-injection guard);
base.py is the sheet every import and export builds on; sheets.py holds the
people sheets (grids.resources the structure sheets).
"""

from .base import REGISTRY, SheetResource, register, sheet_class, sync_row_limit
from .reading import ImportFileError, Progress, read_headers, read_progress, read_rows
from .units import UnitIndex

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
