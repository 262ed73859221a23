"""Periods: parsing what a person typed, and cutting a period into whole
months (read from the month rollup) and the partial months at its edges
(read from the day rollup)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_DAYS = 5 * 366


@dataclass(frozen=True)
class Split:
    months: tuple[date, date] | None  # first days of the first and last whole month
    day_ranges: tuple[tuple[date, date], ...]


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def split(date_from: date, date_to: date) -> Split:
    if date_from > date_to:
        return Split(None, ())
    days = []
    start, end = date_from, date_to
    if start.day != 1:
        head_end = min(month_end(start), end)
        days.append((start, head_end))
        start = head_end + timedelta(days=1)
    if start <= end and end != month_end(end):
        tail_start = max(end.replace(day=1), start)
        days.append((tail_start, end))
        end = tail_start - timedelta(days=1)
    months = (start, end.replace(day=1)) if start <= end else None
    return Split(months, tuple(days))


def today() -> date:
    return timezone.localdate()


def default_period() -> tuple[date, date]:
    """This year to date."""
    t = today()
    return t.replace(month=1, day=1), t


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * (quarter - 1) + 1, 1)
    last = month_end(date(year, 3 * quarter, 1))
    return first, last


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def parse_quarter(text: str) -> tuple[int, int] | None:
    """'2025Q1' or '2025-Q1' → (2025, 1); None when it is not one."""
    text = (text or "").strip().upper().replace("-", "")
    if (
        len(text) != 6
        or text[4] != "Q"
        or not (text[:4].isascii() and text[:4].isdigit())
        or text[5] not in "1234"
    ):
        return None
    return int(text[:4]), int(text[5])


def parse_period(raw_from: str | None, raw_to: str | None) -> tuple[date, date, dict]:
    """The period a request asks for, and per-field messages a person can act on."""
    errors: dict[str, list[str]] = {}
    default_from, default_to = default_period()
    values = {}
    for field, raw, default in (("from", raw_from, default_from), ("to", raw_to, default_to)):
        if raw in (None, ""):
            values[field] = default
            continue
        try:
            values[field] = date.fromisoformat(raw.strip())
            if len(raw.strip()) != 10:
                raise ValueError
        except ValueError:
            errors[field] = [
                _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31.")
                % {"value": raw}
            ]
    date_from, date_to = values.get("from"), values.get("to")
    if not errors:
        if date_from > date_to:
            errors["to"] = [
                _("The end date %(to)s is before the start date %(from)s: swap them.")
                % {"from": date_from.isoformat(), "to": date_to.isoformat()}
            ]
        elif (date_to - date_from).days > MAX_DAYS:
            errors["to"] = [_("Choose a period of at most five years.")]
    return date_from, date_to, errors


def quarter_name(year: int, quarter: int) -> str:
    """A quarter as people write it: 2026年第三季度 (the code 2026Q3 stays
    in addresses and the API)."""
    from django.utils.translation import pgettext

    names = {
        1: pgettext("quarter", "Q1 %(year)s"),
        2: pgettext("quarter", "Q2 %(year)s"),
        3: pgettext("quarter", "Q3 %(year)s"),
        4: pgettext("quarter", "Q4 %(year)s"),
    }
    return names[quarter] % {"year": year}
