"""Reading an uploaded workbook: the first sheet as rows, with the Excel row
number of each, and the progress of a long import, readable from another
process."""

import logging
import time
import zipfile

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from tablib import Dataset

logger = logging.getLogger(__name__)
MAX_ROWS = 100_000


class ImportFileError(Exception):
    """The file as a whole cannot be read: not xlsx, wrong headers, empty."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


# --- Reading a workbook -----------------------------------------------------


def open_sheet(fileobj):
    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("This file is not an Excel workbook (.xlsx).")) from exc
    if not book.worksheets:
        raise ImportFileError(_("The workbook has no sheet."))
    return book, book.worksheets[0]


def cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def read_headers(fileobj) -> tuple[list[str], int | None]:
    """The first sheet's header row and its declared number of data rows
    (from the sheet's dimension; None when the writer left it out)."""
    book, sheet = open_sheet(fileobj)
    try:
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if not first:
            raise ImportFileError(_("The sheet is empty: the first row must hold the headers."))
        headers = [cell_text(v) for v in first]
        while headers and not headers[-1]:
            headers.pop()
        rows = sheet.max_row - 1 if sheet.max_row else None
        return headers, rows
    finally:
        book.close()


def read_rows(fileobj) -> tuple[Dataset, list[int]]:
    """The first sheet as a Dataset, and each data row's Excel row number
    (blank rows are skipped, so numbers in messages match what Excel shows)."""
    book, sheet = open_sheet(fileobj)
    try:
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if not first:
            raise ImportFileError(_("The sheet is empty: the first row must hold the headers."))
        headers = [cell_text(v) for v in first]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        dataset = Dataset(headers=headers)
        numbers = []
        for number, values in enumerate(rows, start=2):
            values = list(values[:width]) + [None] * (width - len(values))
            if all(cell_text(v) == "" for v in values):
                continue
            if len(numbers) >= MAX_ROWS:
                raise ImportFileError(
                    _("The file has more than %(n)d rows: split it into smaller files.")
                    % {"n": MAX_ROWS}
                )
            dataset.append(values)
            numbers.append(number)
        return dataset, numbers
    finally:
        book.close()


# --- Progress, readable from another process ----------------------------------


def _progress_cache():
    name = "progress" if "progress" in settings.CACHES else "default"
    return caches[name]


def progress_key(job_id) -> str:
    return f"gridgov:import-progress:{job_id}"


class Progress:
    """Rows done so far, written to the cache (never to the database: the
    import's own transaction would hide it until commit)."""

    EVERY_SECONDS = 0.5

    def __init__(self, job_id, total, phase):
        self.job_id, self.total, self.phase = job_id, total, phase
        self.done = 0
        self._written_at = 0.0
        self._write()

    def _write(self):
        self._written_at = time.monotonic()
        _progress_cache().set(
            progress_key(self.job_id),
            {"done": self.done, "total": self.total, "phase": self.phase},
            timeout=24 * 3600,
        )

    def tick(self):
        self.done += 1
        if self.done == self.total or time.monotonic() - self._written_at >= self.EVERY_SECONDS:
            self._write()


def read_progress(job_id) -> dict | None:
    """The progress written so far, or None (also while the cache's Redis is
    down: the page then shows the job's status without a percentage)."""
    try:
        return _progress_cache().get(progress_key(job_id))
    except Exception:  # noqa: BLE001 - progress is a hint, never worth a 500
        logger.warning("import progress of job %s unreadable", job_id, exc_info=True)
        return None
