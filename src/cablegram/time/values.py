"""TimeML / ISO 8601 values: writing a date at a granularity, moving it by units, reading a value back."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

UNIT_GRAN = {"S": "second", "M": "month", "H": "hour", "D": "day", "W": "week", "WE": "weekend", "Q": "quarter",
             "Y": "year", "DE": "decade", "CE": "century"}
GRAN_ORDER = ["time", "day", "week", "weekend", "month", "quarter", "season", "half", "year", "decade", "century"]


def fmt(d: date, gran: str) -> str:
    """A date written at a granularity ("2023-09-06", "2023-09", "2023-W36", "2023-Q3", "202", ...)."""
    y, w, _ = d.isocalendar()
    written = {
        "month": f"{d.year:04d}-{d.month:02d}",
        "year": f"{d.year:04d}",
        "week": f"{y:04d}-W{w:02d}",
        "weekend": f"{y:04d}-W{w:02d}-WE",
        "quarter": f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}",
        "decade": f"{d.year // 10:03d}",
        "century": f"{d.year // 100:02d}",
    }
    return written.get(gran, d.isoformat())


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, min(d.day, 28))


_MONTHS_PER = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}


def shift(d: date, n: float, unit: str) -> date:
    """``d`` moved by ``n`` units (D, W, WE, M, Q, Y, DE, CE; others leave it)."""
    if unit == "D":
        return d + timedelta(days=round(n))
    if unit in ("W", "WE"):
        return d + timedelta(days=round(7 * n))
    if unit in _MONTHS_PER:
        return add_months(d, round(_MONTHS_PER[unit] * n))
    return d


def parse_value(value: Optional[str]) -> Optional[tuple[date, str]]:
    """A calendar value back to ``(first day, granularity)``; None for refs, durations, X-values."""
    if not value:
        return None
    v = value.split("/")[0]
    try:
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(T.*)?", v):
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        if m := re.fullmatch(r"(\d{4})-(\d\d)", v):
            return date(int(m[1]), int(m[2]), 1), "month"
        if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", v):
            return date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
        if m := re.fullmatch(r"(\d{4})-Q(\d)", v):
            return date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
        if m := re.fullmatch(r"(\d{4})(-(SP|SU|FA|WI|H\d))?", v):
            return date(int(m[1]), 1, 1), "year"
    except ValueError:
        return None
    return None


def coarser(a: str, b: str) -> str:
    """The coarser of two granularities (unknown ones count as a day)."""
    ia = GRAN_ORDER.index(a) if a in GRAN_ORDER else 1
    ib = GRAN_ORDER.index(b) if b in GRAN_ORDER else 1
    return GRAN_ORDER[max(ia, ib)]


def precision(value: Optional[str]) -> Optional[str]:
    """day | month | year of an ISO date ("2023-09-06" -> day), None if it is none."""
    m = re.match(r"\d{4}(-\d\d)?(-\d\d)?", (value or "").strip())
    return None if not m else "day" if m.group(2) else "month" if m.group(1) else "year"


_FRACTION_UNIT = {"Y": ("M", 12), "D": ("H", 24), "H": ("M", 60)}


def _fraction(n: float, unit: str) -> str:
    """"2 1/2 years" -> P2Y6M, "half a day" -> PT12H, "1.5 hours" -> PT1H30M."""
    whole = int(n)
    sub, per = _FRACTION_UNIT[unit]
    rest = round((n - whole) * per)
    if unit == "H":
        return f"PT{whole}H{rest}M" if whole else f"PT{rest}M"
    if unit == "D":
        return f"P{whole}DT{rest}H" if whole else f"PT{rest}H"
    return f"P{whole}Y{rest}M" if whole else f"P{rest}M"


def duration(n: Optional[float], unit: str) -> str:
    """An ISO 8601 duration: ``n`` units (None: an unknown amount, ``X``); decades and centuries in years."""
    scale = {"DE": ("Y", 10), "CE": ("Y", 100), "WE": ("D", 2)}
    if unit in scale:
        unit, k = scale[unit]
        n = n * k if n is not None else None
    if n is not None and n != int(n) and unit in _FRACTION_UNIT:
        return _fraction(n, unit)
    amount = "X" if n is None else str(int(n)) if n == int(n) else f"{n:g}"
    return f"PT{amount}{unit}" if unit in ("H", "S") else f"P{amount}{unit}"


def minutes_or(unit_word: str, n: Optional[float], unit: str) -> str:
    """A duration in minutes when the word says minute ("M" is a month otherwise)."""
    if unit_word.lower().rstrip("s") == "minute":
        return f"PT{'X' if n is None else (int(n) if n == int(n) else n)}M"
    return duration(n, unit)
