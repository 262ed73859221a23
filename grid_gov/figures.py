"""How a figure is rounded and written: one place for pages, print, Excel
and the API, so the same figure never reads differently in two of them.

- A rate is a fraction rounded half up to 0.1 % (three decimals: 0.7815 →
  0.782, shown 78.2%). Rounded once, here, and every output shows that value.
- A rate whose denominator is zero is no figure: `None`, which the API
  sends as `null`, a page shows as "—" and Excel leaves as an empty cell.
  Never 0%.
- A mean (hours to close, days to claim) and a score are rounded half up to
  one decimal; with nothing to average, a mean is `None` as well.

Python's `round()` rounds half to even and Django's `number_format` cuts
floats off: neither is used for a figure.
"""

from decimal import ROUND_HALF_UP, Decimal

NO_FIGURE = "—"
RATE_STEP = Decimal("0.001")  # 0.1 % of a fraction
ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal(100)


def _decimal(value) -> Decimal:
    """Floats through their shortest text, so 0.7815 is 0.7815, not 0.78149…"""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def half_up(value, step: Decimal = ONE_PLACE) -> Decimal:
    return _decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def rate(part, whole) -> float | None:
    """`part` of `whole` as a fraction rounded half up to 0.1 %; None when
    `whole` is zero (or None)."""
    if not whole:
        return None
    return float(half_up(_decimal(part) / _decimal(whole), RATE_STEP))


def mean(total, count, *, per=1) -> float | None:
    """`total` / `count` / `per`, rounded half up to one decimal; None when
    there is nothing to average (`per` converts units: 3600 for seconds to
    hours)."""
    if not count:
        return None
    return float(half_up(_decimal(total) / _decimal(count) / _decimal(per)))


def one_place(value) -> float | None:
    """A quantity (hours, a score) rounded half up to one decimal."""
    if value is None:
        return None
    return float(half_up(value))


def percent_text(value) -> str:
    """A rate as people read it: "78.2%", or "—" without a figure."""
    if value is None or value == "":
        return NO_FIGURE
    return f"{half_up(_decimal(value) * HUNDRED)}%"


def number_text(value) -> str:
    """A quantity with one decimal ("12.5"), or "—" without a figure."""
    if value is None or value == "":
        return NO_FIGURE
    return str(half_up(value))
